"""What a file is, from its first bytes (the name and the client's Content-Type are ignored)."""

from __future__ import annotations

import re

JPEG = "image/jpeg"
PNG = "image/png"
WEBP = "image/webp"
GIF = "image/gif"
PDF = "application/pdf"
POSTSCRIPT = "application/postscript"  # EPS and Illustrator files before CS (PDF-based since)
PSD = "image/vnd.adobe.photoshop"
SVG = "image/svg+xml"
ZIP = "application/zip"

RASTER_IMAGES = frozenset({JPEG, PNG, WEBP, GIF})

EXTENSIONS = {
    JPEG: ".jpg",
    PNG: ".png",
    WEBP: ".webp",
    GIF: ".gif",
    PDF: ".pdf",
    POSTSCRIPT: ".eps",
    PSD: ".psd",
    SVG: ".svg",
    ZIP: ".zip",
}
# Names that may stay on a file of this type (an Illustrator file is a PDF inside).
KEPT_EXTENSIONS = {
    PDF: {".pdf", ".ai"},
    POSTSCRIPT: {".eps", ".ai", ".ps"},
    JPEG: {".jpg", ".jpeg"},
}

_SVG_ROOT = re.compile(rb"^(?:\s|<\?xml[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*<svg[\s>]", re.S | re.I)

SNIFF_BYTES = 4096


def detect_type(head: bytes) -> str | None:
    """The media type of a file starting with `head` (its first SNIFF_BYTES), or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"%!PS-Adobe"):
        return POSTSCRIPT
    if head.startswith(b"8BPS"):
        return PSD
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return ZIP
    text = head.removeprefix(b"\xef\xbb\xbf")
    if _SVG_ROOT.match(text):
        return SVG
    return None
