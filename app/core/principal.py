"""Who a service acts for: framework-free identities that routers resolve and services take.

Services import from here, never from `app.core.auth` (which is FastAPI dependency code).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from app.core.acting import OwnerClaimPending
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
    # A hub facilitator acting for `user` through a delegation (app/core/acting.py): `user` is
    # the owner whose rights are used, `acting_user` the person who clicked.
    acting_user: User | None = None

    @property
    def id(self) -> uuid.UUID:
        return self.user.id

    @property
    def actor_id(self) -> uuid.UUID:
        """Who did it: the facilitator when acting, else the user."""
        return self.acting_user.id if self.acting_user is not None else self.user.id

    @property
    def on_behalf_of_id(self) -> uuid.UUID | None:
        """Whose behalf it was done on, only when someone else acted."""
        return self.user.id if self.acting_user is not None else None

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
    the other side of a deal must be able to reach this person. An account registered by a
    hub and not yet claimed by its owner (403 `owner_claim_pending`) has only drafts."""
    if principal.user.claim_pending:
        raise OwnerClaimPending()
    if principal.user.email_verified_at is None:
        raise EmailUnverified("Open the link we mailed you, or ask for a new one")
