"""One-click unsubscribe: a signed link in every notification email turns that kind's email
off without signing in (RFC 8058 one-click POST too).

The token names the user and the kind and is signed with a key derived from SECRET_KEY; it
does not expire (an old email's link must still work) and does nothing but switch one
preference off, so a leaked link can do no more than that.
"""

from __future__ import annotations

import uuid
from urllib.parse import quote

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from app.core.errors import BadRequest
from app.core.signing import read_signed_token, signed_token
from app.models import NotificationChannel, NotificationKind, User
from app.schemas.notifications import Unsubscribed
from app.services.notifications.preferences import set_preference


class UnsubscribeTokenInvalid(BadRequest):
    code, title = "unsubscribe_token_invalid", "This unsubscribe link is not valid"


PURPOSE = "notification-unsubscribe"
SIGNATURE_CHARS = 40  # the link is in every email; 160 bits is plenty


def unsubscribe_token(user_id: uuid.UUID, kind: NotificationKind) -> str:
    message = f"{user_id}:{kind.value}".encode()
    return signed_token(PURPOSE, message, chars=SIGNATURE_CHARS)


def unsubscribe_url(user_id: uuid.UUID, kind: NotificationKind) -> str:
    base = get_settings().public_base_url.rstrip("/")
    token = quote(unsubscribe_token(user_id, kind))
    return f"{base}/v1/notifications/unsubscribe?token={token}"


def _read_token(token: str) -> tuple[uuid.UUID, NotificationKind]:
    message = read_signed_token(PURPOSE, token, chars=SIGNATURE_CHARS)
    if message is None:
        raise UnsubscribeTokenInvalid()
    try:
        user_part, _, kind_part = message.decode().partition(":")
        return uuid.UUID(user_part), NotificationKind(kind_part)
    except (ValueError, UnicodeDecodeError) as exc:
        raise UnsubscribeTokenInvalid() from exc


async def unsubscribe(session: AsyncSession, token: str) -> Unsubscribed:
    """Turn off email for the token's kind, for the token's user."""
    user_id, kind = _read_token(token)
    user = await session.get(User, user_id)
    if user is None or user.erased_at is not None:
        raise UnsubscribeTokenInvalid()
    await set_preference(session, user_id, kind, NotificationChannel.email, enabled=False)
    return Unsubscribed(kind=kind, channel=NotificationChannel.email, enabled=False)
