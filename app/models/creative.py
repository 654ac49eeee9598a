from __future__ import annotations

import uuid
from enum import StrEnum

from sqlalchemy import Column, Computed, ForeignKey, Index, Numeric, String, Table, Text, text
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, TimestampMixin
from app.models.types import str_enum


class Availability(StrEnum):
    available = "available"
    busy = "busy"


creative_skills = Table(
    "creative_skills",
    Base.metadata,
    Column(
        "creative_id",
        ForeignKey("creative_profiles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("skill_slug", ForeignKey("skills.slug"), primary_key=True),
    # "Who has skill X" from this index alone (the directory's skill filter).
    Index("ix_creative_skills_skill_slug_creative_id", "skill_slug", "creative_id"),
    # Matching samples a skill's creatives in a fixed pseudo-random order (a hash of the id),
    # starting at a point that differs per gig: a few hundred index entries, not thousands.
    Index(
        "ix_creative_skills_matching_sample",
        "skill_slug",
        text("uuid_hash(creative_id)"),
        "creative_id",
    ),
)

creative_categories = Table(
    "creative_categories",
    Base.metadata,
    Column(
        "creative_id",
        ForeignKey("creative_profiles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("category_slug", ForeignKey("categories.slug"), primary_key=True),
    Index("ix_creative_categories_category_slug_creative_id", "category_slug", "creative_id"),
    # The same sampling order as ix_creative_skills_matching_sample, for a category.
    Index(
        "ix_creative_categories_matching_sample",
        "category_slug",
        text("uuid_hash(creative_id)"),
        "creative_id",
    ),
)


class CreativeProfile(IdMixin, TimestampMixin, Base):
    __tablename__ = "creative_profiles"
    __table_args__ = (
        Index("ix_creative_profiles_search_vector", "search_vector", postgresql_using="gin"),
        Index("ix_creative_profiles_created_at_id", "created_at", "id"),
        # Matching pre-scores thousands of candidates on these narrow columns; an index-only
        # scan spares reading the wide rows (bio, search vector).
        Index(
            "ix_creative_profiles_matching",
            "id",
            postgresql_include=["region_code", "availability", "rate_min_idr"],
        ),
        # Matching's creatives of one regency, in the sampling order of the skill index, with
        # what their pre-score reads.
        Index(
            "ix_creative_profiles_region_sample",
            "region_code",
            text("uuid_hash(id)"),
            "id",
            postgresql_include=["availability", "rate_min_idr"],
        ),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True
    )
    display_name: Mapped[str] = mapped_column(String(200))
    headline: Mapped[str] = mapped_column(String(200))
    bio: Mapped[str] = mapped_column(Text, default="")
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    rate_min_idr: Mapped[int | None]
    availability: Mapped[Availability] = mapped_column(str_enum(Availability, "availability"))
    # Denormalised reputation, kept current by the reviews and contracts services.
    rating_avg: Mapped[float | None] = mapped_column(Numeric(3, 2, asdecimal=False))
    rating_count: Mapped[int] = mapped_column(default=0)
    completed_contracts: Mapped[int] = mapped_column(default=0)
    # Indonesian stemming first ("pengemasan" -> "kemas"), English as a second pass.
    search_vector: Mapped[str] = mapped_column(
        TSVECTOR,
        Computed(
            "setweight(to_tsvector('indonesian', coalesce(headline, '')), 'A') || "
            "setweight(to_tsvector('indonesian', coalesce(bio, '')), 'B') || "
            "setweight(to_tsvector('english', coalesce(headline, '') || ' ' || "
            "coalesce(bio, '')), 'C')",
            persisted=True,
        ),
    )


class PortfolioItem(IdMixin, Base):
    __tablename__ = "portfolio_items"

    creative_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("creative_profiles.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(2048))
    description: Mapped[str] = mapped_column(Text, default="")
    category_slug: Mapped[str] = mapped_column(ForeignKey("categories.slug"))
    # An uploaded `portfolio_image` (public once used here).
    image_file_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("files.id", ondelete="SET NULL")
    )
