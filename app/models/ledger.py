"""The double-entry ledger: append-only transactions whose entries sum to zero.

Accounts are strings: `owner_funding`, `escrow:<milestone id>`, `creative_payable:<user id>`,
`platform_revenue`, `ppn_payable`, `refunds_out`, `payouts_out`, `chargebacks_out`. A positive
amount moves money into an account, a negative one out of it; money enters from
`owner_funding` (its balance is minus everything owners paid) and leaves through the `*_out`
accounts. Database triggers (migration 0004) refuse UPDATE and DELETE and any transaction
whose entries do not balance at commit.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin
from app.models.types import str_enum


class LedgerKind(StrEnum):
    funding = "funding"  # an owner's payment arrived: owner_funding -> escrow
    release = "release"  # escrow -> creative payable, platform revenue, PPN
    refund = "refund"  # escrow -> refunds_out
    payout = "payout"  # creative payable -> payouts_out
    payout_reversal = "payout_reversal"  # payouts_out -> creative payable
    chargeback = "chargeback"  # a card dispute the platform lost: escrow -> chargebacks_out
    refund_failure = "refund_failure"  # the provider refused a refund: refunds_out -> owed
    refund_settlement = "refund_settlement"  # an admin paid it by hand: owed -> refunds_out
    provider_fee = "provider_fee"  # what a provider kept: platform_revenue -> provider_fees


class LedgerTransaction(IdMixin, Base):
    """One movement of money, linked to what caused it (a payment, refund, payout, dispute,
    provider event or the admin who acted)."""

    __tablename__ = "ledger_transactions"
    __table_args__ = (
        Index("ix_ledger_transactions_contract_id_created_at", "contract_id", "created_at"),
        Index("ix_ledger_transactions_milestone_id", "milestone_id"),
    )

    kind: Mapped[LedgerKind] = mapped_column(str_enum(LedgerKind, "ledger_kind"))
    contract_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contracts.id"))
    milestone_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("milestones.id"))
    payment_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("payments.id"), index=True)
    refund_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("refunds.id"), index=True)
    payout_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("payouts.id"), index=True)
    dispute_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("disputes.id"), index=True)
    external_event_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("external_events.id"), index=True
    )
    actor_user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    memo: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class LedgerEntry(IdMixin, Base):
    __tablename__ = "ledger_entries"
    __table_args__ = (
        CheckConstraint("amount_idr <> 0", name="amount_nonzero"),
        Index("ix_ledger_entries_account", "account"),
        Index("ix_ledger_entries_transaction_id", "transaction_id"),
        Index("ix_ledger_entries_contract_id", "contract_id"),
    )

    transaction_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ledger_transactions.id"))
    account: Mapped[str] = mapped_column(String(80))
    amount_idr: Mapped[int]
    # Denormalised from the transaction so a contract's balances need no join.
    contract_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("contracts.id"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
