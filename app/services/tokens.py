"""Issuing, rotating and revoking opaque bearer tokens.

Access tokens are short-lived; refresh tokens rotate on every use and share a `family_id`, so
presenting an already-rotated refresh token (a sign it was stolen) revokes the whole family.
Partner apps (client credentials, delegated grants) reuse this with `client_id` and scopes.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from app.core.errors import InvalidGrant
from app.core.principal import FULL_ACCESS
from app.core.security import (
    ACCESS_TOKEN_PREFIX,
    REFRESH_TOKEN_PREFIX,
    new_token,
    token_digest,
)
from app.models import AuthToken, TokenKind, User
from app.models.base import new_id


@dataclass(frozen=True)
class IssuedTokens:
    access_token: str
    refresh_token: str | None
    expires_in: int
    scopes: tuple[str, ...]


async def issue_tokens(
    session: AsyncSession,
    *,
    user: User | None,
    scopes: tuple[str, ...] = (FULL_ACCESS,),
    client_id: str | None = None,
    family_id: uuid.UUID | None = None,
    with_refresh: bool = True,
    user_agent: str | None = None,
) -> IssuedTokens:
    """Create an access token (and a refresh token in the same family) for `user`."""
    settings = get_settings()
    now = datetime.now(UTC)
    family = family_id or new_id()
    access = new_token(ACCESS_TOKEN_PREFIX)
    rows = [
        AuthToken(
            token_hash=token_digest(access),
            kind=TokenKind.access,
            user_id=user.id if user else None,
            client_id=client_id,
            scopes=list(scopes),
            family_id=family,
            expires_at=now + timedelta(seconds=settings.access_token_ttl_seconds),
            user_agent=_printable(user_agent),
            last_used_at=now,
        )
    ]
    refresh = None
    if with_refresh:
        refresh = new_token(REFRESH_TOKEN_PREFIX)
        rows.append(
            AuthToken(
                token_hash=token_digest(refresh),
                kind=TokenKind.refresh,
                user_id=user.id if user else None,
                client_id=client_id,
                scopes=list(scopes),
                family_id=family,
                expires_at=now + timedelta(seconds=settings.refresh_token_ttl_seconds),
                user_agent=_printable(user_agent),
                last_used_at=now,
            )
        )
    session.add_all(rows)
    await session.flush()
    return IssuedTokens(access, refresh, settings.access_token_ttl_seconds, scopes)


async def rotate_refresh_token(
    session: AsyncSession,
    refresh_token: str,
    *,
    client_id: str | None = None,
    scopes: Callable[[tuple[str, ...]], tuple[str, ...]] | None = None,
) -> IssuedTokens:
    """Exchange a live refresh token for a new pair; the old one stops working at once.

    A partner app's refresh token works only for that app (`client_id`, already
    authenticated by the caller); `scopes` may narrow the scopes, never widen them.
    """
    now = datetime.now(UTC)
    stored = await session.scalar(
        select(AuthToken)
        .where(
            AuthToken.token_hash == token_digest(refresh_token),
            AuthToken.kind == TokenKind.refresh,
        )
        .with_for_update()
    )
    if stored is None or stored.client_id != client_id:
        raise InvalidGrant("Unknown refresh token", error="invalid_grant")
    if stored.revoked_at is not None:
        await revoke_family(session, stored.family_id)
        # Reuse detection must survive the error response, so this phase commits on its own.
        await session.commit()
        raise InvalidGrant("Refresh token was already used; the session is revoked")
    if stored.expires_at <= now:
        raise InvalidGrant("Refresh token has expired")
    user = await session.get(User, stored.user_id) if stored.user_id else None
    if stored.user_id is not None and (user is None or not user.is_active):
        raise InvalidGrant("The account is not active")
    new_scopes = scopes(tuple(stored.scopes)) if scopes else tuple(stored.scopes)
    stored.revoked_at = now
    return await issue_tokens(
        session,
        user=user,
        scopes=new_scopes,
        client_id=stored.client_id,
        family_id=stored.family_id,
        user_agent=stored.user_agent,
    )


async def revoke_family(session: AsyncSession, family_id: uuid.UUID) -> None:
    await session.execute(
        update(AuthToken)
        .where(AuthToken.family_id == family_id, AuthToken.revoked_at.is_(None))
        .values(revoked_at=datetime.now(UTC))
    )


async def revoke_user_tokens(
    session: AsyncSession,
    user_id: uuid.UUID,
    *,
    keep_family: uuid.UUID | None = None,
    first_party_only: bool = False,
) -> None:
    """Sign the user out: every live token, or all but the `keep_family` sign-in, or only
    our own apps' tokens (partner apps keep their grants)."""
    conditions = [AuthToken.user_id == user_id, AuthToken.revoked_at.is_(None)]
    if keep_family is not None:
        conditions.append(AuthToken.family_id != keep_family)
    if first_party_only:
        conditions.append(AuthToken.client_id.is_(None))
    await session.execute(update(AuthToken).where(*conditions).values(revoked_at=datetime.now(UTC)))


def _printable(user_agent: str | None) -> str | None:
    if not user_agent:
        return None
    cleaned = "".join(ch for ch in user_agent if ch.isprintable())
    return cleaned[:300] or None
