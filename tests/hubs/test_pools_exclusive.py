"""A gig offered to a talent pool first: only the pool's members see it and propose during the
exclusive window; afterwards everyone does, with no job run (the window is read at read time)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.cache import ExpiringCache
from app.core.pagination import Page
from app.models import Gig, TalentPool
from app.schemas.gigs import GigSummary
from app.services import gig_search
from tests.factories import Creative, make_business, make_creative, make_user
from tests.gigs.factories import gig_body
from tests.helpers import Actor, assert_problem
from tests.hubs.pool_factories import make_hub, make_pool

PROPOSAL = {
    "cover_letter": "Halo, saya desainer kemasan lulusan kelas EJSC dan siap membantu usaha Ibu.",
    "price_idr": 1_000_000,
    "delivery_days": 10,
}


class Offer:
    """An owner, a pool with one member, a creative outside it, and the gig offered to it."""

    def __init__(
        self, owner: Actor, pool: TalentPool, member: Creative, outsider: Creative
    ) -> None:
        self.owner, self.pool, self.member, self.outsider = owner, pool, member, outsider
        self.gig: dict[str, Any] = {}


@pytest.fixture
async def offer(client: httpx.AsyncClient, session: AsyncSession) -> Offer:
    owner = await make_user(session, "owner", name="Sri Wahyuni")
    business = await make_business(session, owner, name="Batik Bu Sri")
    hub = await make_hub(session, "CAK eMus")
    member = await make_creative(session, completed_contracts=0, rating_count=0)
    outsider = await make_creative(session)
    pool = await make_pool(session, hub, "Desainer kemasan CAK eMus", members=[member.profile_id])
    found = Offer(owner, pool, member, outsider)
    response = await client.post(
        "/v1/gigs",
        headers=owner.headers,
        json=gig_body(business.id, title="Desain kemasan batik tulis", pool_id=str(pool.id)),
    )
    assert response.status_code == 201, response.text
    found.gig = response.json()
    return found


async def _open_window(session: AsyncSession, gig_id: str) -> None:
    """As if the window had passed: no sleeping, no scheduler."""
    await session.execute(
        update(Gig)
        .where(Gig.id == uuid.UUID(gig_id))
        .values(pool_exclusive_until=datetime.now(UTC) - timedelta(hours=1))
    )


async def _search_ids(client: httpx.AsyncClient, actor: Actor | None) -> set[str]:
    headers = actor.headers if actor else {}
    response = await client.get("/v1/gigs", params={"q": "batik"}, headers=headers)
    assert response.status_code == 200, response.text
    return {gig["id"] for gig in response.json()["data"]}


async def test_the_gig_shows_its_pool_and_window(offer: Offer) -> None:
    gig = offer.gig
    assert gig["pool"]["id"] == str(offer.pool.id)
    assert gig["pool"]["name"] == "Desainer kemasan CAK eMus"
    assert gig["pool"]["hub"]["name"] == "CAK eMus"
    published = datetime.fromisoformat(gig["published_at"])
    assert datetime.fromisoformat(gig["exclusive_until"]) - published == timedelta(hours=48)


async def test_only_members_see_and_propose_inside_the_window(
    client: httpx.AsyncClient, offer: Offer
) -> None:
    gig_id = offer.gig["id"]
    member, outsider = offer.member, offer.outsider
    assert (await client.get(f"/v1/gigs/{gig_id}", headers=member.headers)).status_code == 200
    assert (await client.get(f"/v1/gigs/{gig_id}", headers=offer.owner.headers)).status_code == 200
    refused = assert_problem(
        await client.get(f"/v1/gigs/{gig_id}", headers=outsider.headers),
        403,
        "pool_exclusive_window",
    )
    assert refused["exclusive_until"] == offer.gig["exclusive_until"]
    assert_problem(await client.get(f"/v1/gigs/{gig_id}"), 403, "pool_exclusive_window")

    assert gig_id in await _search_ids(client, member.actor)
    assert gig_id in await _search_ids(client, offer.owner)
    assert gig_id not in await _search_ids(client, outsider.actor)
    assert gig_id not in await _search_ids(client, None)

    proposals = f"/v1/gigs/{gig_id}/proposals"
    outsider_try = await client.post(proposals, headers=outsider.headers, json=PROPOSAL)
    assert_problem(outsider_try, 403, "pool_exclusive_window")
    member_try = await client.post(proposals, headers=member.headers, json=PROPOSAL)
    assert member_try.status_code == 201, member_try.text


async def test_recommendations_to_creatives_respect_the_window(
    client: httpx.AsyncClient, session: AsyncSession, offer: Offer
) -> None:
    async def recommended(creative: Creative) -> set[str]:
        response = await client.get("/v1/creatives/me/recommended-gigs", headers=creative.headers)
        assert response.status_code == 200, response.text
        return {match["gig"]["id"] for match in response.json()["data"]}

    gig_id = offer.gig["id"]
    assert gig_id in await recommended(offer.member)
    assert gig_id not in await recommended(offer.outsider)
    await _open_window(session, gig_id)
    assert gig_id in await recommended(offer.outsider)


async def test_after_the_window_everyone_sees_and_proposes(
    client: httpx.AsyncClient, session: AsyncSession, offer: Offer
) -> None:
    gig_id = offer.gig["id"]
    await _open_window(session, gig_id)
    assert (await client.get(f"/v1/gigs/{gig_id}")).status_code == 200
    assert gig_id in await _search_ids(client, None)
    assert gig_id in await _search_ids(client, offer.outsider.actor)
    response = await client.post(
        f"/v1/gigs/{gig_id}/proposals", headers=offer.outsider.headers, json=PROPOSAL
    )
    assert response.status_code == 201, response.text


async def test_a_draft_starts_its_window_when_published_and_null_opens_it(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_user(session, "owner")
    business = await make_business(session, owner)
    pool = await make_pool(session, await make_hub(session))
    body = gig_body(business.id, status="draft", pool_id=str(pool.id))
    draft = (await client.post("/v1/gigs", headers=owner.headers, json=body)).json()
    assert (draft["pool"]["id"], draft["exclusive_until"]) == (str(pool.id), None)
    published = await client.post(f"/v1/gigs/{draft['id']}/publish", headers=owner.headers)
    assert published.json()["exclusive_until"] is not None
    assert_problem(await client.get(f"/v1/gigs/{draft['id']}"), 403, "pool_exclusive_window")

    opened = await client.patch(
        f"/v1/gigs/{draft['id']}", headers=owner.headers, json={"pool_id": None}
    )
    assert (opened.json()["pool"], opened.json()["exclusive_until"]) == (None, None)
    assert (await client.get(f"/v1/gigs/{draft['id']}")).status_code == 200


async def test_an_unknown_pool_is_refused(client: httpx.AsyncClient, session: AsyncSession) -> None:
    owner = await make_user(session, "owner")
    business = await make_business(session, owner)
    body = gig_body(business.id, pool_id=str(uuid.uuid4()))
    assert_problem(
        await client.post("/v1/gigs", headers=owner.headers, json=body), 404, "pool_not_found"
    )


async def test_the_anonymous_search_cache_never_holds_a_pool_only_gig(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch, offer: Offer
) -> None:
    cache: ExpiringCache[str, Page[GigSummary]] = ExpiringCache(ttl_seconds=60, max_entries=10)
    monkeypatch.setattr(gig_search, "public_pages", lambda: cache)
    gig_id = offer.gig["id"]
    # A member's search is never cached; the anonymous page computed next leaves the gig out.
    assert gig_id in await _search_ids(client, offer.member.actor)
    assert gig_id not in await _search_ids(client, None)
    assert len(cache) == 1
    assert gig_id not in await _search_ids(client, None)  # now from the cache


async def test_inside_the_window_only_members_can_be_invited(
    client: httpx.AsyncClient, session: AsyncSession, offer: Offer
) -> None:
    url = f"/v1/gigs/{offer.gig['id']}/invitations"
    outsider = {"creative_id": str(offer.outsider.profile_id)}
    refused = await client.post(url, headers=offer.owner.headers, json=outsider)
    assert_problem(refused, 409, "invitee_not_in_pool")
    member = {"creative_id": str(offer.member.profile_id)}
    assert (await client.post(url, headers=offer.owner.headers, json=member)).status_code == 201
    await _open_window(session, offer.gig["id"])
    assert (await client.post(url, headers=offer.owner.headers, json=outsider)).status_code == 201
