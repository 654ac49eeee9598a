"""Rupiah amounts for display, in PUEBI style ("Rp1.500.000")."""

from __future__ import annotations

from lokal import format_rupiah as _lokal_format_rupiah


def format_rupiah(amount_idr: int) -> str:
    """Whole rupiah with dot thousands and no space after "Rp": 1500000 -> "Rp1.500.000"."""
    formatted: str = _lokal_format_rupiah(amount_idr)
    return formatted
