"""When a delivery may go out, and the state table of its status.

WhatsApp is a phone in someone's pocket: nothing is sent between 21:00 and 07:00 WIB; what
falls due then waits until 07:00 (queued, never dropped). Email has no quiet hours.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from app.core import backoff
from app.core.clock import JAKARTA
from app.core.state_machine import StateMachine
from app.models import NotificationDeliveryStatus

QUIET_FROM = time(21, 0)
QUIET_UNTIL = time(7, 0)

MAX_ATTEMPTS = 5
FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=1)

S = NotificationDeliveryStatus
# Suppressed deliveries are born so and never change; queued ones are sent or given up on
# (rescheduling keeps them queued).
DELIVERY_TRANSITIONS = StateMachine[NotificationDeliveryStatus](
    "notification delivery", {S.queued: frozenset({S.sent, S.failed})}
)
del S


def utc_now() -> datetime:
    return datetime.now(UTC)


def outside_quiet_hours(moment: datetime) -> datetime:
    """`moment`, or 07:00 WIB after it when it falls in the quiet hours."""
    local = moment.astimezone(JAKARTA)
    if QUIET_UNTIL <= local.time() < QUIET_FROM:
        return moment
    day = local.date() if local.time() < QUIET_UNTIL else local.date() + timedelta(days=1)
    return datetime.combine(day, QUIET_UNTIL, tzinfo=JAKARTA).astimezone(UTC)


def retry_at(now: datetime, attempts_made: int) -> datetime:
    """The next try after a failure: backoff (1 min, 2, 4 ... capped at 1 h), outside quiet
    hours."""
    delay = backoff.retry_delay(attempts_made, base=FIRST_RETRY, cap=LONGEST_RETRY, jitter=True)
    return outside_quiet_hours(now + delay)
