from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, TimestampMixin
from app.models.types import str_enum


class UserRole(StrEnum):
    owner = "owner"
    creative = "creative"
    admin = "admin"


class Locale(StrEnum):
    """The language mail and pages are written in for this person; Indonesian first."""

    id = "id"
    en = "en"


class User(IdMixin, TimestampMixin, Base):
    __tablename__ = "users"

    # Stored lower-cased by the accounts service, so a plain unique constraint suffices.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[UserRole] = mapped_column(str_enum(UserRole, "user_role"))
    phone: Mapped[str | None] = mapped_column(String(20))
    # False while suspended or once erased: sign-in and every token are refused.
    is_active: Mapped[bool] = mapped_column(default=True)
    last_login_at: Mapped[datetime | None]
    # Operator suspension (app/services/privacy/suspension.py); cleared on reinstatement.
    suspended_at: Mapped[datetime | None]
    # UU PDP erasure (app/services/privacy/erasure.py): personal data pseudonymised for good.
    erased_at: Mapped[datetime | None]
    # Null until the person opens the link mailed at sign-up; unverified accounts cannot
    # publish gigs, send proposals or fund milestones.
    email_verified_at: Mapped[datetime | None]
    locale: Mapped[Locale] = mapped_column(
        str_enum(Locale, "user_locale"), default=Locale.id, server_default=Locale.id.value
    )
    # An address change waiting for its confirmation link to be opened.
    pending_email: Mapped[str | None] = mapped_column(String(254))
    # Registered by a hub facilitator for an owner who has not yet claimed the account (set
    # her password through the emailed link); until then the facilitator may only make drafts.
    claim_pending: Mapped[bool] = mapped_column(default=False, server_default="false")
