"""Short-lived download links: an HMAC of (file, variant, expiry) under a key derived from
SECRET_KEY, so any replica can check a link another made and nobody can forge or extend one.
S3 backends hand out their own presigned links instead (except for SVG, see access.py)."""

from __future__ import annotations

import hmac
import uuid
from enum import StrEnum

from app.core.signing import signature


class Variant(StrEnum):
    original = "original"
    thumbnail = "thumbnail"


def link_signature(file_id: uuid.UUID, variant: Variant, expires: int) -> str:
    return signature("file-download-links", f"{file_id}:{variant.value}:{expires}".encode())


def signature_valid(file_id: uuid.UUID, variant: Variant, expires: int, signature: str) -> bool:
    return hmac.compare_digest(link_signature(file_id, variant, expires), signature)


def api_link(file_id: uuid.UUID, variant: Variant, expires: int) -> str:
    signature = link_signature(file_id, variant, expires)
    query = f"expires={expires}&signature={signature}"
    if variant is Variant.thumbnail:
        query += "&variant=thumbnail"
    return f"/v1/files/{file_id}/download?{query}"
