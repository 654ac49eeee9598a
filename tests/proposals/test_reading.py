from __future__ import annotations

import uuid

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Gig, GigStatus
from tests.factories import NEW_CREATIVE, Creative, make_creative, partner_headers
from tests.helpers import Actor, assert_problem, signup
from tests.proposals.factories import make_gig, submitted_proposal


async def _three_proposals(
    client: httpx.AsyncClient, session: AsyncSession, gig: Gig
) -> list[tuple[Creative, dict[str, object]]]:
    result = []
    for price in (1_800_000, 2_200_000, 2_900_000):
        creative = await make_creative(
            session, account=await signup(client, "creative"), **NEW_CREATIVE
        )
        result.append(
            (creative, await submitted_proposal(client, creative, gig.id, price_idr=price))
        )
    return result


async def test_the_owner_sees_every_proposal_with_the_creatives_summary(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor, gig: Gig
) -> None:
    sent = await _three_proposals(client, session, gig)

    response = await client.get(f"/v1/gigs/{gig.id}/proposals", headers=owner.headers)

    assert response.status_code == 200, response.text
    page = response.json()
    assert page["next_cursor"] is None
    # Newest first.
    assert [p["id"] for p in page["data"]] == [p["id"] for _, p in reversed(sent)]
    creative, proposal = sent[0]
    listed = page["data"][-1]
    assert listed["creative"]["id"] == str(creative.profile.id)
    assert listed["creative"]["display_name"] == creative.profile.display_name
    assert listed["creative"]["headline"] == creative.profile.headline
    assert {"rating_avg", "rating_count"} <= listed["creative"].keys()
    assert listed["price_idr"] == proposal["price_idr"]


async def test_a_creative_sees_only_their_own_proposal(
    client: httpx.AsyncClient,
    session: AsyncSession,
    gig: Gig,
    stranger_creative: Creative,
) -> None:
    sent = await _three_proposals(client, session, gig)
    creative, proposal = sent[1]

    mine = await client.get(f"/v1/gigs/{gig.id}/proposals", headers=creative.headers)
    assert [p["id"] for p in mine.json()["data"]] == [proposal["id"]]

    none = await client.get(f"/v1/gigs/{gig.id}/proposals", headers=stranger_creative.headers)
    assert none.status_code == 200
    assert none.json() == {"data": [], "next_cursor": None}


async def test_other_owners_and_anonymous_callers_cannot_list(
    client: httpx.AsyncClient, session: AsyncSession, gig: Gig, stranger_owner: Actor
) -> None:
    await _three_proposals(client, session, gig)
    forbidden = await client.get(f"/v1/gigs/{gig.id}/proposals", headers=stranger_owner.headers)
    assert_problem(forbidden, 403, "not_gig_owner")
    assert_problem(await client.get(f"/v1/gigs/{gig.id}/proposals"), 401, "invalid_token")


async def test_a_draft_gigs_proposals_are_404_for_others(
    client: httpx.AsyncClient,
    session: AsyncSession,
    owner: Actor,
    creative: Creative,
    stranger_owner: Actor,
) -> None:
    draft = await make_gig(session, owner, status=GigStatus.draft)
    for actor in (creative, stranger_owner):
        response = await client.get(f"/v1/gigs/{draft.id}/proposals", headers=actor.headers)
        assert_problem(response, 404, "gig_not_found")
    own = await client.get(f"/v1/gigs/{draft.id}/proposals", headers=owner.headers)
    assert own.json()["data"] == []
    missing = await client.get(f"/v1/gigs/{uuid.uuid4()}/proposals", headers=owner.headers)
    assert_problem(missing, 404, "gig_not_found")


async def test_listing_pages_by_cursor_and_filters_by_status(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor, gig: Gig
) -> None:
    sent = await _three_proposals(client, session, gig)
    shortlisted = await client.post(
        f"/v1/proposals/{sent[0][1]['id']}/shortlist", headers=owner.headers
    )
    assert shortlisted.status_code == 200

    first = (await client.get(f"/v1/gigs/{gig.id}/proposals?limit=2", headers=owner.headers)).json()
    assert len(first["data"]) == 2 and first["next_cursor"]
    second = (
        await client.get(
            f"/v1/gigs/{gig.id}/proposals",
            params={"limit": 2, "cursor": first["next_cursor"]},
            headers=owner.headers,
        )
    ).json()
    assert second["next_cursor"] is None
    paged = [p["id"] for p in first["data"] + second["data"]]
    assert paged == [p["id"] for _, p in reversed(sent)]

    only = await client.get(
        f"/v1/gigs/{gig.id}/proposals?status=shortlisted", headers=owner.headers
    )
    assert [p["id"] for p in only.json()["data"]] == [sent[0][1]["id"]]


async def test_bad_list_parameters_are_rejected(
    client: httpx.AsyncClient, owner: Actor, gig: Gig
) -> None:
    url = f"/v1/gigs/{gig.id}/proposals"
    for params in ({"status": "hilang"}, {"limit": 0}, {"limit": 101}, {"limit": 2**70}):
        response = await client.get(url, params=params, headers=owner.headers)
        assert_problem(response, 422, "validation_error")
    bad_cursor = await client.get(url, params={"cursor": "bm90LWpzb24"}, headers=owner.headers)
    assert_problem(bad_cursor, 400, "invalid_cursor")


async def test_a_proposal_is_visible_to_its_creative_and_the_gig_owner_only(
    client: httpx.AsyncClient,
    session: AsyncSession,
    owner: Actor,
    gig: Gig,
    creative: Creative,
    stranger_creative: Creative,
    stranger_owner: Actor,
) -> None:
    proposal = await submitted_proposal(client, creative, gig.id)
    url = f"/v1/proposals/{proposal['id']}"

    for party in (owner, creative):
        response = await client.get(url, headers=party.headers)
        assert response.status_code == 200, response.text
        assert response.json() == proposal
    for stranger in (stranger_creative, stranger_owner):
        assert_problem(await client.get(url, headers=stranger.headers), 404, "proposal_not_found")
    assert_problem(await client.get(url), 401, "invalid_token")
    missing = await client.get(f"/v1/proposals/{uuid.uuid4()}", headers=owner.headers)
    assert_problem(missing, 404, "proposal_not_found")


async def test_partner_apps_read_proposals_with_the_proposals_read_scope(
    client: httpx.AsyncClient, session: AsyncSession, gig: Gig, creative: Creative
) -> None:
    proposal = await submitted_proposal(client, creative, gig.id)
    url = f"/v1/proposals/{proposal['id']}"
    reader = await partner_headers(session, creative.user_id, "proposals:read")
    r = await client.get(url, headers=reader)
    assert r.status_code == 200, r.text
    profile_only = await partner_headers(session, creative.user_id, "profile:read")
    assert_problem(await client.get(url, headers=profile_only), 403, "insufficient_scope")
