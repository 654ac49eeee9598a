"""Calendar time as Indonesians read it: dates in WIB (Asia/Jakarta), not UTC."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

JAKARTA = ZoneInfo("Asia/Jakarta")


def jakarta_today() -> date:
    """Deadlines are calendar dates in Indonesia (WIB), not UTC."""
    return datetime.now(JAKARTA).date()


def jakarta_day_bounds(day: date) -> tuple[datetime, datetime]:
    """[start, end) of a WIB calendar day, as aware datetimes."""
    start = datetime.combine(day, time.min, tzinfo=JAKARTA)
    return start, start + timedelta(days=1)
