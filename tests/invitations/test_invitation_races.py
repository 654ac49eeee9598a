"""Concurrent invitations on the real pool: the per-gig limit and one-per-creative hold."""

from __future__ import annotations

import asyncio

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.services.invitations import MAX_INVITATIONS_PER_GIG
from tests.factories import make_creative, make_gig, make_user


async def test_concurrent_invitations_respect_the_limit_and_duplicates(
    live_app: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    async with AsyncSession(engine, expire_on_commit=False) as session:
        owner = await make_user(session, "owner")
        gig = await make_gig(session, owner)
        creatives = [await make_creative(session) for _ in range(MAX_INVITATIONS_PER_GIG + 4)]
        await session.commit()
    path = f"/v1/gigs/{gig.id}/invitations"
    twice = [creatives[0], creatives[0]]
    responses = await asyncio.gather(
        *(
            live_app.post(path, headers=owner.headers, json={"creative_id": str(c.profile_id)})
            for c in [*twice, *creatives[1:]]
        )
    )
    codes = [r.status_code for r in responses]
    assert codes.count(201) == MAX_INVITATIONS_PER_GIG, [r.text for r in responses]
    conflicts = sorted(r.json()["code"] for r in responses if r.status_code == 409)
    assert len(conflicts) == len(responses) - MAX_INVITATIONS_PER_GIG
    # The same creative twice: never both; if one got in, the other heard it exists.
    first, second = responses[:2]
    assert codes[:2].count(201) <= 1
    if 201 in codes[:2]:
        loser = second if first.status_code == 201 else first
        assert loser.json()["code"] == "invitation_exists"
    assert set(conflicts) <= {"invitation_exists", "invitation_limit_reached"}
    listed = await live_app.get("/v1/invitations", headers=owner.headers, params={"limit": 100})
    ids = [i["creative"]["id"] for i in listed.json()["data"]]
    assert len(ids) == MAX_INVITATIONS_PER_GIG == len(set(ids))
