"""The gig state machine through publish, cancel and edit: every transition, allowed or not."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import jakarta_today
from app.core.errors import InvalidTransition
from app.models import Event, Gig, GigStatus, Proposal, ProposalStatus, WorkMode
from app.services.gigs import GIG_TRANSITIONS, GigNotFound, get_gig_for_update, transition_gig
from tests.gigs.conftest import MakeProposal, MakeUser, PostGig, SetGig
from tests.helpers import Actor, assert_problem

LATER_STATUSES = [GigStatus.in_progress, GigStatus.completed, GigStatus.cancelled]


def test_transition_table_is_the_documented_one() -> None:
    allowed = {
        (current, target)
        for current in GigStatus
        for target in GigStatus
        if GIG_TRANSITIONS.can(current, target)
    }
    assert allowed == {
        (GigStatus.draft, GigStatus.open),
        (GigStatus.draft, GigStatus.cancelled),
        (GigStatus.open, GigStatus.in_progress),
        (GigStatus.open, GigStatus.cancelled),
        (GigStatus.in_progress, GigStatus.completed),
        (GigStatus.in_progress, GigStatus.cancelled),
    }


def test_transition_gig_sets_published_at_once_and_refuses_forbidden_moves() -> None:
    gig = Gig(status=GigStatus.draft, published_at=None, work_mode=WorkMode.remote)
    transition_gig(gig, GigStatus.open, action="publish")
    assert gig.status is GigStatus.open and gig.published_at is not None
    first_published = gig.published_at
    transition_gig(gig, GigStatus.in_progress, action="accept a proposal on")
    transition_gig(gig, GigStatus.completed, action="complete")
    assert gig.published_at == first_published
    with pytest.raises(InvalidTransition) as caught:
        transition_gig(gig, GigStatus.open, action="publish")
    assert caught.value.code == "invalid_state_transition"
    assert gig.status is GigStatus.completed


async def test_get_gig_for_update_locks_an_existing_gig_or_raises_404(
    session: AsyncSession, owner: Actor, business_id: uuid.UUID, post_gig: PostGig
) -> None:
    gig = await post_gig(owner, business_id)
    locked = await get_gig_for_update(session, uuid.UUID(gig["id"]))
    assert locked.status is GigStatus.open
    with pytest.raises(GigNotFound):
        await get_gig_for_update(session, uuid.uuid4())


# --- publish ---------------------------------------------------------------------------------


async def test_publish_opens_a_draft_and_records_the_event(
    client: httpx.AsyncClient,
    session: AsyncSession,
    owner: Actor,
    business_id: uuid.UUID,
    post_gig: PostGig,
) -> None:
    gig = await post_gig(owner, business_id, status="draft")
    response = await client.post(f"/v1/gigs/{gig['id']}/publish", headers=owner.headers)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "open"
    assert response.json()["published_at"] is not None
    types = await session.scalars(
        select(Event.type).where(Event.subject_id == uuid.UUID(gig["id"]))
    )
    assert list(types) == ["gig.published"]


async def test_publishing_an_open_gig_is_409(
    client: httpx.AsyncClient, owner: Actor, business_id: uuid.UUID, post_gig: PostGig
) -> None:
    gig = await post_gig(owner, business_id)
    response = await client.post(f"/v1/gigs/{gig['id']}/publish", headers=owner.headers)
    assert_problem(response, 409, "invalid_state_transition")


@pytest.mark.parametrize("status", LATER_STATUSES)
async def test_publishing_a_later_gig_is_409(
    client: httpx.AsyncClient,
    owner: Actor,
    business_id: uuid.UUID,
    post_gig: PostGig,
    set_gig: SetGig,
    status: GigStatus,
) -> None:
    gig = await post_gig(owner, business_id)
    await set_gig(gig["id"], status=status)
    response = await client.post(f"/v1/gigs/{gig['id']}/publish", headers=owner.headers)
    problem = assert_problem(response, 409, "invalid_state_transition")
    assert problem["current_status"] == status.value


@pytest.mark.parametrize("days_ago", [0, 1, 40])
async def test_publishing_after_the_deadline_is_409(
    client: httpx.AsyncClient,
    owner: Actor,
    business_id: uuid.UUID,
    post_gig: PostGig,
    set_gig: SetGig,
    days_ago: int,
) -> None:
    gig = await post_gig(owner, business_id, status="draft")
    await set_gig(gig["id"], deadline=jakarta_today() - timedelta(days=days_ago))
    response = await client.post(f"/v1/gigs/{gig['id']}/publish", headers=owner.headers)
    assert_problem(response, 409, "deadline_passed")


# --- cancel ----------------------------------------------------------------------------------


async def test_cancel_a_draft(
    client: httpx.AsyncClient,
    session: AsyncSession,
    owner: Actor,
    business_id: uuid.UUID,
    post_gig: PostGig,
) -> None:
    gig = await post_gig(owner, business_id, status="draft")
    response = await client.post(f"/v1/gigs/{gig['id']}/cancel", headers=owner.headers)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "cancelled"
    types = await session.scalars(
        select(Event.type).where(Event.subject_id == uuid.UUID(gig["id"]))
    )
    assert list(types) == ["gig.cancelled"]


async def test_cancelling_an_open_gig_declines_only_its_live_proposals(
    client: httpx.AsyncClient,
    session: AsyncSession,
    owner: Actor,
    business_id: uuid.UUID,
    post_gig: PostGig,
    make_user: MakeUser,
    make_proposal: MakeProposal,
) -> None:
    gig = await post_gig(owner, business_id)
    other_gig = await post_gig(owner, business_id)
    creatives = [await make_user("creative") for _ in range(5)]
    submitted = await make_proposal(creatives[0], gig["id"])
    shortlisted = await make_proposal(creatives[1], gig["id"], ProposalStatus.shortlisted)
    withdrawn = await make_proposal(creatives[2], gig["id"], ProposalStatus.withdrawn)
    rejected = await make_proposal(creatives[3], gig["id"], ProposalStatus.rejected)
    elsewhere = await make_proposal(creatives[4], other_gig["id"])

    response = await client.post(f"/v1/gigs/{gig['id']}/cancel", headers=owner.headers)
    assert response.status_code == 200, response.text

    rows = await session.execute(
        select(Proposal.id, Proposal.status).execution_options(populate_existing=True)
    )
    statuses = {proposal_id: status for proposal_id, status in rows.tuples()}
    assert statuses[submitted] is ProposalStatus.declined
    assert statuses[shortlisted] is ProposalStatus.declined
    assert statuses[withdrawn] is ProposalStatus.withdrawn
    assert statuses[rejected] is ProposalStatus.rejected
    assert statuses[elsewhere] is ProposalStatus.submitted

    declined_events = (
        await session.scalars(select(Event).where(Event.type == "proposal.declined"))
    ).all()
    assert {e.subject_id for e in declined_events} == {submitted, shortlisted}
    for event in declined_events:
        assert owner.id in event.audience_user_ids and len(event.audience_user_ids) == 2
    cancelled = await session.scalar(select(Event).where(Event.type == "gig.cancelled"))
    assert cancelled is not None
    assert set(cancelled.audience_user_ids) == {owner.id, creatives[0].id, creatives[1].id}
    assert cancelled.payload["declined_proposals"] == 2


async def test_an_in_progress_gig_is_cancelled_through_its_contract(
    client: httpx.AsyncClient,
    owner: Actor,
    business_id: uuid.UUID,
    post_gig: PostGig,
    set_gig: SetGig,
) -> None:
    gig = await post_gig(owner, business_id)
    await set_gig(gig["id"], status=GigStatus.in_progress)
    response = await client.post(f"/v1/gigs/{gig['id']}/cancel", headers=owner.headers)
    assert_problem(response, 409, "gig_has_contract")


@pytest.mark.parametrize("status", [GigStatus.completed, GigStatus.cancelled])
async def test_cancelling_a_finished_gig_is_409(
    client: httpx.AsyncClient,
    owner: Actor,
    business_id: uuid.UUID,
    post_gig: PostGig,
    set_gig: SetGig,
    status: GigStatus,
) -> None:
    gig = await post_gig(owner, business_id)
    await set_gig(gig["id"], status=status)
    response = await client.post(f"/v1/gigs/{gig['id']}/cancel", headers=owner.headers)
    assert_problem(response, 409, "invalid_state_transition")


# --- edit ------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["draft", "open"])
async def test_draft_and_open_gigs_are_editable(
    client: httpx.AsyncClient, owner: Actor, business_id: uuid.UUID, post_gig: PostGig, status: str
) -> None:
    gig = await post_gig(owner, business_id, status=status)
    response = await client.patch(
        f"/v1/gigs/{gig['id']}",
        headers=owner.headers,
        json={
            "title": "Foto produk keripik untuk Shopee",
            "category": "product-photography",
            "skills": ["white-background-photography"],
            "work_mode": "remote",
            "region_code": None,
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == status
    assert body["title"] == "Foto produk keripik untuk Shopee"
    assert body["category"]["slug"] == "product-photography"
    assert [s["slug"] for s in body["skills"]] == ["white-background-photography"]
    assert body["region"] is None
    assert body["budget_max_idr"] == gig["budget_max_idr"]


@pytest.mark.parametrize("status", LATER_STATUSES)
async def test_later_gigs_are_not_editable(
    client: httpx.AsyncClient,
    owner: Actor,
    business_id: uuid.UUID,
    post_gig: PostGig,
    set_gig: SetGig,
    status: GigStatus,
) -> None:
    gig = await post_gig(owner, business_id)
    await set_gig(gig["id"], status=status)
    response = await client.patch(
        f"/v1/gigs/{gig['id']}", headers=owner.headers, json={"budget_max_idr": 2_000_000}
    )
    assert_problem(response, 409, "gig_not_editable")


async def test_empty_patch_changes_nothing(
    client: httpx.AsyncClient, owner: Actor, business_id: uuid.UUID, post_gig: PostGig
) -> None:
    gig = await post_gig(owner, business_id)
    response = await client.patch(f"/v1/gigs/{gig['id']}", headers=owner.headers, json={})
    assert response.status_code == 200, response.text
    unchanged = {k: v for k, v in response.json().items() if k not in ("updated_at", "description")}
    assert unchanged == {k: v for k, v in gig.items() if k not in ("updated_at", "description")}


async def test_edited_title_is_searchable(
    client: httpx.AsyncClient, owner: Actor, business_id: uuid.UUID, post_gig: PostGig
) -> None:
    gig = await post_gig(owner, business_id)
    await client.patch(
        f"/v1/gigs/{gig['id']}",
        headers=owner.headers,
        json={"title": "Video TikTok rendang kemasan"},
    )
    found = await client.get("/v1/gigs", params={"q": "rendang"})
    assert [g["id"] for g in found.json()["data"]] == [gig["id"]]


@pytest.mark.parametrize(
    ("patch", "code"),
    [
        ({"budget_min_idr": 1_600_000}, "budget_range_invalid"),
        ({"budget_max_idr": 500_000}, "budget_range_invalid"),
        ({"budget_min_idr": 5_000, "budget_max_idr": 8_000}, "budget_out_of_bounds"),
        ({"budget_max_idr": 1_000_000_001}, "budget_out_of_bounds"),
        ({"region_code": None}, "region_required"),
        ({"work_mode": "onsite", "region_code": None}, "region_required"),
        ({"region_code": "99"}, "unknown_region"),
        ({"category": "sulap"}, "unknown_category"),
        ({"skills": ["memasak"]}, "unknown_skill"),
    ],
)
async def test_edits_pass_the_same_rules(
    client: httpx.AsyncClient,
    owner: Actor,
    business_id: uuid.UUID,
    post_gig: PostGig,
    patch: dict[str, Any],
    code: str,
) -> None:
    gig = await post_gig(owner, business_id)
    response = await client.patch(f"/v1/gigs/{gig['id']}", headers=owner.headers, json=patch)
    assert_problem(response, 422, code)


async def test_switching_an_onsite_gig_to_remote_keeps_its_region(
    client: httpx.AsyncClient, owner: Actor, business_id: uuid.UUID, post_gig: PostGig
) -> None:
    gig = await post_gig(owner, business_id, work_mode="onsite")
    response = await client.patch(
        f"/v1/gigs/{gig['id']}", headers=owner.headers, json={"work_mode": "remote"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["region"]["code"] == "35.78"


@pytest.mark.parametrize(
    "patch",
    [
        {"title": None},
        {"skills": None},
        {"deadline": None},
        {"deadline": "2020-01-01"},
        {"status": "open"},
        {"business_id": str(uuid.uuid4())},
        {"proposal_count": 9},
        {"budget_max_idr": 2**64},
        {"description": "Kemasan\x00" * 5},
    ],
)
async def test_malformed_edits_are_validation_errors(
    client: httpx.AsyncClient,
    owner: Actor,
    business_id: uuid.UUID,
    post_gig: PostGig,
    patch: dict[str, Any],
) -> None:
    gig = await post_gig(owner, business_id)
    response = await client.patch(f"/v1/gigs/{gig['id']}", headers=owner.headers, json=patch)
    assert_problem(response, 422, "validation_error")
