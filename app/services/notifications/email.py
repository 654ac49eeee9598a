"""Email deliveries: handed to the mail outbox (app/services/mail), which sends and retries;
their outcome is copied back so the user sees "not delivered" when mail gave up.

New-message emails are batched per conversation: at most one every
NOTIFICATION_MESSAGE_EMAIL_MINUTES. The batch row is locked while a worker decides, so two
workers cannot both send in one window; what arrives inside the window waits for its end
and goes out as one email counting every message.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.core import metrics
from app.core.config import get_settings
from app.models import (
    Notification,
    NotificationChannel,
    NotificationDelivery,
    NotificationDeliveryStatus,
    NotificationEmailBatch,
    NotificationKind,
    OutboundEmail,
    OutboundEmailStatus,
    User,
)
from app.services.mail import enqueue_email
from app.services.notifications.kinds import render_text
from app.services.notifications.schedule import DELIVERY_TRANSITIONS
from app.services.notifications.unsubscribe import unsubscribe_url

BATCH = 100
S = NotificationDeliveryStatus


async def hand_over_emails(session: AsyncSession, *, now: datetime) -> int:
    """Queue due email deliveries in the mail outbox (one transaction: no provider call)."""
    claimed = list(
        (
            await session.scalars(
                select(NotificationDelivery)
                .where(
                    NotificationDelivery.channel == NotificationChannel.email,
                    NotificationDelivery.status == S.queued,
                    NotificationDelivery.outbound_email_id.is_(None),
                    NotificationDelivery.next_attempt_at <= now,
                )
                .order_by(NotificationDelivery.next_attempt_at, NotificationDelivery.id)
                .limit(BATCH)
                .with_for_update(skip_locked=True)
            )
        ).all()
    )
    groups: dict[str, list[NotificationDelivery]] = defaultdict(list)
    for delivery in claimed:
        groups[delivery.batch_key or f"single:{delivery.id}"].append(delivery)
    # Batch rows are locked in key order, so two workers never wait on each other in a cycle.
    for key, deliveries in sorted(groups.items()):
        if key.startswith("single:"):
            await _send(session, deliveries, count=1)
        else:
            await _send_batched(session, key, deliveries, now)
    await session.flush()
    return len(claimed)


async def _send_batched(
    session: AsyncSession, key: str, deliveries: list[NotificationDelivery], now: datetime
) -> None:
    window = timedelta(minutes=get_settings().notification_message_email_minutes)
    await session.execute(
        insert(NotificationEmailBatch)
        .values(batch_key=key, user_id=deliveries[0].user_id, last_sent_at=None)
        .on_conflict_do_nothing(index_elements=["batch_key"])
    )
    # Waits for a worker deciding the same conversation; it then sees that worker's send.
    batch = await session.scalar(
        select(NotificationEmailBatch)
        .where(NotificationEmailBatch.batch_key == key)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert batch is not None
    if batch.last_sent_at is not None and now < batch.last_sent_at + window:
        for delivery in deliveries:
            delivery.next_attempt_at = batch.last_sent_at + window
        return
    # Messages whose deliveries another pass left waiting join this email too.
    waiting = (
        await session.scalars(
            select(NotificationDelivery)
            .where(
                NotificationDelivery.batch_key == key,
                NotificationDelivery.status == S.queued,
                NotificationDelivery.outbound_email_id.is_(None),
                NotificationDelivery.id.not_in([d.id for d in deliveries]),
            )
            .with_for_update(skip_locked=True)
        )
    ).all()
    everything = [*deliveries, *waiting]
    batch.last_sent_at = now
    await _send(session, everything, count=len(everything))


async def _send(
    session: AsyncSession, deliveries: list[NotificationDelivery], *, count: int
) -> None:
    """One email for these deliveries (of one user), written from the newest of them."""
    newest = max(deliveries, key=lambda d: d.id)
    notification = await session.get_one(Notification, newest.notification_id)
    user = await session.get_one(User, newest.user_id)
    kind = NotificationKind(notification.kind)
    params = {**notification.params, "count": count}
    text = render_text(kind, user.locale.value, params)
    link = unsubscribe_url(user.id, kind)
    dedupe_key = f"notification:{newest.id}"
    await enqueue_email(
        session,
        to_user=user,
        template="notification",
        context={
            "name": user.full_name,
            "title": text.title,
            "body": text.body,
            "unsubscribe_url": link,
        },
        dedupe_key=dedupe_key,
        unsubscribe_url=link,
    )
    email_id = await session.scalar(
        select(OutboundEmail.id).where(OutboundEmail.dedupe_key == dedupe_key)
    )
    for delivery in deliveries:
        delivery.outbound_email_id = email_id
        delivery.attempts += 1


async def record_email_outcomes(session: AsyncSession) -> int:
    """Copy the mail outbox's final outcome onto the deliveries it carried."""
    changed = 0
    for target, mail_status, error in (
        (S.sent, OutboundEmailStatus.sent, None),
        (S.failed, OutboundEmailStatus.failed, "smtp_failed"),
    ):
        # UPDATE ... FROM outbound_emails: one statement per outcome, whatever the backlog.
        updated = await session.scalars(
            update(NotificationDelivery)
            .where(
                NotificationDelivery.channel == NotificationChannel.email,
                NotificationDelivery.status.in_(DELIVERY_TRANSITIONS.sources(target)),
                NotificationDelivery.outbound_email_id == OutboundEmail.id,
                OutboundEmail.status == mail_status,
            )
            .values(status=target, last_error=error, sent_at=OutboundEmail.sent_at)
            .returning(NotificationDelivery.id)
            .execution_options(synchronize_session=False)
        )
        count = len(updated.all())
        if count:
            metrics.NOTIFICATIONS_SENT.labels("email", target.value).inc(count)
        changed += count
    return changed
