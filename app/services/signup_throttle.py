"""Sign-up and verification-resend limits, counted in PostgreSQL so they hold across replicas.

Until the shared limiter (app/core/rate_limit.py) lands, hits are rows of the sliding-window
table the login throttle uses (`login_failures`, keyed `signup:...`); swapping the store
touches only this module. A per-key transaction lock makes parallel sign-ups from one
address count exactly.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from app.core.errors import RateLimited
from app.models import LoginFailure

GLOBAL_KEY = "signup:global"


async def _hits_within(
    session: AsyncSession, key: str, window: timedelta
) -> tuple[int, datetime | None]:
    row = (
        await session.execute(
            select(func.count(), func.min(LoginFailure.failed_at)).where(
                LoginFailure.throttle_key == key,
                LoginFailure.failed_at > datetime.now(UTC) - window,
            )
        )
    ).one()
    return int(row[0]), row[1]


def _limited(oldest: datetime | None, window: timedelta, detail: str) -> RateLimited:
    reset = (oldest or datetime.now(UTC)) + window - datetime.now(UTC)
    return RateLimited(max(1, int(reset.total_seconds()) + 1), detail)


async def count_signup(session: AsyncSession, client_address: str | None) -> None:
    """Refuse (429 with Retry-After) past the per-address or platform-wide sign-up limit,
    else count this sign-up."""
    settings = get_settings()
    window = timedelta(seconds=settings.signup_window_seconds)
    keys = [GLOBAL_KEY]
    if client_address:
        address_key = f"signup:address:{client_address}"
        await session.execute(
            text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": address_key}
        )
        count, oldest = await _hits_within(session, address_key, window)
        if count >= settings.signup_max_per_address:
            raise _limited(oldest, window, "Too many sign-ups from this address; try later")
        keys.append(address_key)
    count, oldest = await _hits_within(session, GLOBAL_KEY, window)
    if count >= settings.signup_max_global:
        raise _limited(oldest, window, "Sign-ups are paused for a moment; try later")
    session.add_all([LoginFailure(throttle_key=key) for key in keys])
    await session.flush()
