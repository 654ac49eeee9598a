"""Reference data: categories, skills (with synonyms) and Kemendagri regions."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import ARRAY, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base
from app.models.types import str_enum


class Category(Base):
    __tablename__ = "categories"

    slug: Mapped[str] = mapped_column(String(64), primary_key=True)
    name_id: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    description_id: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)


class Skill(Base):
    __tablename__ = "skills"
    __table_args__ = (
        Index(
            "ix_skills_search_text_trgm",
            "search_text",
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
        ),
    )

    slug: Mapped[str] = mapped_column(String(64), primary_key=True)
    name_id: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    category_slug: Mapped[str] = mapped_column(ForeignKey("categories.slug"), index=True)
    synonyms: Mapped[list[str]] = mapped_column(ARRAY(String(120)), default=list)
    # Lowercased names and synonyms, one string, for trigram and substring lookup.
    search_text: Mapped[str] = mapped_column(Text)


class RegionLevel(StrEnum):
    province = "province"
    regency = "regency"


class Region(Base):
    __tablename__ = "regions"
    __table_args__ = (
        Index(
            "ix_regions_name_trgm",
            "name",
            postgresql_using="gin",
            postgresql_ops={"name": "gin_trgm_ops"},
        ),
    )

    code: Mapped[str] = mapped_column(String(13), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    level: Mapped[RegionLevel] = mapped_column(str_enum(RegionLevel, "region_level"))
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"), index=True)
