"""The one retry schedule of the worker: exponential, capped, optionally jittered.

Each caller names its own first and longest delay (refunds and payouts: 1 min to 6 h;
provider events: 30 s to 6 h; partner webhooks: 30 s to 12 h with jitter, as the README
promises partners).
"""

from __future__ import annotations

import random
from datetime import timedelta


def retry_delay(
    attempt: int, *, base: timedelta, cap: timedelta, jitter: bool = False
) -> timedelta:
    """`base`, 2x, 4x ... for attempts 1, 2, 3 ..., never more than `cap`. With jitter, a random
    delay between half of that and all of it, so many rows failing together do not retry
    together."""
    # Past this many doublings the cap applies anyway; stopping there keeps a row retried for
    # weeks from overflowing timedelta.
    doublings = min(max(attempt - 1, 0), (cap // base).bit_length())
    ceiling: timedelta = min(cap, base * 2**doublings)
    if jitter:
        jittered: timedelta = ceiling * random.uniform(0.5, 1.0)
        return jittered
    return ceiling
