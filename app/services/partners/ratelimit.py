"""Per-app request rate limits: one token bucket per partner app, in process memory.

Buckets live in each worker process, so with N workers an app may reach N times its tier;
the tiers are sized with that in mind. Each app has its own bucket, so one app's burst
never spends another app's allowance.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from app.models import RateLimitTier


@dataclass(frozen=True)
class RateLimitPolicy:
    requests_per_second: float
    burst: int

    @property
    def header(self) -> str:
        """`RateLimit-Policy` value: the burst and the seconds it takes to refill."""
        return f"{self.burst};w={math.ceil(self.burst / self.requests_per_second)}"


TIER_POLICIES: dict[RateLimitTier, RateLimitPolicy] = {
    RateLimitTier.sandbox: RateLimitPolicy(requests_per_second=1, burst=10),
    RateLimitTier.standard: RateLimitPolicy(requests_per_second=10, burst=100),
    RateLimitTier.elevated: RateLimitPolicy(requests_per_second=50, burst=500),
}


@dataclass(frozen=True)
class RateLimitDecision:
    allowed: bool
    policy: RateLimitPolicy
    remaining: int
    reset_seconds: int  # until the bucket is full again
    retry_after_seconds: int  # until one request is allowed (0 when allowed now)

    def headers(self) -> dict[str, str]:
        return {
            "RateLimit-Limit": str(self.policy.burst),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset_seconds),
            "RateLimit-Policy": self.policy.header,
        }


class TokenBuckets:
    """Token buckets keyed by app; refilled lazily from a monotonic clock."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, updated_at)

    def take(self, key: str, policy: RateLimitPolicy) -> RateLimitDecision:
        now = self._clock()
        tokens, updated_at = self._buckets.get(key, (float(policy.burst), now))
        tokens = min(float(policy.burst), tokens + (now - updated_at) * policy.requests_per_second)
        allowed = tokens >= 1.0
        if allowed:
            tokens -= 1.0
        self._buckets[key] = (tokens, now)
        missing_for_next = 0.0 if allowed else 1.0 - tokens
        return RateLimitDecision(
            allowed=allowed,
            policy=policy,
            remaining=int(tokens),
            reset_seconds=math.ceil((policy.burst - tokens) / policy.requests_per_second),
            retry_after_seconds=math.ceil(missing_for_next / policy.requests_per_second),
        )

    def reset(self) -> None:
        self._buckets.clear()


partner_buckets = TokenBuckets()


def check_partner_rate(client_id: str, tier: RateLimitTier) -> RateLimitDecision:
    """Spend one request from the app's bucket (the caller answers 429 when not allowed)."""
    return partner_buckets.take(client_id, TIER_POLICIES[tier])
