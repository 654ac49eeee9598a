"""Daily caps on invitations, so one owner cannot flood creatives' inboxes.

Two caps over any 24 hours, both in settings: invitations an owner sends in all
(`INVITATIONS_PER_OWNER_PER_DAY`), and invitations an owner sends to one creative across their
gigs (`INVITATIONS_PER_CREATIVE_PER_DAY`). The per-gig limit serialises on the gig row; these
span gigs, so they serialise on a transaction-scoped advisory lock per owner instead, and two
parallel invitations cannot both take the last place.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from app.core.errors import RateLimited
from app.models import Invitation

WINDOW = timedelta(hours=24)


class OwnerDailyInvitationLimit(RateLimited):
    code, title = "invitations_per_day_exceeded", "You sent the most invitations allowed a day"


class CreativeDailyInvitationLimit(RateLimited):
    code, title = (
        "creative_invitations_per_day_exceeded",
        "You invited this creative as often as allowed a day",
    )


async def ensure_daily_invitation_caps(
    session: AsyncSession, *, owner_id: uuid.UUID, creative_id: uuid.UUID
) -> None:
    """Raise 429 (with Retry-After) when either cap is reached; hold the owner's lock until
    the transaction ends so the invitation about to be written is counted by the next one."""
    settings = get_settings()
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
        {"key": f"invitations:{owner_id}"},
    )
    now = datetime.now(UTC)
    recent = select(func.count(), func.min(Invitation.created_at)).where(
        Invitation.owner_id == owner_id, Invitation.created_at > now - WINDOW
    )
    checks = (
        (recent, settings.invitations_per_owner_per_day, OwnerDailyInvitationLimit),
        (
            recent.where(Invitation.creative_id == creative_id),
            settings.invitations_per_creative_per_day,
            CreativeDailyInvitationLimit,
        ),
    )
    for statement, cap, error in checks:
        count, oldest = (await session.execute(statement)).one()
        if count >= cap:
            retry_after = max(1, int((oldest + WINDOW - now).total_seconds()) + 1)
            limited = error(retry_after, f"{cap} in any 24 hours")
            limited.extra["limit"] = cap
            raise limited
