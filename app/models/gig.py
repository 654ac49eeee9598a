from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Column,
    Computed,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, TimestampMixin
from app.models.types import str_enum


class GigStatus(StrEnum):
    draft = "draft"
    open = "open"
    in_progress = "in_progress"
    completed = "completed"
    cancelled = "cancelled"


class WorkMode(StrEnum):
    remote = "remote"
    onsite = "onsite"
    hybrid = "hybrid"


gig_skills = Table(
    "gig_skills",
    Base.metadata,
    Column("gig_id", ForeignKey("gigs.id", ondelete="CASCADE"), primary_key=True),
    Column("skill_slug", ForeignKey("skills.slug"), primary_key=True, index=True),
)


class Gig(IdMixin, TimestampMixin, Base):
    __tablename__ = "gigs"
    __table_args__ = (
        CheckConstraint("budget_min_idr > 0 AND budget_min_idr <= budget_max_idr", name="budget"),
        Index("ix_gigs_search_vector", "search_vector", postgresql_using="gin"),
        # Search of open gigs (what GET /v1/gigs shows by default) within a province or a
        # regency: btree_gin lets one GIN scan intersect the place with the text query, so a
        # search reads only the matching gigs of that place, not every gig using the words.
        Index(
            "ix_gigs_open_search",
            text("left(region_code, 2)"),
            "region_code",
            "search_vector",
            postgresql_using="gin",
            postgresql_where=text("status = 'open'"),
        ),
        Index("ix_gigs_status_created_at_id", "status", "created_at", "id"),
        # Keysets of the budget and deadline sorts of GET /v1/gigs.
        Index("ix_gigs_status_budget_max_idr_id", "status", "budget_max_idr", "id"),
        Index("ix_gigs_status_deadline_id", "status", "deadline", "id"),
        Index("ix_gigs_owner_id_created_at", "owner_id", "created_at"),
    )

    business_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("businesses.id", ondelete="CASCADE"), index=True
    )
    # Denormalised from the business so ownership checks need no join.
    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    category_slug: Mapped[str] = mapped_column(ForeignKey("categories.slug"), index=True)
    budget_min_idr: Mapped[int]
    budget_max_idr: Mapped[int]
    deadline: Mapped[date]
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"), index=True)
    work_mode: Mapped[WorkMode] = mapped_column(str_enum(WorkMode, "work_mode"))
    status: Mapped[GigStatus] = mapped_column(str_enum(GigStatus, "gig_status"))
    published_at: Mapped[datetime | None]
    proposal_count: Mapped[int] = mapped_column(default=0)
    # Set while the owner is suspended or once erased: the gig is left out of every public
    # read (search, gig page, matching). A column, not a join, so search stays one table.
    hidden_at: Mapped[datetime | None]
    # Offered to a hub's talent pool first: only its members see it and propose until
    # pool_exclusive_until, then it is open to everyone.
    pool_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("talent_pools.id", ondelete="SET NULL"), index=True
    )
    pool_exclusive_until: Mapped[datetime | None]
    search_vector: Mapped[str] = mapped_column(
        TSVECTOR,
        Computed(
            "setweight(to_tsvector('indonesian', coalesce(title, '')), 'A') || "
            "setweight(to_tsvector('indonesian', coalesce(description, '')), 'B') || "
            "setweight(to_tsvector('english', coalesce(title, '') || ' ' || "
            "coalesce(description, '')), 'C')",
            persisted=True,
        ),
    )
