"""Signed links to a hub's impact page in the hub staff view.

The page is public and shows the public view; the hub's own staff may open the staff view
(counts and GMV exact, README "Impact reports") in a browser, where no bearer token is sent, by
asking for a link. The key in it is an HMAC, under a key derived from SECRET_KEY, of the hub,
the staff member who asked and the expiry (one hour), so any replica can check it, nobody can
forge or extend one, and a link stops working as soon as its asker is no longer staff.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from app.core.principal import Principal
from app.core.signing import read_signed_token, signed_token
from app.models import Hub, User
from app.schemas.impact import ImpactPageLink
from app.services.hubs.access import require_hub_staff, speaks_for_hub

PAGE_LINK_LIFETIME = timedelta(hours=1)


PURPOSE = "hub-impact-page-links"


def page_key(hub_id: uuid.UUID, user_id: uuid.UUID, expires: int) -> str:
    return signed_token(PURPOSE, f"{hub_id}:{user_id}:{expires}".encode())


def _read_key(key: str) -> tuple[uuid.UUID, uuid.UUID, int] | None:
    message = read_signed_token(PURPOSE, key)
    if message is None:
        return None
    try:
        hub_part, user_part, expires_part = message.decode().split(":")
        return uuid.UUID(hub_part), uuid.UUID(user_part), int(expires_part)
    except (ValueError, UnicodeDecodeError):
        return None


async def create_page_link(
    session: AsyncSession, principal: Principal, hub_id: uuid.UUID
) -> ImpactPageLink:
    """A one-hour link to the hub's impact page in the staff view, for its staff and admins."""
    hub = await require_hub_staff(session, principal, hub_id)
    expires_at = datetime.now(UTC).replace(microsecond=0) + PAGE_LINK_LIFETIME
    key = page_key(hub.id, principal.id, int(expires_at.timestamp()))
    base = get_settings().public_base_url.rstrip("/")
    return ImpactPageLink(
        url=f"{base}/hubs/{quote(hub.slug)}/impact?key={quote(key)}", expires_at=expires_at
    )


async def opens_staff_view(session: AsyncSession, hub: Hub, key: str) -> bool:
    """Whether `key` is a valid, unexpired link to this hub's page whose asker is still its
    active staff (or an administrator)."""
    found = _read_key(key)
    if found is None:
        return False
    hub_id, user_id, expires = found
    if hub_id != hub.id or expires <= int(datetime.now(UTC).timestamp()):
        return False
    user = await session.get(User, user_id)
    return user is not None and user.is_active and await speaks_for_hub(session, user, hub.id)
