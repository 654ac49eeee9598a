"""Splitting a contract into milestones: the amounts always add up to the contract price."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import jakarta_today
from app.models import Contract, ContractStatus, Milestone, MilestoneStatus
from tests.contracts.deals import AcceptedDeal
from tests.factories import Creative
from tests.helpers import Actor, assert_problem
from tests.proposals.factories import events_for


def _milestone(amount_idr: int, *, title: str = "Konsep desain", days: int = 7) -> dict[str, Any]:
    due = jakarta_today() + timedelta(days=days)
    return {"title": title, "amount_idr": amount_idr, "due_date": due.isoformat()}


async def _split(
    client: httpx.AsyncClient, deal: AcceptedDeal, body: dict[str, Any], actor: Actor | None = None
) -> httpx.Response:
    return await client.post(
        f"/v1/contracts/{deal.contract_id}/milestones",
        json=body,
        headers=(actor or deal.owner).headers,
    )


def _shape(contract: dict[str, Any]) -> list[tuple[int, str, int]]:
    return [(m["position"], m["title"], m["amount_idr"]) for m in contract["milestones"]]


async def test_each_split_carves_from_the_remainder_which_stays_last(
    client: httpx.AsyncClient, session: AsyncSession, deal: AcceptedDeal
) -> None:
    first = await _split(client, deal, _milestone(500_000, title="Riset dan moodboard", days=3))
    assert first.status_code == 201, first.text
    second = await _split(client, deal, _milestone(750_000, title="Konsep desain", days=7))
    contract = second.json()

    assert _shape(contract) == [
        (1, "Riset dan moodboard", 500_000),
        (2, "Konsep desain", 750_000),
        (3, "Seluruh pekerjaan", 1_250_000),
    ]
    assert sum(m["amount_idr"] for m in contract["milestones"]) == contract["price_idr"]
    concept = contract["milestones"][1]
    assert concept["due_date"] == (jakarta_today() + timedelta(days=7)).isoformat()
    assert concept["status"] == "pending"
    [event] = await events_for(session, concept["id"])
    assert event.type == "milestone.created"
    assert event.payload["carved_from_remaining_idr"] == 1_250_000
    assert set(event.audience_user_ids) == {deal.owner.id, deal.creative.user_id}


async def test_taking_the_whole_remainder_replaces_it(
    client: httpx.AsyncClient, deal: AcceptedDeal
) -> None:
    await _split(client, deal, _milestone(1_000_000, title="Konsep desain"))
    response = await _split(client, deal, _milestone(1_500_000, title="File siap cetak"))

    assert response.status_code == 201, response.text
    assert _shape(response.json()) == [
        (1, "Konsep desain", 1_000_000),
        (2, "File siap cetak", 1_500_000),
    ]


async def test_an_amount_beyond_the_remainder_is_refused(
    client: httpx.AsyncClient, deal: AcceptedDeal
) -> None:
    body = assert_problem(
        await _split(client, deal, _milestone(2_500_001)), 409, "milestone_sum_exceeds_price"
    )
    assert body["available_idr"] == 2_500_000
    await _split(client, deal, _milestone(2_000_000))
    body = assert_problem(
        await _split(client, deal, _milestone(500_001)), 409, "milestone_sum_exceeds_price"
    )
    assert body["available_idr"] == 500_000
    contract = await client.get(f"/v1/contracts/{deal.contract_id}", headers=deal.owner.headers)
    assert [m["amount_idr"] for m in contract.json()["milestones"]] == [2_000_000, 500_000]


async def test_only_pending_milestones_are_carved_from(
    client: httpx.AsyncClient, session: AsyncSession, deal: AcceptedDeal
) -> None:
    split = await _split(client, deal, _milestone(1_000_000, title="Konsep desain"))
    rest = split.json()["milestones"][1]
    # The remainder is already delivered: the last *pending* one (the concept) pays instead.
    await session.execute(
        update(Milestone).where(Milestone.id == rest["id"]).values(status=MilestoneStatus.submitted)
    )
    await session.flush()

    response = await _split(client, deal, _milestone(400_000, title="Riset pasar"))

    assert _shape(response.json()) == [
        (1, "Riset pasar", 400_000),
        (2, "Konsep desain", 600_000),
        (3, "Seluruh pekerjaan", 1_500_000),
    ]
    await session.execute(
        update(Milestone)
        .where(Milestone.contract_id == deal.contract_id)
        .values(status=MilestoneStatus.approved)
    )
    await session.flush()
    nothing_left = await _split(client, deal, _milestone(1))
    body = assert_problem(nothing_left, 409, "milestone_sum_exceeds_price")
    assert body["available_idr"] == 0


@pytest.mark.parametrize("status", [ContractStatus.completed, ContractStatus.cancelled])
async def test_only_active_contracts_are_split(
    client: httpx.AsyncClient, session: AsyncSession, deal: AcceptedDeal, status: ContractStatus
) -> None:
    await session.execute(
        update(Contract).where(Contract.id == deal.contract_id).values(status=status)
    )
    await session.flush()
    body = assert_problem(await _split(client, deal, _milestone(1000)), 409, "contract_not_active")
    assert body["current_status"] == status.value


async def test_only_the_contracts_owner_splits(
    client: httpx.AsyncClient,
    deal: AcceptedDeal,
    stranger_owner: Actor,
    stranger_creative: Creative,
) -> None:
    body = _milestone(100_000)
    assert_problem(await _split(client, deal, body, deal.creative.actor), 403, "role_required")
    assert_problem(await _split(client, deal, body, stranger_creative.actor), 403, "role_required")
    assert_problem(await _split(client, deal, body, stranger_owner), 404, "contract_not_found")
    anonymous = await client.post(f"/v1/contracts/{deal.contract_id}/milestones", json=body)
    assert_problem(anonymous, 401, "invalid_token")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "ab"),
        ("title", "x" * 201),
        ("title", "Konsep\x00desain"),
        ("amount_idr", 0),
        ("amount_idr", 2**63),
        ("amount_idr", 10**40),
        ("due_date", (jakarta_today() - timedelta(days=1)).isoformat()),
        ("due_date", (jakarta_today() + timedelta(days=731)).isoformat()),
        ("due_date", "9999-12-31"),
        ("due_date", "besok"),
        ("position", 1),
    ],
)
async def test_invalid_milestones_are_a_422(
    client: httpx.AsyncClient, deal: AcceptedDeal, field: str, value: object
) -> None:
    body = _milestone(100_000) | {field: value}
    problem = assert_problem(await _split(client, deal, body), 422, "validation_error")
    assert any(error["loc"].endswith(field) for error in problem["errors"]), problem


async def test_due_date_bounds_are_inclusive(client: httpx.AsyncClient, deal: AcceptedDeal) -> None:
    today = await _split(client, deal, _milestone(100_000, days=0))
    assert today.status_code == 201, today.text
    furthest = await _split(client, deal, _milestone(100_000, days=730))
    assert furthest.status_code == 201, furthest.text
