"""Calendar time as Indonesians read it: dates in WIB (Asia/Jakarta), not UTC."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

JAKARTA = ZoneInfo("Asia/Jakarta")


def jakarta_today() -> date:
    """Deadlines are calendar dates in Indonesia (WIB), not UTC."""
    return datetime.now(JAKARTA).date()
