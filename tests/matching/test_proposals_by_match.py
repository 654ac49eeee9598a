"""GET /v1/gigs/{id}/proposals?sort=match: the same score as the gig's matches, paged."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Availability, Gig, Proposal, ProposalStatus
from tests.factories import Creative, make_creative, make_gig
from tests.helpers import Actor, assert_problem


async def _propose(session: AsyncSession, gig: Gig, creative: Creative) -> Proposal:
    proposal = Proposal(
        gig_id=gig.id,
        creative_id=creative.profile.id,
        creative_user_id=creative.actor.id,
        cover_letter="Halo, saya siap mengerjakan desain kemasan ini dalam dua minggu.",
        price_idr=1_200_000,
        delivery_days=14,
        status=ProposalStatus.submitted,
    )
    session.add(proposal)
    await session.flush()
    return proposal


async def _page(client: httpx.AsyncClient, owner: Actor, gig: Gig, **params: Any) -> dict[str, Any]:
    response = await client.get(
        f"/v1/gigs/{gig.id}/proposals", headers=owner.headers, params=params
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_best_matching_creative_first_with_the_matches_score(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor
) -> None:
    gig = await make_gig(session, owner)
    weak = await make_creative(
        session, skills=["logo-design"], availability=Availability.busy, rate_min_idr=3_000_000
    )
    strong = await make_creative(session, skills=["pouch-design", "label-design"])
    middle = await make_creative(session, skills=["packaging-design"])
    for creative in (weak, strong, middle):  # newest first would be middle, strong, weak
        await _propose(session, gig, creative)
    data = (await _page(client, owner, gig, sort="match"))["data"]
    assert [p["creative"]["id"] for p in data] == [
        str(c.profile_id) for c in (strong, middle, weak)
    ]
    scores = [p["match_score"] for p in data]
    assert scores == sorted(scores, reverse=True)
    matches = await client.get(f"/v1/gigs/{gig.id}/matches", headers=owner.headers)
    by_creative = {m["creative"]["id"]: m["score"] for m in matches.json()["data"]}
    assert by_creative[str(strong.profile_id)] == data[0]["match_score"]
    newest = (await _page(client, owner, gig))["data"]
    assert [p["creative"]["id"] for p in newest] == [
        str(c.profile_id) for c in (middle, strong, weak)
    ]
    assert all(p["match_score"] is None for p in newest)


async def test_match_order_pages_stably(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor
) -> None:
    gig = await make_gig(session, owner)
    for n in range(5):
        creative = await make_creative(session, rate_min_idr=500_000 + 400_000 * n)
        await _propose(session, gig, creative)
    everything = [p["id"] for p in (await _page(client, owner, gig, sort="match"))["data"]]
    walked: list[str] = []
    cursor = None
    for _ in range(10):
        params = {"sort": "match", "limit": 2, **({"cursor": cursor} if cursor else {})}
        page = await _page(client, owner, gig, **params)
        walked += [p["id"] for p in page["data"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert walked == everything and len(walked) == 5


async def test_cursors_do_not_cross_sorts_and_strangers_see_nothing(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor
) -> None:
    gig = await make_gig(session, owner)
    for _ in range(3):
        await _propose(session, gig, await make_creative(session))
    by_match = (await _page(client, owner, gig, sort="match", limit=1))["next_cursor"]
    newest = (await _page(client, owner, gig, limit=1))["next_cursor"]
    path = f"/v1/gigs/{gig.id}/proposals"
    response = await client.get(path, headers=owner.headers, params={"cursor": by_match})
    assert_problem(response, 400, "invalid_cursor")
    response = await client.get(
        path, headers=owner.headers, params={"cursor": newest, "sort": "match"}
    )
    assert_problem(response, 400, "invalid_cursor")
    assert_problem(await client.get(path, headers=owner.headers, params={"sort": "score"}), 422)
    stranger = await make_creative(session)
    own = (await client.get(path, headers=stranger.headers, params={"sort": "match"})).json()
    assert own["data"] == []
