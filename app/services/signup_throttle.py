"""Sign-up limits, counted by the shared limiter (app/core/rate_limit.py) so they hold across
replicas: one per-address key and one platform-wide key.

The hits are part of the sign-up's transaction: a refused sign-up rolls back and is not
counted, and parallel sign-ups from one address queue on the counter row, so they count
exactly.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from app.core.errors import RateLimited
from app.core.rate_limit import hit

GLOBAL_KEY = "signup:global"


async def count_signup(session: AsyncSession, client_address: str | None) -> None:
    """Refuse (429 with Retry-After) past the per-address or platform-wide sign-up limit,
    else count this sign-up."""
    settings = get_settings()
    window = settings.signup_window_seconds
    if client_address:
        decision = await hit(
            session, f"signup:address:{client_address}", settings.signup_max_per_address, window
        )
        if not decision.allowed:
            raise RateLimited(
                decision.retry_after, "Too many sign-ups from this address; try later"
            )
    decision = await hit(session, GLOBAL_KEY, settings.signup_max_global, window)
    if not decision.allowed:
        raise RateLimited(decision.retry_after, "Sign-ups are paused for a moment; try later")
