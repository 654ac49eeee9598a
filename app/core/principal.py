"""Who a service acts for: framework-free identities that routers resolve and services take.

Services import from here, never from `app.core.auth` (which is FastAPI dependency code).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from app.core.errors import EmailUnverified, RoleRequired
from app.models import User, UserRole

# The scope first-party tokens carry: every right the user has.
FULL_ACCESS = "*"


@dataclass(frozen=True)
class Principal:
    """The authenticated caller: a user, optionally acting through a partner app."""

    user: User
    scopes: frozenset[str] = field(default_factory=frozenset)
    client_id: str | None = None
    # The sign-in (token family) the request's token belongs to, when it came from a token.
    session_id: uuid.UUID | None = None

    @property
    def id(self) -> uuid.UUID:
        return self.user.id

    @property
    def role(self) -> UserRole:
        return self.user.role

    def has_scope(self, scope: str) -> bool:
        return FULL_ACCESS in self.scopes or scope in self.scopes


@dataclass(frozen=True)
class Caller:
    """Whoever holds the token: a user (first-party or through an app) or a partner app on its
    own (`client_credentials`, no user)."""

    user: User | None
    scopes: frozenset[str]
    client_id: str | None
    session_id: uuid.UUID | None = None

    def has_scope(self, scope: str) -> bool:
        return FULL_ACCESS in self.scopes or scope in self.scopes


def require_role(principal: Principal, *roles: UserRole) -> None:
    """Only accounts of one of `roles` may do this (403 `role_required` otherwise)."""
    if principal.role not in roles:
        raise RoleRequired(f"Only {' or '.join(r.value for r in roles)} accounts can do this")


def require_verified_email(principal: Principal) -> None:
    """Publishing, proposing and paying need a confirmed address (403 `email_unverified`):
    the other side of a deal must be able to reach this person."""
    if principal.user.email_verified_at is None:
        raise EmailUnverified("Open the link we mailed you, or ask for a new one")
