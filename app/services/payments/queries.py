"""Reading payments: the lookups the escrow modules share."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Payment, PaymentStatus
from app.services.payments.states import OPEN_PAYMENT_STATUSES


async def succeeded_payment(session: AsyncSession, milestone_id: uuid.UUID) -> Payment:
    """The payment whose money a funded milestone holds."""
    payment: Payment | None = await session.scalar(
        select(Payment).where(
            Payment.milestone_id == milestone_id, Payment.status == PaymentStatus.succeeded
        )
    )
    if payment is None:
        raise RuntimeError(f"milestone {milestone_id} holds money without a succeeded payment")
    return payment


async def has_open_payment(session: AsyncSession, milestone_id: uuid.UUID) -> bool:
    """Whether the owner may still complete a payment for the milestone."""
    open_payment = await session.scalar(
        select(Payment.id).where(
            Payment.milestone_id == milestone_id, Payment.status.in_(OPEN_PAYMENT_STATUSES)
        )
    )
    return open_payment is not None
