"""From the outbox to notifications: for each event, the users who must know get an in-app
notification and, by their preferences, an email and a WhatsApp delivery to be sent.

Exactly once: one worker at a time holds the position row (`FOR UPDATE SKIP LOCKED`), and
the unique (event, user) notification and (event, user, channel) delivery make a repeated
pass (a crash before the position moved) insert nothing.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import literal, select, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.event_types import EventType
from app.models import (
    Event,
    Notification,
    NotificationChannel,
    NotificationDelivery,
    NotificationDeliveryStatus,
    NotificationEventPosition,
    NotificationKind,
    User,
)
from app.models.base import new_id
from app.services.notifications.kinds import EVENT_KINDS
from app.services.notifications.preferences import (
    PREFERENCE_OFF,
    choices,
    is_enabled,
    reach_of,
)
from app.services.notifications.recipients import parties_of, recipients
from app.services.notifications.schedule import outside_quiet_hours, utc_now
from app.services.partners.feed import settled
from app.services.stream.announce import StreamItemKind, announce

BATCH = 200
_TYPES = [t.value for t in EVENT_KINDS]


async def fan_out_notifications(session: AsyncSession, *, now: datetime | None = None) -> int:
    """Worker task: one batch of new outbox events turned into notifications and deliveries."""
    now = now or utc_now()
    await session.execute(
        insert(NotificationEventPosition)
        .values(id=1, tx_id=0, cursor=0)
        .on_conflict_do_nothing(index_elements=["id"])
    )
    position = await session.scalar(
        select(NotificationEventPosition)
        .where(NotificationEventPosition.id == 1)
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    )
    if position is None:  # another worker holds it
        return 0
    events = (
        await session.scalars(
            select(Event)
            .where(
                settled(),
                tuple_(Event.tx_id, Event.cursor)
                > tuple_(literal(position.tx_id), literal(position.cursor)),
            )
            .order_by(Event.tx_id, Event.cursor)
            .limit(BATCH)
        )
    ).all()
    if not events:
        return 0
    for event in events:
        if event.type in _TYPES:
            await notify_event(session, event, now=now)
    position.tx_id, position.cursor = events[-1].tx_id, events[-1].cursor
    await session.flush()
    return len(events)


async def notify_event(session: AsyncSession, event: Event, *, now: datetime) -> int:
    """Notify everyone the event's kind names; returns how many notifications were new."""
    kind, rule = EVENT_KINDS[EventType(event.type)]
    parties = await parties_of(session, event)
    if parties is None:  # the subject is gone (a cascade): nothing to tell
        return 0
    created = 0
    for user_id in recipients(event, rule, parties):
        user = await session.get(User, user_id)
        if user is None or not user.is_active or user.erased_at is not None:
            continue
        notification_id = await session.scalar(
            insert(Notification)
            .values(
                id=new_id(),
                user_id=user_id,
                kind=kind.value,
                event_id=event.id,
                params=parties.params,
            )
            .on_conflict_do_nothing(constraint="uq_notifications_event_id_user_id")
            .returning(Notification.id)
        )
        if notification_id is None:
            continue
        created += 1
        await _plan_deliveries(session, event, user, kind, notification_id, parties.params, now)
        await announce(session, StreamItemKind.notification, notification_id, [user_id])
    return created


async def _plan_deliveries(
    session: AsyncSession,
    event: Event,
    user: User,
    kind: NotificationKind,
    notification_id: uuid.UUID,
    params: dict[str, object],
    now: datetime,
) -> None:
    chosen = await choices(session, user.id)
    reach = reach_of(user)
    rows: list[dict[str, object]] = []
    for channel in (NotificationChannel.email, NotificationChannel.whatsapp):
        reason: str | None = None
        due = now
        if channel is NotificationChannel.whatsapp:
            reason = reach.whatsapp_reason
            due = outside_quiet_hours(now)
        if reason is None and not is_enabled(chosen, kind, channel):
            reason = PREFERENCE_OFF
        batch_key = None
        if channel is NotificationChannel.email and kind is NotificationKind.message_received:
            batch_key = f"conversation:{params.get('conversation_id')}:{user.id}"
        rows.append(
            {
                "id": new_id(),
                "notification_id": notification_id,
                "event_id": event.id,
                "user_id": user.id,
                "channel": channel,
                "status": NotificationDeliveryStatus.suppressed
                if reason
                else NotificationDeliveryStatus.queued,
                "reason": reason,
                "attempts": 0,
                "next_attempt_at": due,
                "batch_key": batch_key,
            }
        )
    await session.execute(
        insert(NotificationDelivery)
        .values(rows)
        .on_conflict_do_nothing(constraint="uq_notification_deliveries_event_user_channel")
    )
