from __future__ import annotations

import uuid
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, TimestampMixin
from app.models.types import str_enum


class BusinessScale(StrEnum):
    """UU 20/2008 and PP 7/2021 size classes of UMKM."""

    mikro = "mikro"
    kecil = "kecil"
    menengah = "menengah"


class Business(IdMixin, TimestampMixin, Base):
    __tablename__ = "businesses"
    __table_args__ = (
        Index("uq_businesses_nib", "nib", unique=True, postgresql_where="nib IS NOT NULL"),
        Index("ix_businesses_owner_id_created_at", "owner_id", "created_at"),
    )

    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    sector: Mapped[str] = mapped_column(String(100))
    scale: Mapped[BusinessScale] = mapped_column(str_enum(BusinessScale, "business_scale"))
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    nib: Mapped[str | None] = mapped_column(String(13))
    # Tax id, 15 digits or a sole trader's 16-digit NIK: whole only for the owner and admins.
    npwp: Mapped[str | None] = mapped_column(String(16))
