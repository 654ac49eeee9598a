"""Concurrent PUTs of one creative's profile on the real pool."""

from __future__ import annotations

import asyncio

import httpx

from tests.creatives.factories import profile_body
from tests.helpers import signup


async def test_concurrent_first_puts_create_exactly_one_profile(
    live_app: httpx.AsyncClient,
) -> None:
    creative = await signup(live_app, "creative")
    responses = await asyncio.gather(
        *(
            live_app.put(
                "/v1/creatives/me",
                json=profile_body(headline=f"Versi ke-{n}"),
                headers=creative.headers,
            )
            for n in range(4)
        )
    )
    assert sorted(r.status_code for r in responses) == [200, 200, 200, 201], [
        r.text for r in responses
    ]
    assert len({r.json()["id"] for r in responses}) == 1
    listed = (await live_app.get("/v1/creatives", params={"limit": 100})).json()["data"]
    assert [c["id"] for c in listed].count(responses[0].json()["id"]) == 1
    mine = (await live_app.get("/v1/creatives/me", headers=creative.headers)).json()
    assert len(mine["skills"]) == 2 and len(mine["portfolio"]) == 1
