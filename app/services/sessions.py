"""A user's sign-ins (token families): listing them and ending one or all of them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import and_, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import NotFound
from app.core.pagination import Page, PageParams, apply_keyset, paginate
from app.core.principal import Principal
from app.core.security import token_digest
from app.models import AuthToken, PartnerApp
from app.schemas.sessions import SessionRead
from app.services.tokens import revoke_family, revoke_user_tokens

FIRST_PARTY_NAME = "Pasar Kreatif"


class SessionNotFound(NotFound):
    code, title = "session_not_found", "No such session"


def _live() -> object:
    now = datetime.now(UTC)
    return func.bool_or(and_(AuthToken.revoked_at.is_(None), AuthToken.expires_at > now))


async def list_sessions(
    session: AsyncSession, principal: Principal, page: PageParams
) -> Page[SessionRead]:
    """The account's live sessions, most recently used first."""
    last_used = func.max(func.coalesce(AuthToken.last_used_at, AuthToken.created_at))
    families = (
        select(
            AuthToken.family_id.label("id"),
            func.max(AuthToken.user_agent).label("user_agent"),
            func.max(AuthToken.client_id).label("client_id"),
            func.min(AuthToken.created_at).label("created_at"),
            last_used.label("last_used_at"),
        )
        .where(AuthToken.user_id == principal.id)
        .group_by(AuthToken.family_id)
        .having(_live())  # type: ignore[arg-type]
        .subquery()
    )
    # Using a session moves it to the front, so a later page may repeat or miss one that was
    # used meanwhile; a person has a handful of sessions and reads them on one page.
    stmt = select(families, PartnerApp.name).outerjoin(
        PartnerApp, PartnerApp.client_id == families.c.client_id
    )
    stmt = apply_keyset(stmt, [families.c.last_used_at, families.c.id], page)
    rows = (await session.execute(stmt)).all()
    return paginate(
        rows,
        page.limit,
        key=lambda row: (row.last_used_at, str(row.id)),
        read=lambda row: SessionRead(
            id=row.id,
            user_agent=row.user_agent,
            client_id=row.client_id,
            client_name=row.name or FIRST_PARTY_NAME,
            created_at=row.created_at,
            last_used_at=row.last_used_at,
            current=row.id == principal.session_id,
        ),
    )


async def end_session(session: AsyncSession, principal: Principal, session_id: uuid.UUID) -> None:
    """Sign out one of the account's sessions; another account's is a 404 like a missing one."""
    ended = await session.execute(
        update(AuthToken)
        .where(
            AuthToken.user_id == principal.id,
            AuthToken.family_id == session_id,
            AuthToken.revoked_at.is_(None),
            AuthToken.expires_at > datetime.now(UTC),
        )
        .values(revoked_at=datetime.now(UTC))
    )
    if not getattr(ended, "rowcount", 0):
        raise SessionNotFound()


async def end_all_sessions(session: AsyncSession, principal: Principal) -> None:
    """Sign out everywhere, this session included; connected partner apps keep their grants
    (they are disconnected at /v1/me/connected-apps)."""
    await revoke_user_tokens(session, principal.id, first_party_only=True)


async def revoke_token(session: AsyncSession, token: str) -> None:
    """RFC 7009: whoever holds a token may revoke it; its whole sign-in ends (access and
    refresh tokens alike). Unknown tokens are ignored, so the answer reveals nothing."""
    family = await session.scalar(
        select(AuthToken.family_id).where(AuthToken.token_hash == token_digest(token))
    )
    if family is not None:
        await revoke_family(session, family)
