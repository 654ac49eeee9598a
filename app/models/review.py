"""Double-blind reviews between the two parties of a completed contract."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    SmallInteger,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, TimestampMixin


class Review(IdMixin, TimestampMixin, Base):
    """Hidden from the other party until both reviewed or the window closed (`published_at`)."""

    __tablename__ = "reviews"
    __table_args__ = (
        UniqueConstraint("contract_id", "author_user_id", name="uq_reviews_contract_author"),
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
        Index("ix_reviews_creative_id_published_at", "creative_id", "published_at"),
        Index(
            "ix_reviews_unpublished_due",
            "publish_due_at",
            postgresql_where=text("published_at IS NULL"),
        ),
    )

    contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contracts.id", ondelete="CASCADE"))
    author_user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    subject_user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    # Set when the subject is the contract's creative: the rating feeds their profile.
    creative_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("creative_profiles.id"))
    rating: Mapped[int] = mapped_column(SmallInteger)
    comment: Mapped[str] = mapped_column(Text, default="")
    publish_due_at: Mapped[datetime]
    published_at: Mapped[datetime | None]
