"""WhatsApp deliveries through Meta's WhatsApp Business Cloud API (approved templates only:
a business may not start a conversation with free text).

Named atomic phases, as every provider call here:
1. claim due deliveries with `FOR UPDATE SKIP LOCKED`, take a lease, count the attempt, commit;
2. POST each template message with no transaction open;
3. record the outcome: `sent` with Meta's message id, a retry with backoff (outside quiet
   hours), or `failed` for an error retrying cannot fix or after MAX_ATTEMPTS.
A worker dying between 2 and 3 leaves the lease to expire and the message is sent again: at
most once more, never by two workers at once.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core import metrics
from app.core.config import Settings, get_settings
from app.models import (
    Notification,
    NotificationChannel,
    NotificationDelivery,
    NotificationDeliveryStatus,
    NotificationKind,
    User,
)
from app.services.notifications.kinds import KINDS, display_values
from app.services.notifications.preferences import reach_of
from app.services.notifications.schedule import (
    DELIVERY_TRANSITIONS,
    MAX_ATTEMPTS,
    outside_quiet_hours,
    retry_at,
)

logger = logging.getLogger("app.notifications")

BATCH = 50
CONCURRENT_SENDS = 5
LEASE = timedelta(minutes=2)
S = NotificationDeliveryStatus
# Meta error codes that a retry cannot fix: bad parameters, a template that does not exist
# or does not match, a number that is not on WhatsApp or not allowed.
PERMANENT_ERRORS = frozenset(
    {100, 131008, 131009, 131021, 131026, 131030, 131051, 132000, 132001, 132005, 132007, 132012}
)


@dataclass(frozen=True)
class TemplateMessage:
    delivery_id: uuid.UUID
    to: str
    template: str
    language: str
    parameters: list[str]


@dataclass(frozen=True)
class SendOutcome:
    message_id: str | None = None
    error: str | None = None
    permanent: bool = False


def message_body(message: TemplateMessage) -> dict[str, object]:
    return {
        "messaging_product": "whatsapp",
        "to": message.to,
        "type": "template",
        "template": {
            "name": message.template,
            "language": {"code": message.language},
            "components": [
                {
                    "type": "body",
                    "parameters": [{"type": "text", "text": p} for p in message.parameters],
                }
            ],
        },
    }


async def post_template(
    client: httpx.AsyncClient, settings: Settings, message: TemplateMessage
) -> SendOutcome:
    """One template message; the outcome carries an error code, never the number or text."""
    url = f"{settings.whatsapp_api_base.rstrip('/')}/{settings.whatsapp_phone_number_id}/messages"
    try:
        response = await client.post(
            url,
            json=message_body(message),
            headers={"Authorization": f"Bearer {settings.whatsapp_access_token}"},
        )
    except httpx.HTTPError as error:
        return SendOutcome(error=f"network_{type(error).__name__}"[:64])
    try:
        document = response.json()
    except ValueError:
        document = {}
    if response.is_success and isinstance(document, dict):
        messages = document.get("messages") or [{}]
        return SendOutcome(message_id=str(messages[0].get("id") or "")[:128] or None)
    problem = document.get("error") if isinstance(document, dict) else None
    code = problem.get("code") if isinstance(problem, dict) else None
    if isinstance(code, int):
        return SendOutcome(error=f"whatsapp_{code}", permanent=code in PERMANENT_ERRORS)
    return SendOutcome(error=f"http_{response.status_code}", permanent=False)


async def send_whatsapp(session: AsyncSession, *, now: datetime) -> int:
    """Claim, send and record one batch of due WhatsApp deliveries."""
    settings = get_settings()
    claimed = list(
        (
            await session.scalars(
                select(NotificationDelivery)
                .where(
                    NotificationDelivery.channel == NotificationChannel.whatsapp,
                    NotificationDelivery.status == S.queued,
                    NotificationDelivery.next_attempt_at <= now,
                )
                .order_by(NotificationDelivery.next_attempt_at, NotificationDelivery.id)
                .limit(BATCH)
                .with_for_update(skip_locked=True)
            )
        ).all()
    )
    if not claimed:
        return 0
    messages: list[TemplateMessage] = []
    for delivery in claimed:
        quiet_until = outside_quiet_hours(now)
        if quiet_until != now:  # due before the quiet hours, picked up inside them
            delivery.next_attempt_at = quiet_until
            continue
        message = await _message_for(session, delivery, settings)
        if message is None:
            continue
        delivery.attempts += 1
        delivery.next_attempt_at = now + LEASE
        messages.append(message)
    await session.commit()
    if not messages:
        return len(claimed)

    limit = asyncio.Semaphore(CONCURRENT_SENDS)
    async with httpx.AsyncClient(timeout=settings.whatsapp_timeout_seconds) as client:

        async def send(message: TemplateMessage) -> SendOutcome:
            async with limit:
                return await post_template(client, settings, message)

        outcomes = await asyncio.gather(*(send(m) for m in messages))
    for message, outcome in zip(messages, outcomes, strict=True):
        delivery = await session.get_one(
            NotificationDelivery, message.delivery_id, populate_existing=True
        )
        _record(delivery, outcome, now)
    await session.flush()
    return len(claimed)


async def _message_for(
    session: AsyncSession, delivery: NotificationDelivery, settings: Settings
) -> TemplateMessage | None:
    """The template message for a delivery, or None after marking it failed (the channel was
    switched off or the number removed since it was queued)."""
    user = await session.get_one(User, delivery.user_id)
    reach = reach_of(user)
    if reach.whatsapp_number is None:
        _give_up(delivery, reach.whatsapp_reason or "no_phone")
        return None
    notification = await session.get_one(Notification, delivery.notification_id)
    info = KINDS[NotificationKind(notification.kind)]
    values = display_values(notification.params)
    return TemplateMessage(
        delivery_id=delivery.id,
        to=reach.whatsapp_number,
        template=info.whatsapp_template,
        language=user.locale.value,
        parameters=[values[name][:200] for name in info.whatsapp_params],
    )


def _record(delivery: NotificationDelivery, outcome: SendOutcome, now: datetime) -> None:
    if delivery.status is not S.queued:
        return
    if outcome.error is None:
        DELIVERY_TRANSITIONS.ensure(delivery.status, S.sent, action="send")
        delivery.status, delivery.sent_at = S.sent, now
        delivery.provider_message_id, delivery.last_error = outcome.message_id, None
        metrics.NOTIFICATIONS_SENT.labels("whatsapp", "sent").inc()
        return
    delivery.last_error = outcome.error
    if outcome.permanent or delivery.attempts >= MAX_ATTEMPTS:
        _give_up(delivery, outcome.error)
        logger.warning(
            "whatsapp delivery given up",
            extra={"error": outcome.error, "attempts": delivery.attempts},
        )
    else:
        delivery.next_attempt_at = retry_at(now, delivery.attempts)


def _give_up(delivery: NotificationDelivery, error: str) -> None:
    DELIVERY_TRANSITIONS.ensure(delivery.status, S.failed, action="give up on")
    delivery.status, delivery.last_error = S.failed, error
    metrics.NOTIFICATIONS_SENT.labels("whatsapp", "failed").inc()
