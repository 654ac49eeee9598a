"""Reading the books: a contract's ledger for its parties, payables and health for admins."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.pagination import Page, PageParams, apply_keyset, paginate, paginate_rows
from app.core.principal import Principal
from app.models import (
    Contract,
    Dispute,
    DisputeStatus,
    LedgerEntry,
    LedgerTransaction,
    Payout,
    PayoutAccount,
    PayoutStatus,
)
from app.schemas.escrow import (
    ContractLedgerRead,
    DisputeRead,
    LedgerSummaryRead,
    LedgerTransactionRead,
)
from app.schemas.payouts import PayableRead
from app.services.contracts import ContractNotFound, is_party
from app.services.ledger import contract_balances, ledger_health


async def _party_contract(
    session: AsyncSession, principal: Principal, contract_id: uuid.UUID
) -> Contract:
    contract = await session.get(Contract, contract_id)
    if contract is None or not is_party(principal, contract):
        raise ContractNotFound()
    return contract


async def contract_ledger(
    session: AsyncSession, *, principal: Principal, contract_id: uuid.UUID
) -> ContractLedgerRead:
    """What the contract's money movements add up to, per account (its two parties only)."""
    contract = await _party_contract(session, principal, contract_id)
    return ContractLedgerRead.from_balances(
        contract.id, await contract_balances(session, contract.id)
    )


async def contract_ledger_transactions(
    session: AsyncSession, *, principal: Principal, contract_id: uuid.UUID, page: PageParams
) -> Page[LedgerTransactionRead]:
    """The contract's ledger transactions with their entries, oldest first."""
    contract = await _party_contract(session, principal, contract_id)
    stmt = select(LedgerTransaction).where(LedgerTransaction.contract_id == contract.id)
    stmt = apply_keyset(
        stmt,
        [LedgerTransaction.created_at.expression, LedgerTransaction.id.expression],
        page,
        descending=False,
    )
    rows, next_cursor = paginate_rows(
        list((await session.scalars(stmt)).all()),
        page.limit,
        key=lambda t: (t.created_at, str(t.id)),
    )
    entries: dict[uuid.UUID, list[LedgerEntry]] = {t.id: [] for t in rows}
    if rows:
        for entry in await session.scalars(
            select(LedgerEntry)
            .where(LedgerEntry.transaction_id.in_(list(entries)))
            .order_by(LedgerEntry.amount_idr)
        ):
            entries[entry.transaction_id].append(entry)
    return Page(
        data=[LedgerTransactionRead.from_row(t, entries[t.id]) for t in rows],
        next_cursor=next_cursor,
    )


async def list_payables(session: AsyncSession, *, page: PageParams) -> Page[PayableRead]:
    """Creatives with money to pay out (balance less payouts under way), for manual payouts."""
    account = LedgerEntry.account
    balances = (
        select(account.label("account"), func.sum(LedgerEntry.amount_idr).label("balance"))
        .where(account.startswith("creative_payable:"))
        .group_by(account)
        .having(func.sum(LedgerEntry.amount_idr) > 0)
        .subquery()
    )
    stmt = apply_keyset(
        select(balances.c.account, balances.c.balance),
        [balances.c.account],
        page,
        descending=False,
    )
    rows, next_cursor = paginate_rows(
        list((await session.execute(stmt)).all()), page.limit, key=lambda r: (r.account,)
    )
    payables = []
    for row in rows:
        user_id = uuid.UUID(row.account.split(":", 1)[1])
        in_transit = await session.scalar(
            select(func.coalesce(func.sum(Payout.amount_idr), 0)).where(
                Payout.creative_user_id == user_id, Payout.status == PayoutStatus.created
            )
        )
        payout_account = await session.scalar(
            select(PayoutAccount).where(PayoutAccount.user_id == user_id)
        )
        available = int(row.balance) - int(in_transit or 0)
        payables.append(PayableRead.from_row(user_id, available, payout_account))
    return Page(data=payables, next_cursor=next_cursor)


async def list_disputes(
    session: AsyncSession, *, status: DisputeStatus | None, page: PageParams
) -> Page[DisputeRead]:
    """Disputes for the admins' queue, oldest first (the nearest deadline first)."""
    stmt = select(Dispute)
    if status is not None:
        stmt = stmt.where(Dispute.status == status)
    stmt = apply_keyset(
        stmt, [Dispute.created_at.expression, Dispute.id.expression], page, descending=False
    )
    rows = list((await session.scalars(stmt)).all())
    return paginate(
        rows, page.limit, key=lambda d: (d.created_at, str(d.id)), read=DisputeRead.model_validate
    )


async def ledger_summary(session: AsyncSession) -> LedgerSummaryRead:
    """Balances per account type and whether every transaction and every escrow add up."""
    return LedgerSummaryRead.model_validate(await ledger_health(session))
