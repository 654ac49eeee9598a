"""Indonesian phone numbers, normalised by ``lokal``'s parser."""

from __future__ import annotations

from lokal import normalize_phone


def normalize_indonesian_phone(raw: str) -> str | None:
    """E.164 form ("+6281234567890") of an Indonesian mobile or landline number, or None."""
    e164: str | None = normalize_phone(raw)
    return e164
