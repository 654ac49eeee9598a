"""Money crossing the platform's edge: owners' payments, refunds, creatives' payouts and
payout accounts, and the provider events (webhooks) that report on them."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, TimestampMixin
from app.models.types import str_enum


class PaymentProvider(StrEnum):
    stripe = "stripe"
    sandbox = "sandbox"
    xendit = "xendit"


class PaymentMethod(StrEnum):
    """How the owner pays: a card (Stripe), or Indonesia's own ways (Xendit)."""

    card = "card"
    qris = "qris"  # any bank or e-wallet app scans one QR code
    va = "va"  # a bank transfer to a virtual account number
    ewallet = "ewallet"  # OVO, DANA, ShopeePay approve in their app


class PaymentStatus(StrEnum):
    created = "created"  # recorded; the provider has not confirmed creating it yet
    pending = "pending"  # the provider waits for the owner to pay
    failed = "failed"  # the last attempt failed; the owner may retry the same payment
    succeeded = "succeeded"
    canceled = "canceled"  # abandoned before the provider ever saw it
    # Paid after a newer payment for the milestone had taken its place: booked and refunded.
    superseded = "superseded"


class Payment(IdMixin, TimestampMixin, Base):
    """An owner's payment into escrow for one milestone. The fee percentages are snapshotted
    so the fee quoted at funding is the fee charged at release."""

    __tablename__ = "payments"
    __table_args__ = (
        CheckConstraint("amount_idr > 0", name="amount_positive"),
        # One live payment per milestone: a retried fund call can never charge twice.
        Index(
            "uq_payments_milestone_id_live",
            "milestone_id",
            unique=True,
            postgresql_where=text("status NOT IN ('canceled', 'superseded')"),
        ),
        Index(
            "ix_payments_unsettled",
            "next_attempt_at",
            postgresql_where=text("status IN ('created', 'pending')"),
        ),
    )

    milestone_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("milestones.id"))
    contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contracts.id"), index=True)
    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    provider: Mapped[PaymentProvider] = mapped_column(str_enum(PaymentProvider, "payment_provider"))
    status: Mapped[PaymentStatus] = mapped_column(str_enum(PaymentStatus, "payment_status"))
    method: Mapped[PaymentMethod] = mapped_column(
        str_enum(PaymentMethod, "payment_method"), server_default="card"
    )
    # The bank of a virtual account or the e-wallet (BCA, OVO ...); None for cards and QRIS.
    channel: Mapped[str | None] = mapped_column(String(32))
    # What the owner's app shows to pay (QR string, VA number, e-wallet links), in our words.
    instructions: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    expires_at: Mapped[datetime | None]
    # The provider's processing fee, once reported (and booked).
    provider_fee_idr: Mapped[int | None]
    amount_idr: Mapped[int]
    fee_bps: Mapped[int]
    ppn_bps: Mapped[int]
    provider_payment_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    provider_charge_id: Mapped[str | None] = mapped_column(String(255))
    client_secret: Mapped[str | None] = mapped_column(String(500))
    failure_code: Mapped[str | None] = mapped_column(String(100))
    failure_message: Mapped[str | None] = mapped_column(String(500))
    succeeded_at: Mapped[datetime | None]
    # When reconciliation next looks at a payment stuck in created/pending.
    next_attempt_at: Mapped[datetime | None]


class RefundStatus(StrEnum):
    created = "created"  # decided and booked; the provider has not confirmed it yet
    pending = "pending"
    succeeded = "succeeded"
    failed = "failed"
    settled_manually = "settled_manually"  # failed at the provider, paid by an admin's transfer


class RefundReason(StrEnum):
    cancellation = "cancellation"
    dispute = "dispute"
    late_payment = "late_payment"  # paid after the milestone was cancelled


