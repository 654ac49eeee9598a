"""Xendit's fees, read from its Transactions API: its callbacks carry no fee.

`sync_xendit_fees` lists the transactions Xendit created in a window, matches each to our
payment (PAYMENT: `reference_id` is our payment id, `product_id` the payment id Xendit's
capture reported), refund (REFUND) or payout (DISBURSEMENT) by the `reference_id` we sent, and
books what Xendit kept (`platform_revenue -> provider_fees`) with a `provider_transactions`
row, unique per (provider, transaction id): a transaction listed again, by the worker's next
run or the `pasar xendit-sync-fees` CLI, is booked once. Transactions that are not ours, not
successful or without a fee are skipped. The provider is called before the database is
touched, so no transaction is open while Xendit answers.
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import false, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import jakarta_day_bounds
from app.core.config import get_settings
from app.models import LedgerKind, Payment, PaymentProvider, Payout, ProviderTransaction, Refund
from app.models.base import new_id
from app.services.ledger import PLATFORM_REVENUE, PROVIDER_FEES, TransactionLinks, post_transaction
from app.services.payments.gateway import ReportedTransaction
from app.services.payments.xendit_gateway import XenditGateway

logger = logging.getLogger("app.escrow")

# The worker looks back this far each run: a fee is listed once the transaction settles.
SYNC_WINDOW = timedelta(days=2)


def _uuid(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


async def _match(
    session: AsyncSession, listed: ReportedTransaction
) -> tuple[Payment | None, Refund | None, Payout | None]:
    ours = _uuid(listed.reference_id)
    if listed.type == "PAYMENT":
        ids = [i for i in (listed.product_id, listed.reference_id) if i]
        payment = await session.scalar(
            select(Payment).where(
                Payment.provider == PaymentProvider.xendit,
                or_(
                    Payment.id == ours if ours else false(),
                    Payment.provider_charge_id.in_(ids),
                    Payment.provider_payment_id.in_(ids),
                ),
            )
        )
        return payment, None, None
    if listed.type == "REFUND" and ours:
        return None, await session.get(Refund, ours), None
    if listed.type == "DISBURSEMENT" and ours:
        return None, None, await session.get(Payout, ours)
    return None, None, None


async def book_xendit_transactions(
    session: AsyncSession, transactions: list[ReportedTransaction]
) -> int:
    """Book the fee of every listed transaction of ours not booked before; how many were."""
    booked = 0
    for listed in transactions:
        if listed.status != "SUCCESS" or listed.fee_idr <= 0:
            continue
        payment, refund, payout = await _match(session, listed)
        if payment is None and refund is None and payout is None:
            continue
        if refund is not None:
            payment = await session.get(Payment, refund.payment_id)
        row_id = await session.scalar(
            insert(ProviderTransaction)
            .values(
                id=new_id(),
                provider=PaymentProvider.xendit,
                transaction_id=listed.transaction_id,
                type=listed.type,
                reference_id=listed.reference_id,
                product_id=listed.product_id,
                amount_idr=listed.amount_idr,
                fee_idr=listed.fee_idr,
                payment_id=payment.id if payment and refund is None else None,
                refund_id=refund.id if refund else None,
                payout_id=payout.id if payout else None,
                occurred_at=listed.created,
            )
            .on_conflict_do_nothing(constraint="uq_provider_transactions_provider_transaction_id")
            .returning(ProviderTransaction.id)
        )
        if row_id is None:
            continue  # listed and booked before
        if payment is not None and refund is None:
            locked = await session.get_one(
                Payment, payment.id, with_for_update=True, populate_existing=True
            )
            locked.provider_fee_idr = (locked.provider_fee_idr or 0) + listed.fee_idr
        await post_transaction(
            session,
            kind=LedgerKind.provider_fee,
            postings=[(PLATFORM_REVENUE, -listed.fee_idr), (PROVIDER_FEES, listed.fee_idr)],
            links=TransactionLinks(
                contract_id=payment.contract_id if payment else None,
                milestone_id=payment.milestone_id if payment else None,
                payment_id=payment.id if payment else None,
                refund_id=refund.id if refund else None,
                payout_id=payout.id if payout else None,
            ),
            memo=f"xendit fee on {listed.type.lower()} {listed.transaction_id}",
        )
        booked += 1
    await session.flush()
    return booked


async def sync_xendit_fees(session: AsyncSession, *, start: datetime, end: datetime) -> int:
    """Fetch Xendit's transactions of [start, end) and book the fees of ours, once each."""
    gateway = XenditGateway(get_settings())
    transactions = await gateway.list_transactions(start=start, end=end)
    return await book_xendit_transactions(session, transactions)


async def sync_xendit_fees_for_day(session: AsyncSession, day: date) -> int:
    """The CLI's unit: one WIB day."""
    start, end = jakarta_day_bounds(day)
    return await sync_xendit_fees(session, start=start, end=end)


async def sync_recent_xendit_fees(session: AsyncSession) -> int:
    """Worker task: the last SYNC_WINDOW of transactions, when Xendit is configured."""
    if not get_settings().xendit_secret_key:
        return 0
    now = datetime.now(UTC)
    return await sync_xendit_fees(session, start=now - SYNC_WINDOW, end=now)
