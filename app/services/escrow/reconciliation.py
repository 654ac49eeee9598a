"""Reconciliation: finish whatever a crash or a lost webhook left half done.

- Payments still `created` (phase 1 committed, the provider call or its recording lost) are
  sent again with the same idempotency key, so the provider returns the charge it already
  made; after 23 hours (Stripe keeps keys for 24) they are abandoned instead.
- Payments `pending` for a while are looked up at the provider; a success or failure whose
  webhook never arrived is recorded as if it had.
- Refunds and payouts still `created` are sent again with their keys.
Each worker pass claims its rows with `FOR UPDATE SKIP LOCKED` and pushes `next_attempt_at`
out as a lease (committed) before calling the provider.
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import (
    Contract,
    Milestone,
    Payment,
    PaymentStatus,
    Payout,
    PayoutStatus,
    Refund,
    RefundStatus,
)
from app.services.escrow.funding import (
    PENDING_RECHECK,
    apply_charge_result,
    record_payment_expired,
    record_payment_failed,
    record_payment_succeeded,
)
from app.services.escrow.payouts import send_payout
from app.services.escrow.refunds import send_refund
from app.services.payments.gateway import (
    PaymentExpired,
    PaymentFailed,
    PaymentProviderError,
    PaymentSucceeded,
    payment_gateway,
)
from app.services.payments.states import AWAITING_PROVIDER_PAYMENT_STATUSES, PAYMENT_TRANSITIONS

logger = logging.getLogger("app.escrow")

BATCH = 50
LEASE = timedelta(minutes=5)
ABANDON_CREATED_AFTER = timedelta(hours=23)
STOP_CHECKING_PENDING_AFTER = timedelta(days=7)


async def _claim(session: AsyncSession, model: Any, status_filter: Any) -> list[uuid.UUID]:
    now = datetime.now(UTC)
    rows = (
        await session.scalars(
            select(model)
            .where(status_filter, model.next_attempt_at <= now)
            .order_by(model.next_attempt_at)
            .limit(BATCH)
            .with_for_update(skip_locked=True)
        )
    ).all()
    for row in rows:
        row.next_attempt_at = now + LEASE
    await session.commit()
    return [row.id for row in rows]


async def reconcile_payments(session: AsyncSession) -> int:
    """Worker task: settle payments left `created` or `pending`."""
    ids = await _claim(session, Payment, Payment.status.in_(AWAITING_PROVIDER_PAYMENT_STATUSES))
    for payment_id in ids:
        try:
            await _reconcile_payment(session, payment_id)
            await session.commit()
        except PaymentProviderError as error:
            await session.rollback()
            logger.warning(
                "payment reconciliation failed",
                extra={"payment_id": str(payment_id), "error": error.detail},
            )
    return len(ids)


async def _reconcile_payment(session: AsyncSession, payment_id: uuid.UUID) -> None:
    payment = await session.get_one(Payment, payment_id, populate_existing=True)
    age = datetime.now(UTC) - payment.created_at
    gateway = payment_gateway(payment.provider)
    if payment.status is PaymentStatus.created:
        if age > ABANDON_CREATED_AFTER:
            PAYMENT_TRANSITIONS.ensure(payment.status, PaymentStatus.canceled, action="abandon")
            payment.status = PaymentStatus.canceled
            payment.next_attempt_at = None
            payment.failure_message = "Abandoned: never confirmed by the provider"
            return
        contract = await session.get_one(Contract, payment.contract_id)
        milestone = await session.get_one(Milestone, payment.milestone_id)
        result = await gateway.create_charge(
            payment=payment, contract=contract, milestone=milestone
        )
        await apply_charge_result(session, payment.id, result)
        return
    if payment.provider_payment_id is None or age > STOP_CHECKING_PENDING_AFTER:
        payment.next_attempt_at = None
        return
    result = await gateway.retrieve_charge(payment)
    if result.status is PaymentStatus.succeeded:
        await record_payment_succeeded(
            session,
            PaymentSucceeded(
                result.provider_payment_id, payment.id, result.charge_id, payment.amount_idr
            ),
            external_event_id=None,
        )
    elif result.status is PaymentStatus.canceled:
        # An expired (or cancelled) QRIS, VA or e-wallet request whose callback never came.
        await record_payment_expired(
            session, PaymentExpired(result.provider_payment_id, payment.id)
        )
    elif result.status is PaymentStatus.failed:
        await record_payment_failed(
            session,
            PaymentFailed(
                result.provider_payment_id, payment.id, "failed", result.failure_message or ""
            ),
        )
    else:
        payment.next_attempt_at = datetime.now(UTC) + PENDING_RECHECK


async def send_due_refunds(session: AsyncSession) -> int:
    """Worker task: send refunds booked but not yet confirmed by the provider."""
    ids = await _claim(session, Refund, Refund.status == RefundStatus.created)
    for refund_id in ids:
        await send_refund(session, refund_id)
        await session.commit()
    return len(ids)


async def send_due_payouts(session: AsyncSession) -> int:
    """Worker task: send payouts that are due (new, retried, or freed by an account)."""
    ids = await _claim(session, Payout, Payout.status == PayoutStatus.created)
    for payout_id in ids:
        await send_payout(session, payout_id)
        await session.commit()
    return len(ids)
