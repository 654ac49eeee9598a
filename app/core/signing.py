"""Signed values that any replica can check: HMAC-SHA256 under a key derived from SECRET_KEY
for one purpose, so a value signed for one use (a download link, an unsubscribe link, a page
key, a claim code) is never accepted for another."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac

from app.core.config import get_settings


def purpose_key(purpose: str) -> bytes:
    return hmac.new(get_settings().secret_key.encode(), purpose.encode(), hashlib.sha256).digest()


def signature(purpose: str, message: bytes, *, chars: int = 64) -> str:
    """The hex HMAC of `message` for `purpose`, cut to `chars` characters."""
    return hmac.new(purpose_key(purpose), message, hashlib.sha256).hexdigest()[:chars]


def signed_token(purpose: str, message: bytes, *, chars: int = 64) -> str:
    """`message` in URL-safe base64 (unpadded), a dot, and its signature."""
    encoded = base64.urlsafe_b64encode(message).decode().rstrip("=")
    return f"{encoded}.{signature(purpose, message, chars=chars)}"


def read_signed_token(purpose: str, token: str, *, chars: int = 64) -> bytes | None:
    """The message of a token `signed_token` made for `purpose`, or None if it was not."""
    encoded, _, given = token.partition(".")
    try:
        message = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
    except (binascii.Error, ValueError):
        return None
    if not hmac.compare_digest(signature(purpose, message, chars=chars), given):
        return None
    return message
