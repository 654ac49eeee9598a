"""Finance's daily check: the ledger against what each provider reported that day.

For one WIB day and each provider: money received (funding transactions of its payments),
refunded (refund transactions, less refused refunds) and paid out (payout transactions, less
reversals), against the provider's own record: Xendit's transactions list with the fees it
kept (provider_statement.py), else the events stored that day (payment successes, refund
settlements, paid transfers). Items are matched by our payment, refund or payout id; every
mismatch is listed. A report that arrives after midnight for money booked before it shows up
as a difference on both days: that is the point (finance looks at it).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import jakarta_day_bounds
from app.models import (
    ExternalEvent,
    LedgerEntry,
    LedgerKind,
    LedgerTransaction,
    Payment,
    PaymentProvider,
    Payout,
    PayoutMethod,
    Refund,
)
from app.schemas.reconciliation import (
    ProviderReconciliation,
    ReconciliationDifference,
    ReconciliationRead,
)
from app.services.escrow.provider_statement import (
    booked_fees,
    statement_from,
    xendit_transactions,
)
from app.services.ledger import PAYOUTS_OUT, REFUNDS_OUT
from app.services.payments.gateway import (
    PaymentProviderError,
    PaymentSucceeded,
    RefundsSettled,
    TransferCreated,
    payment_gateway,
)

_PAYOUT_PROVIDER = {
    PayoutMethod.xendit: PaymentProvider.xendit,
    PayoutMethod.stripe_connect: PaymentProvider.stripe,
}
Totals = dict[PaymentProvider, dict[str, dict[str, int]]]


async def _ledger(session: AsyncSession, start: datetime, end: datetime) -> Totals:
    """Per provider and kind (payment/refund/payout): our id -> amount booked that day."""
    totals: Totals = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    funded = await session.execute(
        select(Payment.provider, Payment.id, func.sum(LedgerEntry.amount_idr))
        .join(LedgerTransaction, LedgerTransaction.payment_id == Payment.id)
        .join(LedgerEntry, LedgerEntry.transaction_id == LedgerTransaction.id)
        .where(
            LedgerTransaction.kind == LedgerKind.funding,
            LedgerEntry.amount_idr > 0,
            LedgerTransaction.created_at >= start,
            LedgerTransaction.created_at < end,
        )
        .group_by(Payment.provider, Payment.id)
    )
    for provider, payment_id, amount in funded.all():
        totals[provider]["payment"][str(payment_id)] += int(amount)
    refunded = await session.execute(
        select(Payment.provider, Refund.id, func.sum(LedgerEntry.amount_idr))
        .join(Refund, Refund.payment_id == Payment.id)
        .join(LedgerTransaction, LedgerTransaction.refund_id == Refund.id)
        .join(LedgerEntry, LedgerEntry.transaction_id == LedgerTransaction.id)
        .where(
            LedgerEntry.account == REFUNDS_OUT,
            LedgerTransaction.created_at >= start,
            LedgerTransaction.created_at < end,
        )
        .group_by(Payment.provider, Refund.id)
    )
    for provider, refund_id, amount in refunded.all():
        totals[provider]["refund"][str(refund_id)] += int(amount)
    paid = await session.execute(
        select(Payout.method, Payout.id, func.sum(LedgerEntry.amount_idr))
        .join(LedgerTransaction, LedgerTransaction.payout_id == Payout.id)
        .join(LedgerEntry, LedgerEntry.transaction_id == LedgerTransaction.id)
        .where(
            LedgerEntry.account == PAYOUTS_OUT,
            LedgerTransaction.created_at >= start,
            LedgerTransaction.created_at < end,
        )
        .group_by(Payout.method, Payout.id)
    )
    for method, payout_id, amount in paid.all():
        provider = _PAYOUT_PROVIDER.get(method)
        if provider is not None:  # manual transfers have no provider to compare with
            totals[provider]["payout"][str(payout_id)] += int(amount)
    return totals


async def _reported(session: AsyncSession, start: datetime, end: datetime) -> Totals:
    """Per provider and kind: our id -> amount the provider reported in that day's events."""
    totals: Totals = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    events = (
        await session.scalars(
            select(ExternalEvent).where(
                ExternalEvent.received_at >= start, ExternalEvent.received_at < end
            )
        )
    ).all()
    for event in events:
        provider = PaymentProvider(event.source)
        try:
            meaning = payment_gateway(provider).interpret(event.type, event.payload)
        except (KeyError, TypeError, ValueError):
            continue  # a malformed or foreign event reports nothing
        if isinstance(meaning, PaymentSucceeded):
            payment = await _payment(session, meaning.payment_id, meaning.provider_payment_id)
            key = str(payment.id) if payment else meaning.provider_payment_id
            totals[provider]["payment"][key] = meaning.amount_idr
        elif isinstance(meaning, RefundsSettled):
            for refund in await _refunds(session, meaning.provider_payment_id):
                totals[provider]["refund"][str(refund.id)] = refund.amount_idr
        elif isinstance(meaning, TransferCreated):
            payout = await _payout(session, meaning.payout_id, meaning.provider_transfer_id)
            key = str(payout.id) if payout else meaning.provider_transfer_id
            totals[provider]["payout"][key] = payout.amount_idr if payout else 0
    return totals


