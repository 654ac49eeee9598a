from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.core.clock import jakarta_today
from app.models import Contract, ContractStatus, Gig, GigStatus, Milestone, Proposal
from tests.factories import NEW_CREATIVE, Creative, make_creative, make_profile
from tests.helpers import Actor, assert_problem, signup
from tests.proposals.factories import (
    events_for,
    make_gig,
    propose,
    reload,
    submitted_proposal,
)


async def test_accepting_starts_a_contract_and_closes_the_other_proposals(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor, gig: Gig
) -> None:
    chosen_creative = await make_creative(
        session, account=await signup(client, "creative"), **NEW_CREATIVE
    )
    chosen = await submitted_proposal(
        client, chosen_creative, gig.id, price_idr=2_750_000, delivery_days=21
    )
    others = [
        await make_creative(session, account=await signup(client, "creative"), **NEW_CREATIVE)
        for _ in range(4)
    ]
    submitted, shortlisted, withdrawn, rejected = [
        await submitted_proposal(client, c, gig.id) for c in others
    ]
    await client.post(f"/v1/proposals/{shortlisted['id']}/shortlist", headers=owner.headers)
    await client.post(f"/v1/proposals/{withdrawn['id']}/withdraw", headers=others[2].headers)
    await client.post(f"/v1/proposals/{rejected['id']}/reject", headers=owner.headers)

    response = await client.post(f"/v1/proposals/{chosen['id']}/accept", headers=owner.headers)

    assert response.status_code == 201, response.text
    contract = response.json()
    assert contract["gig_id"] == str(gig.id)
    assert contract["proposal_id"] == chosen["id"]
    assert contract["business_id"] == str(gig.business_id)
    assert contract["owner_id"] == str(owner.id)
    assert contract["creative_id"] == str(chosen_creative.profile.id)
    assert contract["creative_user_id"] == str(chosen_creative.user_id)
    assert contract["title"] == gig.title
    assert (contract["price_idr"], contract["delivery_days"]) == (2_750_000, 21)
    assert contract["status"] == "active"
    [milestone] = contract["milestones"]
    assert milestone["position"] == 1
    assert milestone["title"] == "Seluruh pekerjaan"
    assert milestone["amount_idr"] == 2_750_000
    assert milestone["due_date"] == (jakarta_today() + timedelta(days=21)).isoformat()
    assert milestone["status"] == "pending"

    assert (await reload(session, Gig, gig.id)).status is GigStatus.in_progress
    statuses = {
        p["id"]: (await reload(session, Proposal, p["id"])).status.value
        for p in (chosen, submitted, shortlisted, withdrawn, rejected)
    }
    assert statuses == {
        chosen["id"]: "accepted",
        submitted["id"]: "declined",
        shortlisted["id"]: "declined",
        withdrawn["id"]: "withdrawn",
        rejected["id"]: "rejected",
    }
    accepted_events = [e.type for e in await events_for(session, chosen["id"])]
    assert accepted_events == ["proposal.submitted", "proposal.accepted"]
    [created] = await events_for(session, contract["id"])
    assert created.type == "contract.created"
    assert set(created.audience_user_ids) == {owner.id, chosen_creative.user_id}
    for proposal, creative in ((submitted, others[0]), (shortlisted, others[1])):
        declined = (await events_for(session, proposal["id"]))[-1]
        assert declined.type == "proposal.declined"
        assert declined.payload["reason"] == "another_proposal_accepted"
        assert set(declined.audience_user_ids) == {owner.id, creative.user_id}


async def test_a_second_accept_on_the_same_gig_is_refused(
    client: httpx.AsyncClient,
    session: AsyncSession,
    owner: Actor,
    gig: Gig,
    creative: Creative,
    stranger_creative: Creative,
) -> None:
    first = await submitted_proposal(client, creative, gig.id)
    second = await submitted_proposal(client, stranger_creative, gig.id)
    assert (
        await client.post(f"/v1/proposals/{first['id']}/accept", headers=owner.headers)
    ).status_code == 201

    again = await client.post(f"/v1/proposals/{first['id']}/accept", headers=owner.headers)
    assert_problem(again, 409, "gig_not_open")
    declined = await client.post(f"/v1/proposals/{second['id']}/accept", headers=owner.headers)
    assert_problem(declined, 409, "gig_not_open")
    late = await propose(client, stranger_creative, gig.id)
    assert_problem(late, 409, "gig_not_open")


