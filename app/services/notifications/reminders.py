"""Reminders from state timestamps, raised by the worker as outbox events (so they reach
notifications, webhooks and the feed the one way every event does):

- delivered work nobody reviewed, 3 days before it is released automatically (day 11 of the
  default 14, AUTO_RELEASE_DAYS);
- a dispute whose answer is due tomorrow (WIB), to the party who did not open it;
- an open gig whose deadline is in 2 days (WIB) with no proposal accepted, to its owner.

Each reminder has a key naming the thing and the moment it is about, inserted into a unique
column in the same transaction as its event: any number of workers and passes raise it once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import JAKARTA
from app.core.event_types import EventType
from app.models import (
    Contract,
    ContractStatus,
    Dispute,
    DisputeKind,
    DisputeStatus,
    Gig,
    GigStatus,
    Milestone,
    MilestoneStatus,
    NotificationReminder,
    Proposal,
    ProposalStatus,
)
from app.models.base import new_id
from app.services.events import record_event
from app.services.notifications.schedule import utc_now

BATCH = 200
REVIEW_REMINDER_BEFORE = timedelta(days=3)
GIG_DEADLINE_REMINDER_DAYS = 2


async def raise_due_reminders(session: AsyncSession, *, now: datetime | None = None) -> int:
    """Worker task: record each reminder that is due and not yet raised."""
    now = now or utc_now()
    raised = await _review_due(session, now)
    raised += await _dispute_response_due(session, now)
    raised += await _gig_deadline_soon(session, now)
    await session.flush()
    return raised


async def _claim(session: AsyncSession, key: str) -> bool:
    inserted = await session.scalar(
        insert(NotificationReminder)
        .values(id=new_id(), key=key)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(NotificationReminder.id)
    )
    return inserted is not None


async def _review_due(session: AsyncSession, now: datetime) -> int:
    rows = (
        await session.execute(
            select(Milestone, Contract)
            .join(Contract, Contract.id == Milestone.contract_id)
            .where(
                Milestone.status == MilestoneStatus.submitted,
                Milestone.auto_release_at > now,
                Milestone.auto_release_at <= now + REVIEW_REMINDER_BEFORE,
                Contract.status == ContractStatus.active,
            )
            .order_by(Milestone.auto_release_at)
            .limit(BATCH)
        )
    ).all()
    raised = 0
    for milestone, contract in rows:
        assert milestone.auto_release_at is not None
        # A new delivery restarts the clock, and earns its own reminder.
        if not await _claim(
            session, f"milestone_review_due:{milestone.id}:{milestone.auto_release_at.isoformat()}"
        ):
            continue
        await record_event(
            session,
            type=EventType.milestone_review_due,
            subject_type="milestone",
            subject_id=milestone.id,
            actor_user_id=None,
            audience=[contract.owner_id, contract.creative_user_id],
            payload={
                "milestone_id": str(milestone.id),
                "contract_id": str(contract.id),
                "amount_idr": milestone.amount_idr,
                "auto_release_at": milestone.auto_release_at.isoformat(),
            },
        )
        raised += 1
    return raised


async def _dispute_response_due(session: AsyncSession, now: datetime) -> int:
    tomorrow = now.astimezone(JAKARTA).date() + timedelta(days=1)
    starts = datetime.combine(tomorrow, datetime.min.time(), tzinfo=JAKARTA)
    rows = (
        await session.execute(
            select(Dispute, Contract)
            .join(Contract, Contract.id == Dispute.contract_id)
            .where(
                Dispute.status == DisputeStatus.open,
                Dispute.kind == DisputeKind.platform,
                Dispute.respond_by >= starts,
                Dispute.respond_by < starts + timedelta(days=1),
            )
            .limit(BATCH)
        )
    ).all()
    raised = 0
    for dispute, contract in rows:
        if not await _claim(session, f"dispute_response_due:{dispute.id}"):
            continue
        await record_event(
            session,
            type=EventType.dispute_response_due,
            subject_type="dispute",
            subject_id=dispute.id,
            actor_user_id=None,
            audience=[contract.owner_id, contract.creative_user_id],
            payload={
                "dispute_id": str(dispute.id),
                "milestone_id": str(dispute.milestone_id),
                "contract_id": str(contract.id),
                "respond_by": dispute.respond_by.isoformat(),
            },
        )
        raised += 1
    return raised


async def _gig_deadline_soon(session: AsyncSession, now: datetime) -> int:
    deadline = now.astimezone(JAKARTA).date() + timedelta(days=GIG_DEADLINE_REMINDER_DAYS)
    accepted = select(Proposal.id).where(
        Proposal.gig_id == Gig.id, Proposal.status == ProposalStatus.accepted
    )
    gigs = (
        await session.scalars(
            select(Gig)
            .where(Gig.status == GigStatus.open, Gig.deadline == deadline, ~accepted.exists())
            .order_by(Gig.id)
            .limit(BATCH)
        )
    ).all()
    raised = 0
    for gig in gigs:
        if not await _claim(session, f"gig_deadline_soon:{gig.id}:{gig.deadline.isoformat()}"):
            continue
        await record_event(
            session,
            type=EventType.gig_deadline_approaching,
            subject_type="gig",
            subject_id=gig.id,
            actor_user_id=None,
            audience=[gig.owner_id],
            payload={"gig_id": str(gig.id), "deadline": gig.deadline.isoformat()},
        )
        raised += 1
    return raised
