"""Retention: security records are deleted once they have served their purpose.

Each purge takes at most `BATCH` rows per table per run, claimed with SKIP LOCKED, so several
workers share the work and a large backlog never holds one long transaction. The periods are
listed in the README ("Personal data").
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from app.models import AuthToken, LoginFailure, OAuthAuthorizationCode

BATCH = 1000
# Authorization codes live 60 seconds; a day later nothing can ask about them.
AUTHORIZATION_CODE_RETENTION = timedelta(days=1)


async def _purge(session: AsyncSession, model: Any, expired: ColumnElement[bool]) -> int:
    doomed = (
        select(model.id).where(expired).limit(BATCH).with_for_update(skip_locked=True)
    ).scalar_subquery()
    result = await session.execute(delete(model).where(model.id.in_(doomed)))
    return int(getattr(result, "rowcount", 0) or 0)


async def purge_expired_security_records(session: AsyncSession) -> int:
    """Worker task: failed sign-ins past the throttling window, authorization codes a day after
    they expired, and token records (session metadata) long after they expired."""
    settings = get_settings()
    now = datetime.now(UTC)
    login_cutoff = now - timedelta(seconds=settings.login_window_seconds)
    token_cutoff = now - timedelta(days=settings.token_record_retention_days)
    return (
        await _purge(session, LoginFailure, LoginFailure.failed_at < login_cutoff)
        + await _purge(
            session,
            OAuthAuthorizationCode,
            OAuthAuthorizationCode.expires_at < now - AUTHORIZATION_CODE_RETENTION,
        )
        + await _purge(session, AuthToken, AuthToken.expires_at < token_cutoff)
    )
