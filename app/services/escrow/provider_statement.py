"""The provider's side of the daily reconciliation from its own transactions list (Xendit's
Transactions API), keyed by our payment, refund and payout ids like the ledger side.

The list is read while the admin waits (a read, with the adapter's timeouts); if Xendit cannot
be reached the report falls back to the events stored that day and says why.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from app.models import Payment, PaymentProvider, ProviderTransaction
from app.services.payments.gateway import ReportedTransaction
from app.services.payments.xendit_gateway import XenditGateway

_KIND = {"PAYMENT": "payment", "REFUND": "refund", "DISBURSEMENT": "payout"}


def _uuid(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


@dataclass
class ProviderStatement:
    """kind -> our id (or the provider's reference) -> amount; fees by transaction id."""

    amounts: dict[str, dict[str, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    fees: dict[str, int] = field(default_factory=dict)


async def xendit_transactions(start: datetime, end: datetime) -> list[ReportedTransaction] | None:
    """The day's list, or None when Xendit is not configured (development, sandbox)."""
    settings = get_settings()
    if not settings.xendit_secret_key:
        return None
    return await XenditGateway(settings).list_transactions(start=start, end=end)


async def statement_from(
    session: AsyncSession, transactions: list[ReportedTransaction]
) -> ProviderStatement:
    """Successful transactions by kind and key: a payment by our id (its `reference_id`, or the
    payment whose Xendit ids match), a refund or payout by the `reference_id` we sent."""
    statement = ProviderStatement()
    for listed in transactions:
        kind = _KIND.get(listed.type)
        if kind is None or listed.status != "SUCCESS":
            continue
        key = listed.reference_id or listed.product_id or listed.transaction_id
        if kind == "payment":
            ids = [i for i in (listed.product_id, listed.reference_id) if i]
            by_id = _uuid(listed.reference_id)
            ours = await session.scalar(
                select(Payment.id).where(
                    Payment.provider == PaymentProvider.xendit,
                    or_(
                        Payment.id == by_id if by_id else false(),
                        Payment.provider_charge_id.in_(ids),
                        Payment.provider_payment_id.in_(ids),
                    ),
                )
            )
            key = str(ours) if ours else key
        statement.amounts[kind][key] += listed.amount_idr
        if listed.fee_idr:
            statement.fees[listed.transaction_id] = listed.fee_idr
    return statement


async def booked_fees(session: AsyncSession, transaction_ids: list[str]) -> dict[str, int]:
    """Fees the ledger holds for these Xendit transactions (booked on any day)."""
    if not transaction_ids:
        return {}
    rows = await session.execute(
        select(ProviderTransaction.transaction_id, func.sum(ProviderTransaction.fee_idr))
        .where(
            ProviderTransaction.provider == PaymentProvider.xendit,
            ProviderTransaction.transaction_id.in_(transaction_ids),
        )
        .group_by(ProviderTransaction.transaction_id)
    )
    return {transaction_id: int(fee) for transaction_id, fee in rows.all()}
