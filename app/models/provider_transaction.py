"""A provider's own record of money moving (Xendit's Transactions API), kept once per
transaction id for the fee it reports: Xendit's callbacks carry no fee."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin
from app.models.payment import PaymentProvider
from app.models.types import str_enum


class ProviderTransaction(IdMixin, Base):
    """One provider transaction matched to our payment, refund or payout, whose fee is booked
    (`platform_revenue -> provider_fees`) in the same database transaction as this row."""

    __tablename__ = "provider_transactions"
    __table_args__ = (
        UniqueConstraint(
            "provider", "transaction_id", name="uq_provider_transactions_provider_transaction_id"
        ),
    )

    provider: Mapped[PaymentProvider] = mapped_column(str_enum(PaymentProvider, "payment_provider"))
    transaction_id: Mapped[str] = mapped_column(String(255))
    type: Mapped[str] = mapped_column(String(40))  # PAYMENT, DISBURSEMENT, REFUND ...
    reference_id: Mapped[str | None] = mapped_column(String(255))
    product_id: Mapped[str | None] = mapped_column(String(255))
    amount_idr: Mapped[int]
    fee_idr: Mapped[int]
    payment_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("payments.id"), index=True)
    refund_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("refunds.id"))
    payout_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("payouts.id"))
    occurred_at: Mapped[datetime]
    recorded_at: Mapped[datetime] = mapped_column(server_default=func.now())
