"""What suspension and erasure both do: end every session and take the account out of sight."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import AuthToken, Gig, OAuthAuthorizationCode


async def revoke_all_tokens(session: AsyncSession, user_id: uuid.UUID, now: datetime) -> int:
    """Every access and refresh token of the user, first-party and partner, stops working;
    pending authorization codes are dropped so none can be exchanged later."""
    result = await session.execute(
        update(AuthToken)
        .where(AuthToken.user_id == user_id, AuthToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    await session.execute(
        delete(OAuthAuthorizationCode).where(OAuthAuthorizationCode.user_id == user_id)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def hide_gigs(session: AsyncSession, owner_id: uuid.UUID, now: datetime) -> None:
    """Every gig of the owner leaves search, the gig page and matching."""
    await session.execute(
        update(Gig)
        .where(Gig.owner_id == owner_id, Gig.hidden_at.is_(None))
        .values(hidden_at=now)
        .execution_options(synchronize_session=False)
    )


async def show_gigs(session: AsyncSession, owner_id: uuid.UUID) -> None:
    await session.execute(
        update(Gig)
        .where(Gig.owner_id == owner_id, Gig.hidden_at.is_not(None))
        .values(hidden_at=None)
        .execution_options(synchronize_session=False)
    )
