"""Who is calling: bearer-token resolution and the typed dependencies routes declare."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Security
from fastapi.security import OAuth2PasswordBearer, SecurityScopes
from sqlalchemy import select

from app.core.db import SessionDep
from app.core.errors import InsufficientScope, InvalidToken, RoleRequired
from app.core.security import token_digest
from app.models import AuthToken, TokenKind, User, UserRole

# Scopes a partner app may be granted; first-party tokens carry FULL_ACCESS.
SCOPES: dict[str, str] = {
    "gigs:read": "Read public gigs",
    "proposals:read": "Read the creative's proposals",
    "proposals:write": "Submit and withdraw proposals for the creative",
    "profile:read": "Read the creative's profile",
    "profile:write": "Edit the creative's profile",
    "contracts:read": "Read the creative's contracts and milestones",
    "invitations:write": "Accept or decline invitations for the creative",
    "webhooks:manage": "Manage webhook endpoints",
}
FULL_ACCESS = "*"

oauth2_scheme = OAuth2PasswordBearer(
    tokenUrl="/v1/auth/token", scopes=SCOPES, auto_error=False, scheme_name="OAuth2"
)


@dataclass(frozen=True)
class Principal:
    """The authenticated caller: a user, optionally acting through a partner app."""

    user: User
    scopes: frozenset[str] = field(default_factory=frozenset)
    client_id: str | None = None

    @property
    def id(self) -> uuid.UUID:
        return self.user.id

    @property
    def role(self) -> UserRole:
        return self.user.role

    def has_scope(self, scope: str) -> bool:
        return FULL_ACCESS in self.scopes or scope in self.scopes


async def _principal_from_token(session: SessionDep, token: str) -> Principal:
    row = (
        await session.execute(
            select(AuthToken, User)
            .join(User, User.id == AuthToken.user_id)
            .where(
                AuthToken.token_hash == token_digest(token),
                AuthToken.kind == TokenKind.access,
            )
        )
    ).first()
    if row is None:
        raise InvalidToken()
    auth_token, user = row
    if (
        auth_token.revoked_at is not None
        or auth_token.expires_at <= datetime.now(UTC)
        or not user.is_active
    ):
        raise InvalidToken()
    return Principal(user=user, scopes=frozenset(auth_token.scopes), client_id=auth_token.client_id)


async def get_principal(
    security_scopes: SecurityScopes,
    session: SessionDep,
    token: Annotated[str | None, Depends(oauth2_scheme)],
) -> Principal:
    if not token or len(token) > 200:
        raise InvalidToken("Send `Authorization: Bearer <access_token>`")
    principal = await _principal_from_token(session, token)
    missing = [s for s in security_scopes.scopes if not principal.has_scope(s)]
    if missing:
        raise InsufficientScope(f"Token lacks scope(s): {', '.join(missing)}")
    return principal


async def get_optional_principal(
    session: SessionDep,
    token: Annotated[str | None, Depends(oauth2_scheme)],
) -> Principal | None:
    if not token:
        return None
    if len(token) > 200:
        raise InvalidToken()
    return await _principal_from_token(session, token)


def require_role(principal: Principal, *roles: UserRole) -> None:
    if principal.role not in roles:
        raise RoleRequired(f"Only {' or '.join(r.value for r in roles)} accounts can do this")


CurrentUser = Annotated[Principal, Security(get_principal)]
OptionalUser = Annotated[Principal | None, Depends(get_optional_principal)]


def scoped(*scopes: str) -> object:
    """`Annotated[Principal, scoped("proposals:write")]` for endpoints partner apps may call."""
    return Security(get_principal, scopes=list(scopes))


async def _owner(principal: CurrentUser) -> Principal:
    require_role(principal, UserRole.owner)
    return principal


async def _creative(principal: CurrentUser) -> Principal:
    require_role(principal, UserRole.creative)
    return principal


async def _admin(principal: CurrentUser) -> Principal:
    require_role(principal, UserRole.admin)
    return principal


OwnerUser = Annotated[Principal, Depends(_owner)]
CreativeUser = Annotated[Principal, Depends(_creative)]
AdminUser = Annotated[Principal, Depends(_admin)]
