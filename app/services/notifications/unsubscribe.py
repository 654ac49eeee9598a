"""One-click unsubscribe: a signed link in every notification email turns that kind's email
off without signing in (RFC 8058 one-click POST too).

The token names the user and the kind and is signed with a key derived from SECRET_KEY; it
does not expire (an old email's link must still work) and does nothing but switch one
preference off, so a leaked link can do no more than that.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import uuid
from urllib.parse import quote

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from app.core.errors import BadRequest
from app.models import NotificationChannel, NotificationKind, User
from app.schemas.notifications import Unsubscribed
from app.services.notifications.preferences import set_preference


class UnsubscribeTokenInvalid(BadRequest):
    code, title = "unsubscribe_token_invalid", "This unsubscribe link is not valid"


def _key() -> bytes:
    secret = get_settings().secret_key.encode()
    return hmac.new(secret, b"notification-unsubscribe", hashlib.sha256).digest()


def _signature(message: bytes) -> str:
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()[:40]


def unsubscribe_token(user_id: uuid.UUID, kind: NotificationKind) -> str:
    message = f"{user_id}:{kind.value}".encode()
    encoded = base64.urlsafe_b64encode(message).decode().rstrip("=")
    return f"{encoded}.{_signature(message)}"


def unsubscribe_url(user_id: uuid.UUID, kind: NotificationKind) -> str:
    base = get_settings().public_base_url.rstrip("/")
    token = quote(unsubscribe_token(user_id, kind))
    return f"{base}/v1/notifications/unsubscribe?token={token}"


def _read_token(token: str) -> tuple[uuid.UUID, NotificationKind]:
    encoded, _, signature = token.partition(".")
    try:
        message = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        if not hmac.compare_digest(_signature(message), signature):
            raise ValueError("bad signature")
        user_part, _, kind_part = message.decode().partition(":")
        return uuid.UUID(user_part), NotificationKind(kind_part)
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise UnsubscribeTokenInvalid() from exc


async def unsubscribe(session: AsyncSession, token: str) -> Unsubscribed:
    """Turn off email for the token's kind, for the token's user."""
    user_id, kind = _read_token(token)
    user = await session.get(User, user_id)
    if user is None or user.erased_at is not None:
        raise UnsubscribeTokenInvalid()
    await set_preference(session, user_id, kind, NotificationChannel.email, enabled=False)
    return Unsubscribed(kind=kind, channel=NotificationChannel.email, enabled=False)
