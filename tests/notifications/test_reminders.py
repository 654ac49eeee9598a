"""Reminders from state timestamps, raised once however many passes and workers run: work
nobody reviewed 3 days before auto-release, a dispute answer due tomorrow, a gig deadline in 2
days with no proposal accepted."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from app.core.clock import JAKARTA
from app.models import (
    Dispute,
    DisputeKind,
    DisputeStatus,
    Event,
    GigStatus,
    Milestone,
    MilestoneStatus,
    NotificationReminder,
)
from app.services.notifications.reminders import raise_due_reminders
from tests.conftest import truncate_user_data
from tests.factories import make_deal, make_gig, make_user
from tests.notifications.kit import NOON_WIB, deliver_all, notifications

TODAY = NOON_WIB.astimezone(JAKARTA).date()


async def _delivered(
    session: AsyncSession, milestone_id: object, release_in: timedelta
) -> Milestone:
    milestone = await session.get_one(Milestone, milestone_id)
    milestone.status = MilestoneStatus.submitted
    milestone.submitted_at = NOON_WIB + release_in - timedelta(days=14)
    milestone.auto_release_at = NOON_WIB + release_in
    await session.flush()
    return milestone


async def test_each_reminder_is_raised_once_and_reaches_the_right_party(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    deal = await make_deal(session, (1_500_000, 1_000_000))
    # Day 11 of 14: released automatically in under 3 days.
    first = await _delivered(session, deal.milestone_ids[0], timedelta(days=2, hours=23))
    # Day 8: not yet.
    await _delivered(session, deal.milestone_ids[1], timedelta(days=6))
    session.add(
        Dispute(
            milestone_id=deal.milestone_ids[1],
            contract_id=deal.contract_id,
            kind=DisputeKind.platform,
            status=DisputeStatus.open,
            opened_by_user_id=deal.owner.id,
            reason="Ukuran label tidak sesuai brief.",
            frozen_from_status=MilestoneStatus.submitted,
            respond_by=NOON_WIB + timedelta(days=1, hours=3),
            decide_by=NOON_WIB + timedelta(days=14),
        )
    )
    owner = await make_user(session, "owner")
    soon = await make_gig(
        session, owner, title="Foto produk sambal", deadline=TODAY + timedelta(days=2)
    )
    await make_gig(session, owner, title="Logo warung", deadline=TODAY + timedelta(days=3))
    await make_gig(
        session,
        owner,
        title="Sudah ada kreatifnya",
        deadline=TODAY + timedelta(days=2),
        status=GigStatus.in_progress,
    )

    assert await raise_due_reminders(session, now=NOON_WIB) == 3
    assert await raise_due_reminders(session, now=NOON_WIB + timedelta(hours=1)) == 0
    types = (
        await session.scalars(
            select(Event.type).where(
                Event.type.in_(
                    ["milestone.review_due", "dispute.response_due", "gig.deadline_approaching"]
                )
            )
        )
    ).all()
    assert sorted(types) == [
        "dispute.response_due",
        "gig.deadline_approaching",
        "milestone.review_due",
    ]

    await deliver_all(session)
    (review_due,) = [
        n for n in await notifications(client, deal.owner) if n["kind"] == "milestone_review_due"
    ]
    assert review_due["params"]["milestone_id"] == str(first.id)
    assert "Rp1.500.000" in review_due["body"]
    assert [n["kind"] for n in await notifications(client, deal.creative)] == [
        "dispute_response_due"
    ]
    (deadline,) = await notifications(client, owner)
    assert deadline["kind"] == "gig_deadline_soon"
    assert deadline["params"]["gig_id"] == str(soon.id)

    # A new delivery restarts the clock and earns its own reminder.
    first.auto_release_at = NOON_WIB + timedelta(days=16)
    await session.flush()
    later = NOON_WIB + timedelta(days=13, hours=1)
    assert await raise_due_reminders(session, now=later) == 1


async def test_two_workers_raise_a_reminder_once(engine: AsyncEngine) -> None:
    make_session = async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
    try:
        async with make_session() as session:
            owner = await make_user(session, "owner")
            for i in range(10):
                await make_gig(session, owner, title=f"Gig {i}", deadline=TODAY + timedelta(days=2))
            await session.commit()

        async def worker() -> int:
            async with make_session() as session:
                raised = await raise_due_reminders(session, now=NOON_WIB)
                await session.commit()
                return raised

        assert sum(await asyncio.gather(worker(), worker())) == 10
        async with make_session() as session:
            reminders = await session.scalar(select(func.count()).select_from(NotificationReminder))
            events = await session.scalar(
                select(func.count())
                .select_from(Event)
                .where(Event.type == "gig.deadline_approaching")
            )
            assert (reminders, events) == (10, 10)
    finally:
        await truncate_user_data(engine)
