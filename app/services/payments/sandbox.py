"""Completing sandbox payments by hand, the way a card payment (or its failure) would."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from app.core.errors import InvalidTransition, NotFound
from app.core.principal import Principal
from app.models import ExternalEvent, Payment, PaymentProvider, PaymentStatus
from app.schemas.escrow import PaymentRead
from app.services.escrow.funding import payment_for_owner
from app.services.payments.gateway import VerifiedWebhook
from app.services.payments.sandbox_gateway import sandbox_event
from app.services.payments.webhooks import apply_stored_event, store_external_event


class SandboxDisabled(NotFound):
    code, title = "sandbox_disabled", "The sandbox payment provider is not active here"


class PaymentNotPending(InvalidTransition):
    code, title = "payment_not_pending", "Only a pending or failed payment can be completed"


async def complete_sandbox_payment(
    session: AsyncSession,
    *,
    principal: Principal,
    payment_id: uuid.UUID,
    succeeded: bool,
    outcome: str | None = None,
) -> PaymentRead:
    """Record the event a provider would bring (paid, declined, or for QRIS, VA and e-wallet
    payments expired) and apply it through the same handler, at once."""
    if not get_settings().sandbox_active:
        raise SandboxDisabled()
    payment = await payment_for_owner(
        session, principal, payment_id, provider=PaymentProvider.sandbox
    )
    if payment.status not in (PaymentStatus.pending, PaymentStatus.failed):
        raise PaymentNotPending(
            f"Payment is {payment.status.value}", current_status=payment.status.value
        )
    event = sandbox_event(payment, succeeded=succeeded, outcome=outcome)
    stored_id = await store_external_event(
        session,
        PaymentProvider.sandbox,
        VerifiedWebhook(event["id"], event["type"], event),
    )
    stored = await session.get_one(ExternalEvent, stored_id)
    await apply_stored_event(session, stored)
    return PaymentRead.model_validate(
        await session.get_one(Payment, payment_id, populate_existing=True)
    )
