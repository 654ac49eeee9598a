"""Every escrow action from every milestone state, each state reached through the API (so the
books stay true): allowed moves succeed, forbidden ones are a 409 with a clear code."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import jakarta_today
from app.models import Milestone, MilestoneStatus
from tests.escrow.factories import act, fund, request_funding, submit
from tests.escrow.ledger_checks import balances
from tests.factories import Deal, make_deal
from tests.helpers import assert_problem

M = MilestoneStatus
# `approved` is never a resting state: approval releases in the same transaction.
REACHABLE = [s for s in MilestoneStatus if s is not M.approved]

# Written out here rather than read from the services, so a wrong rule fails.
EXPECTED: dict[str, dict[MilestoneStatus, tuple[int, str]]] = {
    "fund": {M.pending: (201, "pending")},
    "owner-cancel": {
        M.pending: (200, "cancelled"),
        M.funded: (200, "refunded"),
        M.submitted: (409, "milestone_already_delivered"),
        M.changes_requested: (409, "milestone_already_delivered"),
        M.disputed: (409, "milestone_disputed"),
    },
    "creative-cancel": {
        M.pending: (200, "cancelled"),
        M.funded: (200, "refunded"),
        M.submitted: (200, "refunded"),
        M.changes_requested: (200, "refunded"),
        M.disputed: (409, "milestone_disputed"),
    },
    "dispute": {
        M.funded: (201, "disputed"),
        M.submitted: (201, "disputed"),
        M.changes_requested: (201, "disputed"),
    },
    "approve": {M.submitted: (200, "released")},
}


@pytest.fixture
async def deal(session: AsyncSession) -> Deal:
    # Two milestones: settling the first leaves the contract active, so the state is what
    # answers, not the contract.
    return await make_deal(session, (2_000_000, 500_000))


async def reach(client: httpx.AsyncClient, deal: Deal, status: MilestoneStatus) -> None:
    """Drive the deal's milestone to `status` the way the parties would."""
    mid = deal.milestone_id
    if status is M.cancelled:
        await act(client, deal.owner, mid, "cancel")
    if status in (M.pending, M.cancelled):
        return
    await fund(client, deal)
    if status is M.refunded:
        await act(client, deal.owner, mid, "cancel")
    if status in (M.funded, M.refunded):
        return
    await submit(client, deal)
    if status is M.changes_requested:
        await act(client, deal.owner, mid, "request-changes")
    if status is M.disputed:
        await act(client, deal.creative, mid, "dispute")
    if status is M.released:
        await act(client, deal.owner, mid, "approve")


@pytest.mark.parametrize("action", sorted(EXPECTED))
@pytest.mark.parametrize("start", REACHABLE)
async def test_every_escrow_action_from_every_state(
    client: httpx.AsyncClient,
    session: AsyncSession,
    deal: Deal,
    action: str,
    start: MilestoneStatus,
) -> None:
    await reach(client, deal, start)
    milestone = await session.get_one(Milestone, deal.milestone_id, populate_existing=True)
    assert milestone.status is start
    before = await balances(session)

    if action == "fund":
        response = await client.post(
            f"/v1/milestones/{deal.milestone_id}/fund", headers=deal.owner.headers
        )
    else:
        verb = action.removeprefix("owner-").removeprefix("creative-")
        actor = deal.creative if action.startswith("creative-") else deal.owner
        response = await act(client, actor, deal.milestone_id, verb)

    status, outcome = EXPECTED[action].get(start, (409, "invalid_state_transition"))
    assert response.status_code == status, response.text
    after = await session.get_one(Milestone, deal.milestone_id, populate_existing=True)
    if status == 409:
        body = response.json()
        assert body["code"] == outcome
        assert body["current_status"] == start.value
        assert after.status is start
        assert await balances(session) == before  # a refusal moves no money
    elif action == "fund":
        assert response.json()["status"] == outcome and after.status is start
    else:
        assert after.status.value == outcome


async def test_funding_twice_returns_the_payment_under_way(
    client: httpx.AsyncClient, deal: Deal
) -> None:
    first = await request_funding(client, deal)
    second = await request_funding(client, deal)
    assert second["payment_id"] == first["payment_id"]


async def test_a_milestone_being_paid_cannot_be_split(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    deal = await make_deal(session)
    await request_funding(client, deal)
    split = await client.post(
        f"/v1/contracts/{deal.contract_id}/milestones",
        json={
            "title": "Konsep awal",
            "amount_idr": 500_000,
            "due_date": (jakarta_today() + timedelta(days=7)).isoformat(),
        },
        headers=deal.owner.headers,
    )
    body = assert_problem(split, 409, "milestone_payment_in_progress")
    assert body["milestone_id"] == str(deal.milestone_id)
