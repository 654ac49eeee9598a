"""Concurrent writes on the real pool: the database has the last word on uniqueness."""

from __future__ import annotations

import asyncio

import httpx

from app.services.businesses import MAX_BUSINESSES_PER_OWNER
from tests.businesses.factories import business_body, create_business, random_nib
from tests.helpers import signup


async def test_concurrent_registrations_of_one_nib_yield_one_business(
    live_app: httpx.AsyncClient,
) -> None:
    owners = [await signup(live_app, "owner") for _ in range(4)]
    nib = random_nib()
    responses = await asyncio.gather(
        *(
            live_app.post("/v1/businesses", json=business_body(nib=nib), headers=o.headers)
            for o in owners
        )
    )
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201, 409, 409, 409], [r.text for r in responses]
    assert all(r.json()["code"] == "nib_taken" for r in responses if r.status_code == 409)


async def test_concurrent_creates_cannot_overshoot_the_cap(live_app: httpx.AsyncClient) -> None:
    owner = await signup(live_app, "owner")
    for n in range(MAX_BUSINESSES_PER_OWNER - 2):
        await create_business(live_app, owner, name=f"Usaha {n}", nib=None)
    responses = await asyncio.gather(
        *(
            live_app.post("/v1/businesses", json=business_body(nib=None), headers=owner.headers)
            for _ in range(5)
        )
    )
    assert sorted(r.status_code for r in responses) == [201, 201, 409, 409, 409]
    mine = await live_app.get(
        "/v1/businesses", params={"mine": "true", "limit": 100}, headers=owner.headers
    )
    assert len(mine.json()["data"]) == MAX_BUSINESSES_PER_OWNER
