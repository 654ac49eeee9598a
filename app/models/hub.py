"""Hubs and programmes: staff, affiliated creatives, assisted businesses (UMKM binaan),
delegations that let a facilitator act for an owner, talent pools and training records."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ARRAY, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, TimestampMixin
from app.models.types import str_enum


class HubKind(StrEnum):
    coworking = "coworking"
    technopark = "technopark"
    government_programme = "government_programme"
    campus = "campus"
    community = "community"


class HubStaffRole(StrEnum):
    hub_admin = "hub_admin"
    facilitator = "facilitator"


class HubStaffStatus(StrEnum):
    invited = "invited"
    active = "active"
    removed = "removed"


class HubCreativeStatus(StrEnum):
    # The creative asked to join; the hub approves or declines.
    requested = "requested"
    # The hub invited the creative; the creative accepts or declines.
    invited = "invited"
    active = "active"
    declined = "declined"
    removed = "removed"


class DelegationStatus(StrEnum):
    pending = "pending"
    active = "active"
    revoked = "revoked"
    declined = "declined"


class DelegationScope(StrEnum):
    """What a facilitator may do for an owner. Money never moves on a facilitator's word:
    funding milestones and approving deliveries are not delegable."""

    gigs_write = "gigs:write"
    proposals_read = "proposals:read"
    proposals_shortlist = "proposals:shortlist"
    proposals_accept = "proposals:accept"
    messages_write = "messages:write"


class Hub(IdMixin, TimestampMixin, Base):
    __tablename__ = "hubs"

    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[HubKind] = mapped_column(str_enum(HubKind, "hub_kind"))
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    # The programme this hub belongs to (MJC -> EJSC Bakorwil Madiun).
    parent_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("hubs.id", ondelete="SET NULL"), index=True
    )
    # An organisation's contact, shown on the public page (not a person's private data).
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(20))
    website: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    address: Mapped[str] = mapped_column(String(300), default="")


class HubStaff(IdMixin, TimestampMixin, Base):
    """A person working for a hub. Their account role (owner/creative) is unchanged."""

    __tablename__ = "hub_staff"
    __table_args__ = (
        # One membership per person and hub; an invitation not yet accepted has no user.
        Index(
            "uq_hub_staff_hub_id_user_id",
            "hub_id",
            "user_id",
            unique=True,
            postgresql_where="user_id IS NOT NULL",
        ),
        Index("ix_hub_staff_user_id", "user_id"),
    )

    hub_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hubs.id", ondelete="CASCADE"))
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[HubStaffRole] = mapped_column(str_enum(HubStaffRole, "hub_staff_role"))
    status: Mapped[HubStaffStatus] = mapped_column(str_enum(HubStaffStatus, "hub_staff_status"))
    # Where the invitation went (personal data: cleared once accepted or on erasure).
    invited_email: Mapped[str | None] = mapped_column(String(254))
    invited_by_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    accepted_at: Mapped[datetime | None]


class HubCreative(IdMixin, TimestampMixin, Base):
    """A creative affiliated with a hub; shown as verified once `active`."""

    __tablename__ = "hub_creatives"
    __table_args__ = (
        UniqueConstraint("hub_id", "creative_id"),
        Index("ix_hub_creatives_creative_id", "creative_id"),
    )

    hub_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hubs.id", ondelete="CASCADE"))
    creative_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("creative_profiles.id", ondelete="CASCADE")
    )
    status: Mapped[HubCreativeStatus] = mapped_column(
        str_enum(HubCreativeStatus, "hub_creative_status")
    )
    decided_by_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    verified_at: Mapped[datetime | None]


class HubBusiness(IdMixin, TimestampMixin, Base):
    """An assisted business (UMKM binaan) of a hub."""

    __tablename__ = "hub_businesses"
    __table_args__ = (
        UniqueConstraint("hub_id", "business_id"),
        Index("ix_hub_businesses_business_id", "business_id"),
    )

    hub_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hubs.id", ondelete="CASCADE"))
    business_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("businesses.id", ondelete="CASCADE"))
    # The pendamping who registered or looks after this business.
    facilitator_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )


class Delegation(IdMixin, TimestampMixin, Base):
    """An owner's grant letting one facilitator of one hub act for her, within scopes."""

    __tablename__ = "delegations"
    __table_args__ = (
        Index("ix_delegations_owner_user_id", "owner_user_id", "status"),
        Index("ix_delegations_facilitator_user_id", "facilitator_user_id", "status"),
        CheckConstraint("cardinality(scopes) > 0", name="scopes_not_empty"),
    )

    hub_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hubs.id", ondelete="CASCADE"))
    facilitator_user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE")
    )
    owner_user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    scopes: Mapped[list[str]] = mapped_column(ARRAY(String(40)))
    status: Mapped[DelegationStatus] = mapped_column(
        str_enum(DelegationStatus, "delegation_status")
    )
    expires_at: Mapped[datetime]
    approved_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    revoked_by_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )


class TalentPool(IdMixin, TimestampMixin, Base):
    """A hub's curated list of creatives ("Desainer kemasan EJSC Madiun")."""

    __tablename__ = "talent_pools"
    __table_args__ = (UniqueConstraint("hub_id", "slug"),)

    hub_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hubs.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    category_slug: Mapped[str | None] = mapped_column(ForeignKey("categories.slug"))


class TalentPoolMember(Base):
    __tablename__ = "talent_pool_members"
    __table_args__ = (Index("ix_talent_pool_members_creative_id", "creative_id"),)

    pool_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("talent_pools.id", ondelete="CASCADE"), primary_key=True
    )
    creative_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("creative_profiles.id", ondelete="CASCADE"), primary_key=True
    )
    reviewed_by_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    reviewed_on: Mapped[date]
    note: Mapped[str] = mapped_column(Text, default="")


class TrainingRecord(IdMixin, TimestampMixin, Base):
    """A programme a creative completed at a hub, verified by that hub."""

    __tablename__ = "training_records"
    __table_args__ = (
        Index("ix_training_records_creative_id", "creative_id"),
        Index("ix_training_records_hub_id", "hub_id", "completed_on"),
        CheckConstraint("days > 0 AND days <= 365", name="days"),
    )

    hub_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hubs.id", ondelete="CASCADE"))
    creative_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("creative_profiles.id", ondelete="CASCADE")
    )
    title: Mapped[str] = mapped_column(String(200))
    days: Mapped[int]
    completed_on: Mapped[date]
    certificate_file_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("files.id", ondelete="SET NULL")
    )
    recorded_by_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
