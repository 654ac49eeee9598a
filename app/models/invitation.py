"""An owner's invitation to a creative to send a proposal for an open gig."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, TimestampMixin
from app.models.types import str_enum


class InvitationStatus(StrEnum):
    pending = "pending"
    accepted = "accepted"
    declined = "declined"
    # Never stored today: a pending invitation reads as expired once its gig is no longer
    # open or its deadline has come (app/services/invitations.py).
    expired = "expired"


class Invitation(IdMixin, TimestampMixin, Base):
    __tablename__ = "invitations"
    __table_args__ = (
        # One invitation per creative per gig, whatever its answer: a creative who declined is
        # not asked again for the same gig.
        UniqueConstraint("gig_id", "creative_id", name="uq_invitations_gig_id_creative_id"),
        Index("ix_invitations_owner_id_created_at", "owner_id", "created_at"),
        Index("ix_invitations_creative_user_id_created_at", "creative_user_id", "created_at"),
    )

    gig_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("gigs.id", ondelete="CASCADE"))
    creative_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("creative_profiles.id", ondelete="CASCADE"), index=True
    )
    # Denormalised so "is this mine?" needs no join, for either party.
    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    creative_user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    message: Mapped[str | None] = mapped_column(Text)
    status: Mapped[InvitationStatus] = mapped_column(
        str_enum(InvitationStatus, "invitation_status")
    )
    responded_at: Mapped[datetime | None]
