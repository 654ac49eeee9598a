"""`GET /v1/proposals?mine=true`: a creative's own proposals across gigs, with status and cursor."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tests.factories import Creative
from tests.helpers import Actor, assert_problem
from tests.proposals.factories import make_gig, submitted_proposal


async def test_a_creative_pages_through_their_own_proposals(
    client: httpx.AsyncClient,
    session: AsyncSession,
    owner: Actor,
    creative: Creative,
    stranger_creative: Creative,
) -> None:
    gigs = [await make_gig(session, owner) for _ in range(3)]
    mine = [await submitted_proposal(client, creative, gig.id) for gig in gigs]
    await submitted_proposal(client, stranger_creative, gigs[0].id)
    withdrawn = await client.post(
        f"/v1/proposals/{mine[0]['id']}/withdraw", headers=creative.headers
    )
    assert withdrawn.status_code == 200, withdrawn.text

    first = await client.get("/v1/proposals?mine=true&limit=2", headers=creative.headers)
    assert first.status_code == 200, first.text
    second = await client.get(
        "/v1/proposals",
        params={"mine": "true", "limit": 2, "cursor": first.json()["next_cursor"]},
        headers=creative.headers,
    )
    listed = [p["id"] for p in first.json()["data"] + second.json()["data"]]
    assert listed == [p["id"] for p in reversed(mine)]
    assert second.json()["next_cursor"] is None

    only_withdrawn = await client.get(
        "/v1/proposals?mine=true&status=withdrawn", headers=creative.headers
    )
    assert [p["id"] for p in only_withdrawn.json()["data"]] == [mine[0]["id"]]


async def test_mine_is_required_and_owners_have_no_proposals(
    client: httpx.AsyncClient, owner: Actor, creative: Creative
) -> None:
    assert_problem(await client.get("/v1/proposals", headers=creative.headers), 422)
    assert_problem(
        await client.get("/v1/proposals?mine=false", headers=creative.headers), 422, "mine_required"
    )
    assert_problem(
        await client.get("/v1/proposals?mine=true", headers=owner.headers), 403, "role_required"
    )
    assert_problem(await client.get("/v1/proposals?mine=true"), 401)
