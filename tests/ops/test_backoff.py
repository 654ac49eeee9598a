"""The one retry schedule: each caller's documented curve, doubling and capped."""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise

from app.core.backoff import retry_delay

MINUTE, HOUR = timedelta(minutes=1), timedelta(hours=1)


def test_refunds_and_payouts_retry_after_1_2_4_minutes_up_to_6_hours() -> None:
    delays = [retry_delay(n, base=MINUTE, cap=6 * HOUR) for n in range(0, 13)]
    assert delays[:5] == [MINUTE, MINUTE, 2 * MINUTE, 4 * MINUTE, 8 * MINUTE]
    assert delays[9] == 256 * MINUTE and delays[10:] == [6 * HOUR] * 3


def test_provider_events_retry_after_30_seconds_doubling_up_to_6_hours() -> None:
    base = timedelta(seconds=30)
    delays = [retry_delay(n, base=base, cap=6 * HOUR) for n in range(1, 16)]
    assert delays[:4] == [base, 2 * base, 4 * base, 8 * base]
    assert all(a <= b for a, b in pairwise(delays))  # monotonic
    assert max(delays) == delays[-1] == 6 * HOUR


def test_the_cap_holds_for_any_number_of_attempts() -> None:
    # A refund retried every 6 h for months must not overflow timedelta.
    for attempt in (50, 64, 1_000, 10**9):
        assert retry_delay(attempt, base=MINUTE, cap=6 * HOUR) == 6 * HOUR


def test_jitter_stays_between_half_and_all_of_the_delay() -> None:
    base, cap = timedelta(seconds=30), 12 * HOUR
    for attempt, ceiling in [(1, 30), (2, 60), (5, 480), (11, 30720), (30, 43200), (500, 43200)]:
        delays = {
            retry_delay(attempt, base=base, cap=cap, jitter=True).total_seconds() for _ in range(20)
        }
        assert all(ceiling / 2 <= d <= ceiling for d in delays), (attempt, delays)
        assert len(delays) > 1
