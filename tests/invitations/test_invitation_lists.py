"""GET /v1/invitations: each party sees their own, filtered and paged by keyset."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Gig
from tests.factories import make_creative, make_gig, make_user
from tests.helpers import Actor, assert_problem
from tests.invitations.conftest import invited


async def test_each_party_sees_only_their_own_newest_first_across_pages(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor, gig: Gig
) -> None:
    creatives = [await make_creative(session) for _ in range(3)]
    other_gig = await make_gig(session, owner)
    sent = [await invited(client, owner, gig, c) for c in creatives]
    sent.append(await invited(client, owner, other_gig, creatives[0]))
    other_owner = await make_user(session, "owner")
    foreign = await invited(client, other_owner, await make_gig(session, other_owner), creatives[1])

    walked: list[str] = []
    cursor = None
    for _ in range(10):
        params = {"limit": 1, **({"cursor": cursor} if cursor else {})}
        page = (await client.get("/v1/invitations", headers=owner.headers, params=params)).json()
        walked += [i["id"] for i in page["data"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert walked == [i["id"] for i in reversed(sent)]

    by_gig = await client.get(
        "/v1/invitations", headers=owner.headers, params={"gig_id": str(other_gig.id)}
    )
    assert [i["id"] for i in by_gig.json()["data"]] == [sent[-1]["id"]]
    received = await client.get("/v1/invitations", headers=creatives[1].headers)
    assert {i["id"] for i in received.json()["data"]} == {sent[1]["id"], foreign["id"]}
    nobody = await make_creative(session)
    assert (await client.get("/v1/invitations", headers=nobody.headers)).json()["data"] == []


async def test_listing_needs_mine_and_a_party_role(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor
) -> None:
    response = await client.get("/v1/invitations", headers=owner.headers, params={"mine": False})
    assert_problem(response, 422, "mine_required")
    admin = await make_user(session, "admin")
    assert_problem(
        await client.get("/v1/invitations", headers=admin.headers), 403, "invitations_role_required"
    )
    assert_problem(await client.get("/v1/invitations"), 401, "invalid_token")
    for params in ({"status": "ditolak"}, {"gig_id": "x"}, {"limit": 0}, {"cursor": "%%"}):
        response = await client.get("/v1/invitations", headers=owner.headers, params=params)
        assert_problem(response, 422, "validation_error")
    response = await client.get(
        "/v1/invitations", headers=owner.headers, params={"cursor": "bm90LWpzb24"}
    )
    assert_problem(response, 400, "invalid_cursor")