@pytest.mark.parametrize("status", [GigStatus.cancelled, GigStatus.completed])
async def test_accepting_on_a_gig_that_is_no_longer_open(
    client: httpx.AsyncClient,
    session: AsyncSession,
    owner: Actor,
    gig: Gig,
    creative: Creative,
    status: GigStatus,
) -> None:
    proposal = await submitted_proposal(client, creative, gig.id)
    gig.status = status
    await session.flush()
    response = await client.post(f"/v1/proposals/{proposal['id']}/accept", headers=owner.headers)
    body = assert_problem(response, 409, "gig_not_open")
    assert body["current_status"] == status.value


async def test_the_unique_gig_constraint_backs_up_the_lock(
    client: httpx.AsyncClient,
    session: AsyncSession,
    owner: Actor,
    gig: Gig,
    creative: Creative,
    stranger_creative: Creative,
) -> None:
    # A contract row that skipped the accept path (as a buggy import or a future code path
    # might): the gig still looks open, but contracts.gig_id is unique.
    stray = await submitted_proposal(client, stranger_creative, gig.id)
    session.add(
        Contract(
            gig_id=gig.id,
            proposal_id=uuid.UUID(stray["id"]),
            business_id=gig.business_id,
            owner_id=owner.id,
            creative_id=stranger_creative.profile.id,
            creative_user_id=stranger_creative.user_id,
            title=gig.title,
            price_idr=stray["price_idr"],
            delivery_days=stray["delivery_days"],
            status=ContractStatus.active,
        )
    )
    await session.flush()
    proposal = await submitted_proposal(client, creative, gig.id)

    response = await client.post(f"/v1/proposals/{proposal['id']}/accept", headers=owner.headers)

    assert_problem(response, 409, "gig_already_contracted")
    assert (await reload(session, Proposal, proposal["id"])).status.value == "submitted"
    assert (await reload(session, Gig, gig.id)).status is GigStatus.open


async def test_two_tabs_accepting_two_proposals_at_once_make_one_contract(
    live_app: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    owner = await signup(live_app, "owner")
    creatives = [await signup(live_app, "creative") for _ in range(2)]
    async with AsyncSession(engine, expire_on_commit=False) as setup:
        gig = await make_gig(setup, owner)
        for creative in creatives:
            await make_profile(setup, creative)
        await setup.commit()
    proposals = []
    for creative in creatives:
        response = await propose(live_app, creative, gig.id)
        assert response.status_code == 201, response.text
        proposals.append(response.json())

    responses = await asyncio.gather(
        *(
            live_app.post(f"/v1/proposals/{p['id']}/accept", headers=owner.headers)
            for p in proposals
        )
    )

    assert sorted(r.status_code for r in responses) == [201, 409], [r.text for r in responses]
    loser = next(r for r in responses if r.status_code == 409)
    assert_problem(loser, 409, "gig_not_open")
    async with AsyncSession(engine) as check:
        contracts = await check.scalar(
            select(func.count()).select_from(Contract).where(Contract.gig_id == gig.id)
        )
        milestones = await check.scalar(
            select(func.count())
            .select_from(Milestone)
            .join(Contract)
            .where(Contract.gig_id == gig.id)
        )
        statuses = sorted(
            (await check.scalars(select(Proposal.status).where(Proposal.gig_id == gig.id))).all()
        )
    assert (contracts, milestones) == (1, 1)
    assert [s.value for s in statuses] == ["accepted", "declined"]


async def test_two_concurrent_proposals_from_one_creative_make_one(
    live_app: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    owner = await signup(live_app, "owner")
    creative = await signup(live_app, "creative")
    async with AsyncSession(engine, expire_on_commit=False) as setup:
        gig = await make_gig(setup, owner)
        await make_profile(setup, creative)
        await setup.commit()

    responses = await asyncio.gather(*(propose(live_app, creative, gig.id) for _ in range(2)))

    assert sorted(r.status_code for r in responses) == [201, 409]
    assert_problem(next(r for r in responses if r.status_code == 409), 409, "proposal_exists")
    async with AsyncSession(engine) as check:
        assert (await check.get_one(Gig, gig.id)).proposal_count == 1
