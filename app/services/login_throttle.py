"""Failed-login throttling per account and per client address, kept in PostgreSQL so it
holds across workers and restarts.

Exact per account under concurrency: a sign-in first takes a transaction-level advisory lock
on the account's key, so parallel attempts for one account check and record one at a time
(each sees the failures committed before it) and a limit of 5 admits 5 password checks,
not 5 per request in flight. The lock is held until the attempt's transaction ends (the
failure is committed before the 401; a success commits with the request).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from app.core.errors import RateLimited
from app.models import LoginFailure

# Seeds the key hash so these locks do not collide with other advisory locks on hashed text.
_LOCK_SEED = 0x6C6F67696E  # "login"


def _keys(email: str, address: str | None) -> tuple[str, str | None]:
    return f"account:{email.lower()}", f"address:{address}" if address else None


async def ensure_login_allowed(session: AsyncSession, email: str, address: str | None) -> None:
    """Raise 429 with Retry-After when recent failures for the account or address hit the cap."""
    settings = get_settings()
    window = timedelta(seconds=settings.login_window_seconds)
    since = datetime.now(UTC) - window
    account_key, address_key = _keys(email, address)
    await session.execute(
        select(func.pg_advisory_xact_lock(func.hashtextextended(account_key, _LOCK_SEED)))
    )
    limits = {account_key: settings.login_max_failures_per_account}
    if address_key:
        limits[address_key] = settings.login_max_failures_per_address
    rows = await session.execute(
        select(LoginFailure.throttle_key, func.count(), func.min(LoginFailure.failed_at))
        .where(LoginFailure.throttle_key.in_(limits), LoginFailure.failed_at > since)
        .group_by(LoginFailure.throttle_key)
    )
    for key, count, oldest in rows:
        if count >= limits[key]:
            retry_after = max(1, int((oldest + window - datetime.now(UTC)).total_seconds()) + 1)
            raise RateLimited(retry_after, "Too many failed sign-in attempts; try again later")


async def record_login_failure(session: AsyncSession, email: str, address: str | None) -> None:
    account_key, address_key = _keys(email, address)
    session.add(LoginFailure(throttle_key=account_key))
    if address_key:
        session.add(LoginFailure(throttle_key=address_key))
    await session.flush()


async def clear_account_failures(session: AsyncSession, email: str) -> None:
    account_key, _ = _keys(email, None)
    await session.execute(delete(LoginFailure).where(LoginFailure.throttle_key == account_key))
