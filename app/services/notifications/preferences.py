"""What each user wants to hear about, on which channel.

Defaults (no row): every kind in-app and by email; WhatsApp for money and deadline kinds when
the account has a phone number. In-app is the record of what happened and is always on. A
row stores only a choice the user made.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from app.core.errors import Unprocessable
from app.core.principal import Principal
from app.models import NotificationChannel, NotificationKind, NotificationPreference, User
from app.models.base import new_id
from app.reference.phone import normalize_indonesian_phone
from app.schemas.notifications import (
    ChannelAvailability,
    NotificationPreferences,
    NotificationPreferencesUpdate,
)
from app.schemas.notifications import NotificationPreference as PreferenceItem
from app.services.notifications.kinds import KINDS

CHANNEL_OFF = "channel_off"
NO_PHONE = "no_phone"
PREFERENCE_OFF = "preference_off"


class InAppAlwaysOn(Unprocessable):
    code, title = "notification_in_app_always_on", "In-app notifications cannot be turned off"


@dataclass(frozen=True)
class Reach:
    """Where a user can be reached, and why not where they cannot."""

    whatsapp_number: str | None
    whatsapp_reason: str | None


def reach_of(user: User) -> Reach:
    if not get_settings().whatsapp_enabled:
        return Reach(None, CHANNEL_OFF)
    # No phone verification exists yet: a stored number that parses as Indonesian is used.
    number = normalize_indonesian_phone(user.phone) if user.phone else None
    if number is None:
        return Reach(None, NO_PHONE)
    return Reach(number.removeprefix("+"), None)


def default_enabled(kind: NotificationKind, channel: NotificationChannel) -> bool:
    if channel is NotificationChannel.whatsapp:
        return KINDS[kind].urgent
    return True


async def choices(session: AsyncSession, user_id: uuid.UUID) -> dict[tuple[str, str], bool]:
    rows = await session.execute(
        select(
            NotificationPreference.kind,
            NotificationPreference.channel,
            NotificationPreference.enabled,
        ).where(NotificationPreference.user_id == user_id)
    )
    return {(kind, channel.value): enabled for kind, channel, enabled in rows.all()}


def is_enabled(
    chosen: dict[tuple[str, str], bool], kind: NotificationKind, channel: NotificationChannel
) -> bool:
    return chosen.get((kind.value, channel.value), default_enabled(kind, channel))


async def get_preferences(session: AsyncSession, principal: Principal) -> NotificationPreferences:
    """Every kind x channel with the caller's choice or the default, and which channels can
    reach them."""
    user = await session.get_one(User, principal.id)
    return await _read(session, user)


async def update_preferences(
    session: AsyncSession, principal: Principal, data: NotificationPreferencesUpdate
) -> NotificationPreferences:
    """Store the caller's choices (others keep theirs); in-app cannot be turned off."""
    for item in data.preferences:
        if item.channel is NotificationChannel.in_app and not item.enabled:
            raise InAppAlwaysOn(kind=item.kind.value)
    for item in data.preferences:
        await set_preference(session, principal.id, item.kind, item.channel, enabled=item.enabled)
    user = await session.get_one(User, principal.id)
    return await _read(session, user)


async def set_preference(
    session: AsyncSession,
    user_id: uuid.UUID,
    kind: NotificationKind,
    channel: NotificationChannel,
    *,
    enabled: bool,
) -> None:
    statement = insert(NotificationPreference).values(
        id=new_id(), user_id=user_id, kind=kind.value, channel=channel, enabled=enabled
    )
    await session.execute(
        statement.on_conflict_do_update(
            constraint="uq_notification_preferences_user_kind_channel",
            set_={"enabled": statement.excluded.enabled, "updated_at": func.now()},
        )
    )


async def _read(session: AsyncSession, user: User) -> NotificationPreferences:
    chosen = await choices(session, user.id)
    reach = reach_of(user)
    channels = [
        ChannelAvailability(channel=NotificationChannel.in_app, available=True, reason=None),
        ChannelAvailability(channel=NotificationChannel.email, available=True, reason=None),
        ChannelAvailability(
            channel=NotificationChannel.whatsapp,
            available=reach.whatsapp_reason is None,
            reason=reach.whatsapp_reason,
        ),
    ]
    items = [
        PreferenceItem(kind=kind, channel=channel, enabled=is_enabled(chosen, kind, channel))
        for kind in NotificationKind
        for channel in NotificationChannel
    ]
    return NotificationPreferences(channels=channels, preferences=items)
