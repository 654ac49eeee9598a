"""The worker deletes security records once their retention period is over, and nothing else."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import AuthToken, LoginFailure, OAuthAuthorizationCode, TokenKind
from app.services.privacy.retention import purge_expired_security_records
from app.workers.tasks import TASKS
from tests.factories import make_user
from tests.partners.kit import register_app


async def _count(session: AsyncSession, model: type, **where: object) -> int:
    stmt = select(func.count()).select_from(model).filter_by(**where)
    return int(await session.scalar(stmt) or 0)


async def test_old_security_records_are_purged_and_recent_ones_kept(session: AsyncSession) -> None:
    now = datetime.now(UTC)
    creative = await make_user(session, "creative")
    partner = await register_app(session)
    session.add_all(
        [
            LoginFailure(throttle_key="account:lama@contoh.id", failed_at=now - timedelta(hours=1)),
            LoginFailure(
                throttle_key="account:baru@contoh.id", failed_at=now - timedelta(minutes=1)
            ),
        ]
    )
    for expires_at, challenge in ((now - timedelta(days=2), "old"), (now, "new")):
        session.add(
            OAuthAuthorizationCode(
                code_hash=uuid.uuid4().hex,
                app_id=partner.app.id,
                user_id=creative.id,
                redirect_uri="https://hub.ejsc.contoh.id/oauth/callback",
                scopes=["gigs:read"],
                code_challenge=challenge,
                expires_at=expires_at,
            )
        )
    session.add(
        AuthToken(
            token_hash=uuid.uuid4().hex,
            kind=TokenKind.refresh,
            user_id=creative.id,
            scopes=["*"],
            family_id=uuid.uuid4(),
            expires_at=now - timedelta(days=91),
        )
    )
    await session.flush()
    tokens_before = await _count(session, AuthToken, user_id=creative.id)

    purged = await purge_expired_security_records(session)

    assert purged == 3
    assert await _count(session, LoginFailure, throttle_key="account:lama@contoh.id") == 0
    assert await _count(session, LoginFailure, throttle_key="account:baru@contoh.id") == 1
    assert await _count(session, OAuthAuthorizationCode, code_challenge="old") == 0
    assert await _count(session, OAuthAuthorizationCode, code_challenge="new") == 1
    # The sign-up's own (live) tokens stay.
    assert await _count(session, AuthToken, user_id=creative.id) == tokens_before - 1
    assert await purge_expired_security_records(session) == 0


def test_the_worker_runs_the_purge() -> None:
    assert "privacy.purge_security_records" in {task.name for task in TASKS}
