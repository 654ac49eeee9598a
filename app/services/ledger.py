"""Writing and reading the double-entry ledger (see app/models/ledger.py for the accounts).

Every movement is one `post_transaction` call: its postings must sum to zero and it is
linked to what caused it. Callers hold the row locks of the milestone (or creative balance)
whose money moves, in the same database transaction as the state change.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import String, case, cast, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import LedgerEntry, LedgerKind, LedgerTransaction, Milestone, MilestoneStatus

OWNER_FUNDING = "owner_funding"
PLATFORM_REVENUE = "platform_revenue"
PPN_PAYABLE = "ppn_payable"
REFUNDS_OUT = "refunds_out"
# Refunds the provider refused: still owed to the owner until an admin pays them by hand.
REFUNDS_OWED = "refunds_owed"
PAYOUTS_OUT = "payouts_out"
CHARGEBACKS_OUT = "chargebacks_out"
# What the platform itself lost to chargebacks (negative: money it put in from its own funds).
CHARGEBACK_LOSSES = "chargeback_losses"
# Fees the payment providers kept (dispute fees, processing fees), money that left the platform.
PROVIDER_FEES = "provider_fees"

# Milestone states in which the milestone's escrow account holds its whole amount.
HELD_STATUSES = frozenset(
    {
        MilestoneStatus.funded,
        MilestoneStatus.submitted,
        MilestoneStatus.changes_requested,
        MilestoneStatus.disputed,
    }
)


def escrow_account(milestone_id: uuid.UUID) -> str:
    return f"escrow:{milestone_id}"


def creative_payable_account(creative_user_id: uuid.UUID) -> str:
    return f"creative_payable:{creative_user_id}"


class UnbalancedTransaction(ValueError):
    """A programming error: postings that do not sum to zero are never written."""


@dataclass(frozen=True)
class TransactionLinks:
    contract_id: uuid.UUID | None = None
    milestone_id: uuid.UUID | None = None
    payment_id: uuid.UUID | None = None
    refund_id: uuid.UUID | None = None
    payout_id: uuid.UUID | None = None
    dispute_id: uuid.UUID | None = None
    external_event_id: uuid.UUID | None = None
    actor_user_id: uuid.UUID | None = None


async def post_transaction(
    session: AsyncSession,
    *,
    kind: LedgerKind,
    postings: Sequence[tuple[str, int]],
    links: TransactionLinks,
    memo: str = "",
) -> LedgerTransaction:
    """Append one balanced transaction (zero postings are dropped; at least two remain)."""
    lines = [(account, amount) for account, amount in postings if amount != 0]
    if len(lines) < 2 or sum(amount for _, amount in lines) != 0:
        raise UnbalancedTransaction(f"{kind.value} postings do not balance: {lines}")
    transaction = LedgerTransaction(
        kind=kind,
        memo=memo[:500],
        contract_id=links.contract_id,
        milestone_id=links.milestone_id,
        payment_id=links.payment_id,
        refund_id=links.refund_id,
        payout_id=links.payout_id,
        dispute_id=links.dispute_id,
        external_event_id=links.external_event_id,
        actor_user_id=links.actor_user_id,
    )
    session.add(transaction)
    await session.flush()
    session.add_all(
        LedgerEntry(
            transaction_id=transaction.id,
            account=account,
            amount_idr=amount,
            contract_id=links.contract_id,
        )
        for account, amount in lines
    )
    await session.flush()
    return transaction


async def account_balance(session: AsyncSession, account: str) -> int:
    total = await session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.amount_idr), 0)).where(
            LedgerEntry.account == account
        )
    )
    return int(total or 0)


async def contract_balances(session: AsyncSession, contract_id: uuid.UUID) -> dict[str, int]:
    """What the contract's transactions moved, per account."""
    rows = await session.execute(
        select(LedgerEntry.account, func.sum(LedgerEntry.amount_idr))
        .where(LedgerEntry.contract_id == contract_id)
        .group_by(LedgerEntry.account)
        .order_by(LedgerEntry.account)
    )
    return {account: int(total) for account, total in rows.all()}


@dataclass(frozen=True)
class AccountTypeTotal:
    account_type: str
    accounts: int
    balance_idr: int


@dataclass(frozen=True)
class LedgerHealth:
    totals: list[AccountTypeTotal]
    sum_idr: int
    transactions: int
    unbalanced_transactions: list[uuid.UUID]
    escrow_mismatches: list[uuid.UUID]

    @property
    def balanced(self) -> bool:
        return self.sum_idr == 0 and not self.unbalanced_transactions

    @property
    def consistent(self) -> bool:
        return self.balanced and not self.escrow_mismatches


async def ledger_health(session: AsyncSession, *, sample: int = 100) -> LedgerHealth:
    """Balances per account type and the invariants: every transaction sums to zero, and each
    milestone's escrow holds its amount exactly while the milestone is held, else nothing."""
    account_type = func.split_part(LedgerEntry.account, ":", 1)
    totals = [
        AccountTypeTotal(name, int(count), int(balance))
        for name, count, balance in (
            await session.execute(
                select(
                    account_type,
                    func.count(func.distinct(LedgerEntry.account)),
                    func.sum(LedgerEntry.amount_idr),
                )
                .group_by(account_type)
                .order_by(account_type)
            )
        ).all()
    ]
    unbalanced = (
        await session.scalars(
            select(LedgerEntry.transaction_id)
            .group_by(LedgerEntry.transaction_id)
            .having(func.sum(LedgerEntry.amount_idr) != 0)
            .limit(sample)
        )
    ).all()
    held = func.coalesce(func.sum(LedgerEntry.amount_idr), 0)
    expected = case(
        (Milestone.status.in_(list(HELD_STATUSES)), Milestone.amount_idr), else_=literal(0)
    )
    mismatches = (
        await session.scalars(
            select(Milestone.id)
            .outerjoin(
                LedgerEntry,
                LedgerEntry.account == literal("escrow:") + cast(Milestone.id, String),
            )
            .group_by(Milestone.id, Milestone.status, Milestone.amount_idr)
            .having(held != expected)
            .limit(sample)
        )
    ).all()
    transactions = await session.scalar(select(func.count()).select_from(LedgerTransaction))
    return LedgerHealth(
        totals=totals,
        sum_idr=sum(t.balance_idr for t in totals),
        transactions=int(transactions or 0),
        unbalanced_transactions=list(unbalanced),
        escrow_mismatches=list(mismatches),
    )
