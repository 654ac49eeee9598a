"""Provider fees: what Stripe (or another provider) kept of a payment it collected.

Booked once per payment when the provider reports it (`platform_revenue -> provider_fees`),
so that platform revenue is what the platform actually received. Xendit's payment callbacks
carry no fee; its fees are not booked yet (README "Payments").
"""

from __future__ import annotations

import logging
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from app.models import LedgerKind, Payment
from app.services.escrow.funding import find_payment
from app.services.ledger import PLATFORM_REVENUE, PROVIDER_FEES, TransactionLinks, post_transaction
from app.services.payments.gateway import ProviderFeeReported

logger = logging.getLogger("app.escrow")


async def record_provider_fee(
    session: AsyncSession, event: ProviderFeeReported, *, external_event_id: uuid.UUID | None
) -> None:
    """Book the provider's fee on a payment, once however often it is reported."""
    payment = await find_payment(session, event.payment_id, event.provider_payment_id)
    if payment is None:
        logger.warning("fee for an unknown payment", extra={"event": str(event)})
        return
    payment = await session.get_one(
        Payment, payment.id, with_for_update=True, populate_existing=True
    )
    if payment.provider_fee_idr is not None:
        return
    payment.provider_fee_idr = event.fee_idr
    if event.fee_idr > 0:
        await post_transaction(
            session,
            kind=LedgerKind.provider_fee,
            postings=[(PLATFORM_REVENUE, -event.fee_idr), (PROVIDER_FEES, event.fee_idr)],
            links=TransactionLinks(
                contract_id=payment.contract_id,
                milestone_id=payment.milestone_id,
                payment_id=payment.id,
                external_event_id=external_event_id,
            ),
            memo=f"{payment.provider.value} fee on {payment.provider_payment_id}",
        )
    await session.flush()
