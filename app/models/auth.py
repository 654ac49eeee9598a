"""Opaque bearer tokens (stored hashed) and login-failure records for throttling."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ARRAY, ForeignKey, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin
from app.models.types import str_enum


class TokenKind(StrEnum):
    access = "access"
    refresh = "refresh"


class AuthToken(IdMixin, Base):
    """One issued token. `client_id` is null for our own clients and names the partner app
    for delegated or app tokens; `family_id` ties a refresh chain together so reuse of a
    rotated refresh token can revoke the whole family (OAuth 2.0 security BCP)."""

    __tablename__ = "auth_tokens"
    __table_args__ = (Index("ix_auth_tokens_family_id", "family_id"),)

    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[TokenKind] = mapped_column(str_enum(TokenKind, "token_kind"))
    user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    client_id: Mapped[str | None] = mapped_column(String(64))
    scopes: Mapped[list[str]] = mapped_column(ARRAY(String(64)), default=list)
    family_id: Mapped[uuid.UUID]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    # What signed in (the User-Agent of the sign-in), shown in the user's session list.
    user_agent: Mapped[str | None] = mapped_column(String(300))
    # Refreshed at most every few minutes (app/core/auth.py), not on every request.
    last_used_at: Mapped[datetime | None]


class LoginFailure(IdMixin, Base):
    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_key_failed_at", "throttle_key", "failed_at"),)

    # "account:<lowercased email>" or "address:<client ip>"
    throttle_key: Mapped[str] = mapped_column(String(300))
    failed_at: Mapped[datetime] = mapped_column(server_default=func.now())
