"""A QR payload as a PNG data URL, for clients that cannot draw QR codes themselves."""

from __future__ import annotations

import segno


def qr_png_data_url(payload: str) -> str:
    """`data:image/png;base64,...` of the payload: error correction M, 6 px modules."""
    return str(segno.make(payload, error="m", micro=False).png_data_uri(scale=6, border=4))
