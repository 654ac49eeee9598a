"""app/core/rate_limit.py: exact fixed-window counts on PostgreSQL, from any connection."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.core import rate_limit
from app.models import RateLimitCounter
from tests.conftest import truncate_user_data

NOON = datetime(2026, 12, 6, 5, 0, 4, tzinfo=UTC)  # 4 s into a minute


@pytest.fixture
async def clean(engine: AsyncEngine) -> AsyncIterator[None]:
    yield
    await truncate_user_data(engine)


async def test_concurrent_hits_on_separate_connections_admit_exactly_the_limit(
    engine: AsyncEngine, clean: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rate_limit, "clock", lambda: NOON)
    decisions = await asyncio.gather(
        *(rate_limit.hit(engine, "signup:203.0.113.9", 7, 60) for _ in range(20))
    )
    assert sum(d.allowed for d in decisions) == 7
    assert sorted(d.remaining for d in decisions if d.allowed) == list(range(7))
    refused = next(d for d in decisions if not d.allowed)
    assert refused.retry_after == 56 and refused.headers == {
        "RateLimit-Limit": "7",
        "RateLimit-Remaining": "0",
        "RateLimit-Reset": "56",
        "RateLimit-Policy": "7;w=60",
    }
    # Another key has its own count; the next window starts afresh.
    assert (await rate_limit.hit(engine, "signup:198.51.100.1", 7, 60)).allowed
    monkeypatch.setattr(rate_limit, "clock", lambda: NOON + timedelta(seconds=56))
    assert (await rate_limit.hit(engine, "signup:203.0.113.9", 7, 60)).remaining == 6


async def test_a_hit_in_a_session_is_part_of_its_transaction(
    session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rate_limit, "clock", lambda: NOON)
    assert (await rate_limit.hit(session, "invite:owner-1", 2, 60)).allowed
    assert (await rate_limit.hit(session, "invite:owner-1", 2, 60)).allowed
    assert not (await rate_limit.hit(session, "invite:owner-1", 2, 60)).allowed


async def test_the_worker_purges_ended_windows(session: AsyncSession) -> None:
    long_ago = datetime.now(UTC) - timedelta(hours=1)
    session.add_all(
        [
            RateLimitCounter(key="old", window_start=long_ago, hits=3, expires_at=long_ago),
            RateLimitCounter(
                key="current",
                window_start=long_ago,
                hits=1,
                expires_at=datetime.now(UTC) + timedelta(minutes=1),
            ),
        ]
    )
    await session.flush()
    assert await rate_limit.purge_expired_counters(session) == 1
    keys = (await session.scalars(select(RateLimitCounter.key))).all()
    assert keys == ["current"]
    assert await session.scalar(select(func.count()).select_from(RateLimitCounter)) == 1
