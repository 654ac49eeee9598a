from __future__ import annotations

import uuid
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, TimestampMixin
from app.models.types import str_enum


class ProposalStatus(StrEnum):
    submitted = "submitted"
    shortlisted = "shortlisted"
    accepted = "accepted"
    rejected = "rejected"  # by the gig's owner
    withdrawn = "withdrawn"  # by the creative
    declined = "declined"  # closed because another proposal was accepted or the gig ended


LIVE_PROPOSAL_STATUSES = (
    ProposalStatus.submitted,
    ProposalStatus.shortlisted,
    ProposalStatus.accepted,
)


class Proposal(IdMixin, TimestampMixin, Base):
    __tablename__ = "proposals"
    __table_args__ = (
        CheckConstraint("price_idr > 0", name="price_positive"),
        CheckConstraint("delivery_days BETWEEN 1 AND 365", name="delivery_days"),
        # One live proposal per creative per gig; a withdrawn one may be followed by a new one.
        Index(
            "uq_proposals_gig_id_creative_id_live",
            "gig_id",
            "creative_id",
            unique=True,
            postgresql_where=text("status IN ('submitted', 'shortlisted', 'accepted')"),
        ),
        Index("ix_proposals_gig_id_created_at", "gig_id", "created_at"),
        Index("ix_proposals_creative_id_created_at", "creative_id", "created_at"),
    )

    gig_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("gigs.id", ondelete="CASCADE"))
    creative_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("creative_profiles.id", ondelete="CASCADE")
    )
    # Denormalised so "is this my proposal?" needs no join.
    creative_user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    cover_letter: Mapped[str] = mapped_column(Text)
    price_idr: Mapped[int]
    delivery_days: Mapped[int]
    status: Mapped[ProposalStatus] = mapped_column(str_enum(ProposalStatus, "proposal_status"))
