"""Short-lived download links: an HMAC of (file, variant, expiry) under a key derived from
SECRET_KEY, so any replica can check a link another made and nobody can forge or extend one.
S3 backends hand out their own presigned links instead (except for SVG, see access.py)."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from enum import StrEnum

from app.core.config import get_settings


class Variant(StrEnum):
    original = "original"
    thumbnail = "thumbnail"


def _key() -> bytes:
    return hmac.new(get_settings().secret_key.encode(), b"file-download-links", "sha256").digest()


def link_signature(file_id: uuid.UUID, variant: Variant, expires: int) -> str:
    message = f"{file_id}:{variant.value}:{expires}".encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


def signature_valid(file_id: uuid.UUID, variant: Variant, expires: int, signature: str) -> bool:
    return hmac.compare_digest(link_signature(file_id, variant, expires), signature)


def api_link(file_id: uuid.UUID, variant: Variant, expires: int) -> str:
    signature = link_signature(file_id, variant, expires)
    query = f"expires={expires}&signature={signature}"
    if variant is Variant.thumbnail:
        query += "&variant=thumbnail"
    return f"/v1/files/{file_id}/download?{query}"
