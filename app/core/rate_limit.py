"""Rate limits every replica shares: fixed-window counters in PostgreSQL.

`hit()` counts one request against `limit` per `window_seconds` for a key with one UPSERT on
`rate_limit_counters` (key, window start): the row lock the UPSERT takes makes concurrent
hits from any number of processes count exactly, so a limit of 10 admits 10 per window
across all replicas, never 10 per process. Fixed windows let a client spend a window's
allowance at its end and the next one's at once (up to 2 x limit in a short span); the
limits here are abuse guards sized with that in mind, not billing.

Given an AsyncSession the hit is part of the caller's transaction (its row stays locked and
it is undone on rollback until that commits; commit soon). Given an AsyncEngine it is
counted and committed on a connection of its own.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.models import RateLimitCounter


def _utc_now() -> datetime:
    return datetime.now(UTC)


# The time windows are cut from (tests set a fixed one so a window cannot end mid-test).
clock: Callable[[], datetime] = _utc_now


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    window_seconds: int
    remaining: int
    reset_seconds: int  # until the window ends and the count starts again
    retry_after: int  # seconds until a request may succeed (0 when allowed now)

    @property
    def headers(self) -> dict[str, str]:
        """IETF draft `RateLimit-*` fields (draft-ietf-httpapi-ratelimit-headers)."""
        return {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset_seconds),
            "RateLimit-Policy": f"{self.limit};w={self.window_seconds}",
        }


def _window(now: datetime, window_seconds: int) -> tuple[datetime, datetime]:
    epoch = now.timestamp()
    start = datetime.fromtimestamp(epoch - epoch % window_seconds, UTC)
    return start, start + timedelta(seconds=window_seconds)


async def hit(
    target: AsyncSession | AsyncEngine, key: str, limit: int, window_seconds: int
) -> Decision:
    """Count one request for `key`; allowed while the window's count is at most `limit`."""
    if limit < 1 or window_seconds < 1:
        raise ValueError("limit and window_seconds must be positive")
    now = clock()
    start, end = _window(now, window_seconds)
    upsert = (
        insert(RateLimitCounter)
        .values(key=key, window_start=start, hits=1, expires_at=end)
        .on_conflict_do_update(
            index_elements=[RateLimitCounter.key, RateLimitCounter.window_start],
            set_={"hits": RateLimitCounter.hits + 1},
        )
        .returning(RateLimitCounter.hits)
    )
    if isinstance(target, AsyncEngine):
        async with target.begin() as connection:
            hits = int((await connection.execute(upsert)).scalar_one())
    else:
        hits = int((await target.execute(upsert)).scalar_one())
    reset = max(1, math.ceil((end - now).total_seconds()))
    allowed = hits <= limit
    return Decision(
        allowed=allowed,
        limit=limit,
        window_seconds=window_seconds,
        remaining=max(0, limit - hits),
        reset_seconds=reset,
        retry_after=0 if allowed else reset,
    )


async def purge_expired_counters(session: AsyncSession) -> int:
    """Worker task: delete the counters of windows that have ended."""
    doomed = (
        select(RateLimitCounter.key, RateLimitCounter.window_start)
        .where(RateLimitCounter.expires_at < func.now())
        .limit(5000)
        .with_for_update(skip_locked=True)
    )
    result = await session.execute(
        delete(RateLimitCounter).where(
            tuple_(RateLimitCounter.key, RateLimitCounter.window_start).in_(doomed)
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)
