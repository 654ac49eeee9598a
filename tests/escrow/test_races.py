"""Races on one milestone, on the real connection pool: whatever 50 clients do at once,
exactly one outcome wins and the books stay true."""

from __future__ import annotations

import asyncio
import random
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.core import db
from app.models import LedgerTransaction, Milestone, MilestoneStatus, Payment
from app.services.escrow.auto_release import release_overdue_milestones
from app.workers.escrow_tasks import ESCROW_TASKS
from app.workers.runner import run_task_once
from tests.escrow.factories import SUBMISSION, fund, idem
from tests.escrow.ledger_checks import assert_ledger_consistent
from tests.factories import Deal, make_deal

DISPUTE = {"reason": "File yang dikirim bukan desain final yang disepakati bersama."}


@pytest.fixture(autouse=True)
async def books_balance(live_app: httpx.AsyncClient, engine: AsyncEngine) -> AsyncIterator[None]:
    """The committed books, checked before live_app truncates them."""
    yield
    async with engine.connect() as conn, conn.begin():
        await assert_ledger_consistent(conn)


async def _committed_deal(engine: AsyncEngine) -> Deal:
    async with AsyncSession(engine, expire_on_commit=False) as session:
        deal = await make_deal(session, (2_000_000, 500_000))
        await session.commit()
    return deal


async def _delivered(client: httpx.AsyncClient, engine: AsyncEngine) -> Deal:
    deal = await _committed_deal(engine)
    await fund(client, deal)
    response = await client.post(
        f"/v1/milestones/{deal.milestone_id}/submit", json=SUBMISSION, headers=deal.creative.headers
    )
    assert response.status_code == 200, response.text
    return deal


async def _milestone(engine: AsyncEngine, milestone_id: uuid.UUID) -> Milestone:
    async with AsyncSession(engine) as session:
        return await session.get_one(Milestone, milestone_id)


async def _transactions(engine: AsyncEngine, milestone_id: uuid.UUID) -> Counter[str]:
    async with AsyncSession(engine) as session:
        kinds = await session.scalars(
            select(LedgerTransaction.kind).where(LedgerTransaction.milestone_id == milestone_id)
        )
        return Counter(kind.value for kind in kinds)


async def test_fifty_approve_cancel_and_dispute_calls_leave_one_outcome(
    live_app: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    deal = await _delivered(live_app, engine)
    url = f"/v1/milestones/{deal.milestone_id}"
    calls = [
        ("approve", deal.owner, None),
        ("cancel", deal.owner, {"reason": "Batal."}),
        ("cancel", deal.creative, {"reason": "Saya mundur."}),
        ("dispute", deal.owner, DISPUTE),
        ("dispute", deal.creative, DISPUTE),
    ] * 10
    random.Random(7).shuffle(calls)

    responses = await asyncio.gather(
        *(
            live_app.post(f"{url}/{verb}", json=body, headers=idem(actor))
            for verb, actor, body in calls
        )
    )

    wins = [
        (verb, r.status_code)
        for (verb, _, _), r in zip(calls, responses, strict=True)
        if r.status_code < 300
    ]
    assert len(wins) == 1, wins
    assert all(r.status_code == 409 for r in responses if r.status_code >= 300), {
        r.json()["code"] for r in responses if r.status_code >= 300
    }
    outcome = {"approve": "released", "cancel": "refunded", "dispute": "disputed"}[wins[0][0]]
    assert (await _milestone(engine, deal.milestone_id)).status.value == outcome
    moves = await _transactions(engine, deal.milestone_id)
    assert moves["funding"] == 1
    assert moves["release"] + moves["refund"] == (0 if outcome == "disputed" else 1)


async def test_concurrent_duplicates_of_one_key_run_once(
    live_app: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    deal = await _committed_deal(engine)
    headers = idem(deal.owner, "bayar-sekali-saja")
    responses = await asyncio.gather(
        *(
            live_app.post(f"/v1/milestones/{deal.milestone_id}/fund", headers=headers)
            for _ in range(20)
        )
    )
    statuses = Counter(r.status_code for r in responses)
    assert set(statuses) <= {201, 409}, statuses
    assert statuses[201] >= 1
    assert {r.json()["code"] for r in responses if r.status_code == 409} <= {
        "idempotency_key_in_progress"
    }
    assert len({r.json()["payment_id"] for r in responses if r.status_code == 201}) == 1
    async with AsyncSession(engine) as session:
        assert await session.scalar(select(func.count()).select_from(Payment)) == 1


async def test_auto_release_racing_the_owner_releases_once(
    live_app: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    deal = await _delivered(live_app, engine)
    async with engine.begin() as conn:
        await conn.execute(
            update(Milestone)
            .where(Milestone.id == deal.milestone_id)
            .values(auto_release_at=datetime.now(UTC) - timedelta(minutes=1))
        )

    async def worker_pass() -> int:
        async with db.get_sessionmaker()() as session:
            released = await release_overdue_milestones(session)
            await session.commit()
            return released

    approvals = [
        live_app.post(f"/v1/milestones/{deal.milestone_id}/approve", headers=idem(deal.owner))
        for _ in range(10)
    ]
    results = await asyncio.gather(*approvals, worker_pass(), worker_pass())
    approved = sum(
        1 for r in results[:10] if isinstance(r, httpx.Response) and r.status_code == 200
    )
    automatic = sum(r for r in results[10:] if isinstance(r, int))
    assert approved + automatic == 1
    assert (await _milestone(engine, deal.milestone_id)).status is MilestoneStatus.released
    assert (await _transactions(engine, deal.milestone_id))["release"] == 1


async def test_the_worker_runs_the_escrow_tasks_against_the_database(
    live_app: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    deal = await _delivered(live_app, engine)
    async with engine.begin() as conn:
        await conn.execute(
            update(Milestone)
            .where(Milestone.id == deal.milestone_id)
            .values(auto_release_at=datetime.now(UTC) - timedelta(minutes=1))
        )
    handled = {task.name: await run_task_once(task) for task in ESCROW_TASKS}
    assert handled["escrow.auto_release"] == 1
    assert sum(handled.values()) == 1
    assert (await _milestone(engine, deal.milestone_id)).status is MilestoneStatus.released
