"""Disputes freeze a milestone's escrow until an admin splits it (or a card network decides)."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, TimestampMixin
from app.models.contract import MilestoneStatus
from app.models.types import str_enum


class DisputeKind(StrEnum):
    platform = "platform"  # raised by a party on Pasar Kreatif, decided by an admin
    chargeback = "chargeback"  # raised by the owner's card issuer, decided by the network


class DisputeStatus(StrEnum):
    open = "open"  # waiting for the other party's statement (until respond_by)
    under_review = "under_review"  # both sides heard (or respond_by passed): admin decides
    resolved = "resolved"
    withdrawn = "withdrawn"  # the party who opened it took it back


class Dispute(IdMixin, TimestampMixin, Base):
    __tablename__ = "disputes"
    __table_args__ = (
        # One live platform dispute per milestone (a card chargeback may come on top).
        Index(
            "uq_disputes_milestone_id_live",
            "milestone_id",
            unique=True,
            postgresql_where=text("status IN ('open', 'under_review') AND kind = 'platform'"),
        ),
        Index("ix_disputes_status_created_at", "status", "created_at"),
        CheckConstraint("release_idr >= 0 AND refund_idr >= 0", name="split_non_negative"),
    )

    milestone_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("milestones.id"), index=True)
    contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contracts.id"))
    kind: Mapped[DisputeKind] = mapped_column(str_enum(DisputeKind, "dispute_kind"))
    status: Mapped[DisputeStatus] = mapped_column(str_enum(DisputeStatus, "dispute_status"))
    opened_by_user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(Text)
    # Where the milestone returns to when the dispute is withdrawn or a chargeback is won.
    frozen_from_status: Mapped[MilestoneStatus] = mapped_column(
        str_enum(MilestoneStatus, "milestone_status")
    )
    response: Mapped[str | None] = mapped_column(Text)
    responded_at: Mapped[datetime | None]
    respond_by: Mapped[datetime]
    decide_by: Mapped[datetime]
    release_idr: Mapped[int | None]
    refund_idr: Mapped[int | None]
    resolution_note: Mapped[str | None] = mapped_column(Text)
    resolved_by_user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    resolved_at: Mapped[datetime | None]
    provider_dispute_id: Mapped[str | None] = mapped_column(String(255), unique=True)
    # Chargebacks: the provider's dispute fee, and what was claimed back from the creative's
    # payable balance when the chargeback was lost after release.
    provider_fee_idr: Mapped[int | None]
    creative_claim_idr: Mapped[int | None]