async def _payment(
    session: AsyncSession, payment_id: uuid.UUID | None, provider_id: str
) -> Payment | None:
    if payment_id is not None:
        found = await session.get(Payment, payment_id)
        if found is not None:
            return found
    by_provider: Payment | None = await session.scalar(
        select(Payment).where(Payment.provider_payment_id == provider_id)
    )
    return by_provider


async def _refunds(session: AsyncSession, provider_payment_id: str) -> list[Refund]:
    return list(
        (
            await session.scalars(
                select(Refund)
                .join(Payment, Payment.id == Refund.payment_id)
                .where(Payment.provider_payment_id == provider_payment_id)
            )
        ).all()
    )


async def _payout(
    session: AsyncSession, payout_id: uuid.UUID | None, transfer_id: str
) -> Payout | None:
    if payout_id is not None:
        found = await session.get(Payout, payout_id)
        if found is not None:
            return found
    by_transfer: Payout | None = await session.scalar(
        select(Payout).where(Payout.provider_transfer_id == transfer_id)
    )
    return by_transfer


async def reconcile_day(session: AsyncSession, *, day: date) -> ReconciliationRead:
    """The ledger against the providers' reports for one WIB day, differences listed: Xendit's
    side is its transactions list (with the fees it kept) when it can be read, every other
    provider's the events stored that day."""
    start, end = jakarta_day_bounds(day)
    listed_error: str | None = None
    try:
        listed = await xendit_transactions(start, end)
    except PaymentProviderError as error:
        listed, listed_error = None, error.detail
    ledger, reported = await _ledger(session, start, end), await _reported(session, start, end)
    statement = await statement_from(session, listed) if listed is not None else None
    booked = await booked_fees(session, list(statement.fees)) if statement else {}
    providers = []
    for provider in PaymentProvider:
        differences = []
        from_list = provider is PaymentProvider.xendit and statement is not None
        if from_list and statement is not None:
            reported[provider] = statement.amounts
            for transaction_id, fee in sorted(statement.fees.items()):
                if booked.get(transaction_id, 0) != fee:
                    differences.append(
                        ReconciliationDifference(
                            kind="fee",
                            reference=transaction_id,
                            ledger_idr=booked.get(transaction_id, 0),
                            provider_idr=fee,
                        )
                    )
        for kind in ("payment", "refund", "payout"):
            ours, theirs = ledger[provider][kind], reported[provider][kind]
            for key in sorted(set(ours) | set(theirs)):
                if ours.get(key, 0) != theirs.get(key, 0):
                    differences.append(
                        ReconciliationDifference(
                            kind=kind,
                            reference=key,
                            ledger_idr=ours.get(key, 0),
                            provider_idr=theirs.get(key, 0),
                        )
                    )
        providers.append(
            ProviderReconciliation(
                provider=provider,
                ledger_received_idr=sum(ledger[provider]["payment"].values()),
                provider_received_idr=sum(reported[provider]["payment"].values()),
                ledger_refunded_idr=sum(ledger[provider]["refund"].values()),
                provider_refunded_idr=sum(reported[provider]["refund"].values()),
                ledger_paid_out_idr=sum(ledger[provider]["payout"].values()),
                provider_paid_out_idr=sum(reported[provider]["payout"].values()),
                ledger_fees_idr=sum(booked.values()) if from_list else 0,
                provider_fees_idr=sum(statement.fees.values()) if statement and from_list else 0,
                source="transactions" if from_list else "events",
                source_error=listed_error if provider is PaymentProvider.xendit else None,
                differences=differences,
            )
        )
    return ReconciliationRead(
        date=day,
        providers=providers,
        balanced=not any(p.differences for p in providers),
    )
