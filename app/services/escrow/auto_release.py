"""Auto-release: a milestone delivered and left unanswered for AUTO_RELEASE_DAYS is approved
and released on the owner's behalf (the clock restarts with every delivery and stops while
changes are requested or a dispute is open)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import ContractStatus, Milestone, MilestoneStatus
from app.services.escrow.payouts import send_payout
from app.services.escrow.release import approve_and_release
from app.services.milestones import lock_milestone

BATCH = 50


async def release_overdue_milestones(session: AsyncSession) -> int:
    """Worker task: release each overdue milestone in its own transaction."""
    now = datetime.now(UTC)
    due = (
        await session.scalars(
            select(Milestone.id)
            .where(
                Milestone.status == MilestoneStatus.submitted,
                Milestone.auto_release_at <= now,
            )
            .order_by(Milestone.auto_release_at)
            .limit(BATCH)
        )
    ).all()
    released = 0
    for milestone_id in due:
        # Same lock order as the owner's approve, and the rule re-checked under the lock: an
        # approval, change request or dispute that won the race leaves nothing to do.
        locked = await lock_milestone(session, milestone_id)
        if locked is None:
            continue
        contract, milestone = locked
        overdue = (
            milestone.status is MilestoneStatus.submitted
            and milestone.auto_release_at is not None
            and milestone.auto_release_at <= now
            and contract.status is ContractStatus.active
        )
        if not overdue:
            await session.commit()
            continue
        payout_id = await approve_and_release(
            session, contract, milestone, actor_user_id=None, automatic=True
        )
        await session.commit()
        released += 1
        if payout_id is not None:
            await send_payout(session, payout_id)
            await session.commit()
    return released
