"""Provider events: verified and stored once on arrival, processed by the worker.

The webhook endpoint only verifies the signature on the raw body and inserts the event with
`ON CONFLICT (source, external_id) DO NOTHING`, so a redelivered event is stored once and
the provider gets its 2xx fast. `process_external_events` (a worker task) claims unhandled
events with `FOR UPDATE SKIP LOCKED` and applies each in a savepoint; every handler checks
the current state first, so an event seen twice or out of order changes nothing it should
not. A failing event is retried with backoff and never blocks the others.
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.backoff import retry_delay
from app.models import ExternalEvent, PaymentProvider
from app.models.base import new_id
from app.schemas.payments import WebhookAck
from app.services.escrow.chargebacks import close_chargeback, open_chargeback
from app.services.escrow.funding import (
    record_payment_expired,
    record_payment_failed,
    record_payment_succeeded,
)
from app.services.escrow.payout_accounts import record_account_updated
from app.services.escrow.payouts import (
    payout_by_transfer,
    record_payout_failed,
    record_payout_paid,
    record_payout_reversed,
)
from app.services.escrow.provider_fees import record_provider_fee
from app.services.escrow.refunds import record_refund_failed, record_refunds_settled
from app.services.payments.gateway import (
    AccountUpdated,
    ChargebackClosed,
    ChargebackOpened,
    PaymentExpired,
    PaymentFailed,
    PaymentSucceeded,
    ProviderFeeReported,
    RefundFailed,
    RefundsSettled,
    TransferCreated,
    TransferFailed,
    TransferReversed,
    VerifiedWebhook,
    payment_gateway,
)

logger = logging.getLogger("app.payments")

BATCH = 50
# A failing event is applied again after 30 s, 1 min, 2 min ... at most 6 h apart.
FIRST_RETRY, LONGEST_RETRY = timedelta(seconds=30), timedelta(hours=6)


async def receive_stripe_webhook(
    session: AsyncSession, *, payload: bytes, signature: str | None
) -> WebhookAck:
    """Verify and store a Stripe event once (a repeat is acknowledged as a duplicate).
    Unsigned or stale payloads raise InvalidWebhookSignature and are stored nowhere."""
    verified = payment_gateway(PaymentProvider.stripe).verify_webhook(payload, signature)
    stored = await store_external_event(session, PaymentProvider.stripe, verified)
    return WebhookAck(received=True, duplicate=stored is None)


async def receive_xendit_webhook(
    session: AsyncSession, *, payload: bytes, callback_token: str | None
) -> WebhookAck:
    """Verify Xendit's `x-callback-token` and store the callback once; True when it is new.
    A wrong or missing token raises InvalidWebhookSignature and stores nothing."""
    verified = payment_gateway(PaymentProvider.xendit).verify_webhook(payload, callback_token)
    stored = await store_external_event(session, PaymentProvider.xendit, verified)
    return WebhookAck(received=True, duplicate=stored is None)


async def store_external_event(
    session: AsyncSession, source: PaymentProvider, verified: VerifiedWebhook
) -> uuid.UUID | None:
    """Insert the event once; None when it was already stored."""
    stored: uuid.UUID | None = await session.scalar(
        insert(ExternalEvent)
        .values(
            id=new_id(),
            source=source.value,
            external_id=verified.event_id,
            type=verified.type,
            payload=verified.payload,
            attempts=0,
        )
        .on_conflict_do_nothing(constraint="uq_external_events_source_external_id")
        .returning(ExternalEvent.id)
    )
    return stored


async def handle_external_event(session: AsyncSession, event: ExternalEvent) -> None:
    """Apply one stored event (idempotently) to payments, refunds, disputes and payouts."""
    meaning = payment_gateway(PaymentProvider(event.source)).interpret(event.type, event.payload)
    match meaning:
        case PaymentSucceeded():
            await record_payment_succeeded(session, meaning, external_event_id=event.id)
        case PaymentFailed():
            await record_payment_failed(session, meaning)
        case PaymentExpired():
            await record_payment_expired(session, meaning)
        case ProviderFeeReported():
            await record_provider_fee(session, meaning, external_event_id=event.id)
        case RefundsSettled():
            await record_refunds_settled(session, meaning)
        case RefundFailed():
            await record_refund_failed(session, meaning)
        case ChargebackOpened():
            await open_chargeback(session, meaning, external_event_id=event.id)
        case ChargebackClosed():
            await close_chargeback(session, meaning, external_event_id=event.id)
        case TransferCreated():
            payout = await payout_by_transfer(
                session, meaning.payout_id, meaning.provider_transfer_id
            )
            if payout is not None:
                await record_payout_paid(
                    session, payout.id, meaning.provider_transfer_id, external_event_id=event.id
                )
        case TransferFailed():
            payout = await payout_by_transfer(
                session, meaning.payout_id, meaning.provider_transfer_id
            )
            if payout is not None:
                await record_payout_failed(session, payout.id, meaning.reason)
        case TransferReversed():
            payout = await payout_by_transfer(
                session, meaning.payout_id, meaning.provider_transfer_id
            )
            if payout is not None:
                await record_payout_reversed(session, payout.id, external_event_id=event.id)
        case AccountUpdated():
            await record_account_updated(session, meaning)
        case None:
            pass  # a type we do not act on


async def apply_stored_event(session: AsyncSession, event: ExternalEvent) -> bool:
    """Handle one event in a savepoint and mark it handled, or note the failure for a retry."""
    try:
        async with session.begin_nested():
            await handle_external_event(session, event)
    except Exception as error:
        event.attempts += 1
        event.last_error = f"{type(error).__name__}: {error}"[:1000]
        event.next_attempt_at = datetime.now(UTC) + retry_delay(
            event.attempts, base=FIRST_RETRY, cap=LONGEST_RETRY
        )
        logger.exception(
            "provider event failed", extra={"event_id": event.external_id, "type": event.type}
        )
        await session.flush()
        return False
    event.handled_at = datetime.now(UTC)
    event.last_error = None
    await session.flush()
    return True


async def process_external_events(session: AsyncSession) -> int:
    """Worker task: apply stored provider events, oldest first."""
    events = (
        await session.scalars(
            select(ExternalEvent)
            .where(
                ExternalEvent.handled_at.is_(None),
                ExternalEvent.next_attempt_at <= datetime.now(UTC),
            )
            .order_by(ExternalEvent.received_at, ExternalEvent.id)
            .limit(BATCH)
            .with_for_update(skip_locked=True)
        )
    ).all()
    for event in events:
        await apply_stored_event(session, event)
    return len(events)