class Refund(IdMixin, TimestampMixin, Base):
    __tablename__ = "refunds"
    __table_args__ = (
        CheckConstraint("amount_idr > 0", name="amount_positive"),
        Index(
            "ix_refunds_unsent",
            "next_attempt_at",
            postgresql_where=text("status = 'created'"),
        ),
    )

    payment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("payments.id"), index=True)
    milestone_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("milestones.id"))
    contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contracts.id"))
    amount_idr: Mapped[int]
    reason: Mapped[RefundReason] = mapped_column(str_enum(RefundReason, "refund_reason"))
    status: Mapped[RefundStatus] = mapped_column(str_enum(RefundStatus, "refund_status"))
    provider_refund_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    failure_message: Mapped[str | None] = mapped_column(String(500))
    succeeded_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    next_attempt_at: Mapped[datetime | None]
    # A refund the provider refused and an admin paid by bank transfer: its reference.
    bank_reference: Mapped[str | None] = mapped_column(String(100), unique=True)
    settled_by_user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


class PayoutMethod(StrEnum):
    stripe_connect = "stripe_connect"
    manual = "manual"  # a bank transfer (e.g. BI-FAST) made by an admin and recorded here
    xendit = "xendit"  # a Xendit payout to a bank account or e-wallet


class PayoutStatus(StrEnum):
    awaiting_account = "awaiting_account"  # released, but the creative cannot receive yet
    created = "created"  # to be sent by the worker
    paid = "paid"
    failed = "failed"
    reversed = "reversed"


class Payout(IdMixin, TimestampMixin, Base):
    """Money leaving a creative's payable balance. Stripe payouts are one Transfer per
    released milestone (sourced from that milestone's charge); manual ones are whatever an
    admin transferred."""

    __tablename__ = "payouts"
    __table_args__ = (
        CheckConstraint("amount_idr > 0", name="amount_positive"),
        Index("ix_payouts_creative_user_id_created_at", "creative_user_id", "created_at"),
        Index(
            "ix_payouts_due",
            "next_attempt_at",
            postgresql_where=text("status = 'created'"),
        ),
    )

    creative_user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    milestone_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("milestones.id"))
    payment_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("payments.id"))
    amount_idr: Mapped[int]
    method: Mapped[PayoutMethod] = mapped_column(str_enum(PayoutMethod, "payout_method"))
    status: Mapped[PayoutStatus] = mapped_column(str_enum(PayoutStatus, "payout_status"))
    provider_transfer_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    # The bank's transfer reference for manual payouts: one transfer, one payout.
    reference: Mapped[str | None] = mapped_column(String(100), unique=True)
    recorded_by_user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    paid_at: Mapped[datetime | None]
    failure_message: Mapped[str | None] = mapped_column(String(500))
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    next_attempt_at: Mapped[datetime | None]
    # A failed payout sent again (once) after the creative fixed their account.
    retry_of_payout_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("payouts.id"), unique=True
    )


class PayoutAccount(IdMixin, TimestampMixin, Base):
    """Where a creative is paid: a Stripe Express account, or bank details for manual payout."""

    __tablename__ = "payout_accounts"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True
    )
    method: Mapped[PayoutMethod] = mapped_column(str_enum(PayoutMethod, "payout_method"))
    stripe_account_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    payouts_enabled: Mapped[bool] = mapped_column(default=False)
    # A bank (code from app/reference/data/xendit_payout_channels.json) or, for Xendit, an
    # e-wallet channel such as OVO; the account number is then the phone number.
    bank_code: Mapped[str | None] = mapped_column(String(20))
    is_ewallet: Mapped[bool] = mapped_column(default=False, server_default="false")
    bank_account_number: Mapped[str | None] = mapped_column(String(34))
    account_holder_name: Mapped[str | None] = mapped_column(String(200))


class ExternalEvent(IdMixin, Base):
    """A provider event (Stripe webhook, sandbox completion), stored once and processed by
    the worker; `handled_at` marks it done."""

    __tablename__ = "external_events"
    __table_args__ = (
        UniqueConstraint("source", "external_id", name="uq_external_events_source_external_id"),
        Index(
            "ix_external_events_unhandled",
            "next_attempt_at",
            postgresql_where=text("handled_at IS NULL"),
        ),
    )

    source: Mapped[str] = mapped_column(String(32))
    external_id: Mapped[str] = mapped_column(String(255))
    type: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB)
    received_at: Mapped[datetime] = mapped_column(server_default=func.now())
    handled_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(1000))
    next_attempt_at: Mapped[datetime] = mapped_column(server_default=func.now())
