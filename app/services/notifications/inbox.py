"""A user's notifications: the list with each channel's delivery status, and marking read."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import NotFound
from app.core.pagination import Page, PageParams, apply_keyset, paginate
from app.core.principal import Principal
from app.models import (
    Notification,
    NotificationChannel,
    NotificationDelivery,
    NotificationDeliveryStatus,
    NotificationKind,
    User,
)
from app.schemas.notifications import (
    NotificationDeliveryRead,
    NotificationRead,
    NotificationsMarked,
    NotificationsMarkRead,
)
from app.services.notifications.kinds import render_text


class NotificationNotFound(NotFound):
    code, title = "notification_not_found", "Notification not found"


def delivery_read(delivery: NotificationDelivery) -> NotificationDeliveryRead:
    return NotificationDeliveryRead(
        channel=delivery.channel,
        status=delivery.status,
        delivered=delivery.status is NotificationDeliveryStatus.sent,
        reason=delivery.reason or delivery.last_error,
    )


# In-app delivery is the notification row itself: there when the notification is.
IN_APP = NotificationDeliveryRead(
    channel=NotificationChannel.in_app,
    status=NotificationDeliveryStatus.sent,
    delivered=True,
    reason=None,
)


def notification_read(
    notification: Notification, locale: str, deliveries: Sequence[NotificationDelivery]
) -> NotificationRead:
    kind = NotificationKind(notification.kind)
    text = render_text(kind, locale, notification.params)
    return NotificationRead(
        id=notification.id,
        kind=kind,
        title=text.title,
        body=text.body,
        params=notification.params,
        read_at=notification.read_at,
        created_at=notification.created_at,
        deliveries=[
            IN_APP,
            *sorted((delivery_read(d) for d in deliveries), key=lambda d: d.channel),
        ],
    )


async def _deliveries(
    session: AsyncSession, notification_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[NotificationDelivery]]:
    found: dict[uuid.UUID, list[NotificationDelivery]] = defaultdict(list)
    if notification_ids:
        rows = await session.scalars(
            select(NotificationDelivery).where(
                NotificationDelivery.notification_id.in_(notification_ids)
            )
        )
        for delivery in rows.all():
            found[delivery.notification_id].append(delivery)
    return found


async def list_notifications(
    session: AsyncSession, principal: Principal, *, unread_only: bool, page: PageParams
) -> Page[NotificationRead]:
    """The caller's notifications, newest first, each with its delivery on every channel."""
    statement = select(Notification).where(Notification.user_id == principal.id)
    if unread_only:
        statement = statement.where(Notification.read_at.is_(None))
    statement = apply_keyset(statement, [Notification.id.expression], page)
    rows = list((await session.scalars(statement)).all())
    locale = (await session.get_one(User, principal.id)).locale.value
    deliveries = await _deliveries(session, [n.id for n in rows])
    return paginate(
        rows,
        page.limit,
        key=lambda n: [str(n.id)],
        read=lambda n: notification_read(n, locale, deliveries[n.id]),
    )


async def read_one(
    session: AsyncSession, user_id: uuid.UUID, notification_id: uuid.UUID
) -> NotificationRead | None:
    """One notification as its owner sees it (the live stream), or None for anyone else."""
    notification = await session.get(Notification, notification_id)
    if notification is None or notification.user_id != user_id:
        return None
    locale = (await session.get_one(User, user_id)).locale.value
    deliveries = await _deliveries(session, [notification.id])
    return notification_read(notification, locale, deliveries[notification.id])


async def mark_read(
    session: AsyncSession, principal: Principal, data: NotificationsMarkRead
) -> NotificationsMarked:
    """Mark the caller's notifications read: every one up to an id, or the listed ids. An id
    that is not the caller's is a 404, and nothing is marked."""
    wanted = [data.up_to_notification_id] if data.up_to_notification_id else list(data.ids or [])
    owned = set(
        (
            await session.scalars(
                select(Notification.id).where(
                    Notification.id.in_(wanted), Notification.user_id == principal.id
                )
            )
        ).all()
    )
    if owned != set(wanted):
        raise NotificationNotFound()
    mine = Notification.user_id == principal.id
    unread = Notification.read_at.is_(None)
    which = (
        Notification.id <= data.up_to_notification_id
        if data.up_to_notification_id
        else Notification.id.in_(wanted)
    )
    marked = await session.scalars(
        update(Notification)
        .where(mine, unread, which)
        .values(read_at=datetime.now(UTC))
        .returning(Notification.id)
    )
    count = len(marked.all())
    left = await session.scalar(select(func.count()).select_from(Notification).where(mine, unread))
    return NotificationsMarked(marked=count, unread=left or 0)
