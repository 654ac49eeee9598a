from __future__ import annotations

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Gig, Proposal, ProposalStatus
from tests.factories import Creative
from tests.helpers import Actor, assert_problem
from tests.proposals.factories import events_for, reload, submitted_proposal

S = ProposalStatus
# What each action may start from; written out here rather than read from the service's table,
# so a wrong table fails these tests.
ALLOWED_FROM = {
    "withdraw": {S.submitted, S.shortlisted},
    "shortlist": {S.submitted},
    "reject": {S.submitted, S.shortlisted},
    "accept": {S.submitted, S.shortlisted},
}
RESULT = {
    "withdraw": S.withdrawn,
    "shortlist": S.shortlisted,
    "reject": S.rejected,
    "accept": S.accepted,
}


async def _force_status(session: AsyncSession, proposal_id: str, status: ProposalStatus) -> None:
    await session.execute(update(Proposal).where(Proposal.id == proposal_id).values(status=status))
    await session.flush()


@pytest.mark.parametrize("action", sorted(ALLOWED_FROM))
@pytest.mark.parametrize("start", list(ProposalStatus))
async def test_every_proposal_transition(
    client: httpx.AsyncClient,
    session: AsyncSession,
    owner: Actor,
    gig: Gig,
    creative: Creative,
    action: str,
    start: ProposalStatus,
) -> None:
    proposal = await submitted_proposal(client, creative, gig.id)
    await _force_status(session, proposal["id"], start)
    actor = creative if action == "withdraw" else owner

    response = await client.post(f"/v1/proposals/{proposal['id']}/{action}", headers=actor.headers)

    if start in ALLOWED_FROM[action]:
        assert response.status_code == (201 if action == "accept" else 200), response.text
        assert (await reload(session, Proposal, proposal["id"])).status is RESULT[action]
    else:
        body = assert_problem(response, 409, "invalid_state_transition")
        assert body["current_status"] == start.value
        assert (await reload(session, Proposal, proposal["id"])).status is start


async def test_withdraw_shortlist_and_reject_record_events(
    client: httpx.AsyncClient,
    session: AsyncSession,
    owner: Actor,
    gig: Gig,
    creative: Creative,
    stranger_creative: Creative,
) -> None:
    kept = await submitted_proposal(client, creative, gig.id)
    shortlisted = await client.post(f"/v1/proposals/{kept['id']}/shortlist", headers=owner.headers)
    assert shortlisted.json()["status"] == "shortlisted"
    rejected = await client.post(
        f"/v1/proposals/{kept['id']}/reject",
        json={"reason": "Kami memilih desainer yang berdomisili di Cimahi."},
        headers=owner.headers,
    )
    assert rejected.status_code == 200
    assert rejected.json()["status"] == "rejected"

    other = await submitted_proposal(client, stranger_creative, gig.id)
    withdrawn = await client.post(
        f"/v1/proposals/{other['id']}/withdraw", headers=stranger_creative.headers
    )
    assert withdrawn.json()["status"] == "withdrawn"

    kept_events = await events_for(session, kept["id"])
    assert [e.type for e in kept_events] == [
        "proposal.submitted",
        "proposal.shortlisted",
        "proposal.rejected",
    ]
    assert kept_events[-1].payload["reason"] == "Kami memilih desainer yang berdomisili di Cimahi."
    assert all(set(e.audience_user_ids) == {owner.id, creative.user_id} for e in kept_events)
    [_, withdrawal] = await events_for(session, other["id"])
    assert withdrawal.type == "proposal.withdrawn"
    assert withdrawal.actor_user_id == stranger_creative.user_id


async def test_reject_without_a_body_or_with_a_bad_reason(
    client: httpx.AsyncClient, owner: Actor, gig: Gig, creative: Creative
) -> None:
    proposal = await submitted_proposal(client, creative, gig.id)
    url = f"/v1/proposals/{proposal['id']}/reject"
    for bad in ({"reason": "x" * 5001}, {"reason": "kurang\x00"}, {"alasan": "typo"}):
        assert_problem(await client.post(url, json=bad, headers=owner.headers), 422)
    response = await client.post(url, headers=owner.headers)
    assert response.status_code == 200, response.text


async def test_only_the_creative_withdraws(
    client: httpx.AsyncClient,
    owner: Actor,
    gig: Gig,
    creative: Creative,
    stranger_creative: Creative,
    stranger_owner: Actor,
) -> None:
    proposal = await submitted_proposal(client, creative, gig.id)
    url = f"/v1/proposals/{proposal['id']}/withdraw"
    assert_problem(await client.post(url, headers=owner.headers), 403, "not_proposal_creative")
    for stranger in (stranger_creative, stranger_owner):
        assert_problem(await client.post(url, headers=stranger.headers), 404, "proposal_not_found")
    assert_problem(await client.post(url), 401, "invalid_token")


@pytest.mark.parametrize("action", ["shortlist", "reject", "accept"])
async def test_only_the_gig_owner_decides(
    client: httpx.AsyncClient,
    gig: Gig,
    creative: Creative,
    stranger_creative: Creative,
    stranger_owner: Actor,
    action: str,
) -> None:
    proposal = await submitted_proposal(client, creative, gig.id)
    url = f"/v1/proposals/{proposal['id']}/{action}"
    for a_creative in (creative, stranger_creative):
        assert_problem(await client.post(url, headers=a_creative.headers), 403, "role_required")
    assert_problem(
        await client.post(url, headers=stranger_owner.headers), 404, "proposal_not_found"
    )
    assert_problem(await client.post(url), 401, "invalid_token")
