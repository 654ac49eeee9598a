"""A delivered milestone the owner leaves unanswered releases itself after AUTO_RELEASE_DAYS."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Event, Milestone
from app.services.escrow.auto_release import release_overdue_milestones
from tests.escrow.factories import act, fund, submit
from tests.escrow.ledger_checks import balances
from tests.factories import Deal


async def _overdue(session: AsyncSession, deal: Deal) -> None:
    await session.execute(
        update(Milestone)
        .where(Milestone.id == deal.milestone_id)
        .values(auto_release_at=datetime.now(UTC) - timedelta(minutes=1))
    )


async def test_silence_after_delivery_releases_the_escrow(
    client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    await fund(client, deal)
    delivered = (await submit(client, deal)).json()
    due = datetime.fromisoformat(delivered["auto_release_at"])
    assert timedelta(days=13, hours=23) < due - datetime.now(UTC) <= timedelta(days=14)
    assert await release_overdue_milestones(session) == 0  # not yet

    await _overdue(session, deal)
    assert await release_overdue_milestones(session) == 1
    milestone = await session.get_one(Milestone, deal.milestone_id, populate_existing=True)
    assert milestone.status.value == "released"
    books = await balances(session)
    assert books[f"creative_payable:{deal.creative.id}"] == 2_222_500
    released = await session.scalar(
        Event.__table__.select()
        .with_only_columns(Event.payload)
        .where(Event.type == "milestone.released")
    )
    assert released is not None and released["automatic"] is True
    assert await release_overdue_milestones(session) == 0


async def test_a_change_request_or_a_dispute_stops_the_clock(
    client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    await fund(client, deal)
    await submit(client, deal)
    await _overdue(session, deal)
    await act(client, deal.owner, deal.milestone_id, "request-changes")
    assert await release_overdue_milestones(session) == 0
    await submit(client, deal)
    await act(client, deal.owner, deal.milestone_id, "dispute")
    await session.execute(
        update(Milestone)
        .where(Milestone.id == deal.milestone_id)
        .values(auto_release_at=datetime.now(UTC) - timedelta(minutes=1))
    )
    # Even with a stale deadline left on the row, a disputed milestone is not released.
    assert await release_overdue_milestones(session) == 0
    milestone = await session.get_one(Milestone, deal.milestone_id, populate_existing=True)
    assert milestone.status.value == "disputed"
