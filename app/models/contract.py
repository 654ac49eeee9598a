from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ARRAY, CheckConstraint, ForeignKey, Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, TimestampMixin
from app.models.types import str_enum


class ContractStatus(StrEnum):
    active = "active"
    completed = "completed"
    cancelled = "cancelled"


class MilestoneStatus(StrEnum):
    pending = "pending"  # agreed, not yet funded
    funded = "funded"  # money held in escrow
    submitted = "submitted"  # creative delivered, waiting for the owner
    changes_requested = "changes_requested"
    approved = "approved"  # accepted by the owner (or auto-approved)
    released = "released"  # creative's share paid to their payable balance
    refunded = "refunded"
    disputed = "disputed"
    cancelled = "cancelled"


class Contract(IdMixin, TimestampMixin, Base):
    __tablename__ = "contracts"
    __table_args__ = (
        CheckConstraint("price_idr > 0", name="price_positive"),
        Index("ix_contracts_owner_id_created_at", "owner_id", "created_at"),
        Index("ix_contracts_creative_user_id_created_at", "creative_user_id", "created_at"),
    )

    # unique: a gig yields at most one contract, whatever races the accepting clients run.
    gig_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("gigs.id"), unique=True)
    proposal_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("proposals.id"), unique=True)
    business_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("businesses.id"))
    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    creative_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("creative_profiles.id"), index=True)
    creative_user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(200))
    price_idr: Mapped[int]
    delivery_days: Mapped[int]
    status: Mapped[ContractStatus] = mapped_column(str_enum(ContractStatus, "contract_status"))
    completed_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]


class Milestone(IdMixin, TimestampMixin, Base):
    __tablename__ = "milestones"
    __table_args__ = (
        CheckConstraint("amount_idr > 0", name="amount_positive"),
        CheckConstraint(
            "released_idr >= 0 AND refunded_idr >= 0 AND released_idr + refunded_idr <= amount_idr",
            name="settled_within_amount",
        ),
        Index("ix_milestones_contract_id_position", "contract_id", "position"),
        Index("ix_milestones_status_auto_release_at", "status", "auto_release_at"),
    )

    contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contracts.id", ondelete="CASCADE"))
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    amount_idr: Mapped[int]
    due_date: Mapped[date | None]
    status: Mapped[MilestoneStatus] = mapped_column(str_enum(MilestoneStatus, "milestone_status"))
    submission_note: Mapped[str | None] = mapped_column(Text)
    deliverable_urls: Mapped[list[str]] = mapped_column(ARRAY(String(2048)), default=list)
    # Files delivered over every submission (kept: an approved milestone's files are evidence).
    deliverable_file_ids: Mapped[list[uuid.UUID]] = mapped_column(
        ARRAY(Uuid()), default=list, server_default="{}"
    )
    change_request_note: Mapped[str | None] = mapped_column(Text)
    revision_count: Mapped[int] = mapped_column(default=0)
    submitted_at: Mapped[datetime | None]
    approved_at: Mapped[datetime | None]
    # Escrow: when the payment arrived, when a submitted milestone releases itself if the
    # owner stays silent, and how the held amount was finally settled.
    funded_at: Mapped[datetime | None]
    auto_release_at: Mapped[datetime | None]
    released_at: Mapped[datetime | None]
    released_idr: Mapped[int] = mapped_column(default=0, server_default="0")
    refunded_idr: Mapped[int] = mapped_column(default=0, server_default="0")
