"""What a partner token can reach: scopes, default deny, other apps' creatives, suspension,
rate limits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.core import rate_limit
from app.models import RateLimitTier
from tests.factories import NEW_CREATIVE, Creative, make_creative
from tests.helpers import Actor, assert_problem, signup
from tests.partners.kit import RegisteredApp, bearer, connect, register_app
from tests.proposals.factories import COVER_LETTER, make_gig

PROPOSAL = {"cover_letter": COVER_LETTER, "price_idr": 2_500_000, "delivery_days": 14}


async def test_a_token_without_proposals_write_cannot_bid(
    client: httpx.AsyncClient,
    session: AsyncSession,
    partner: RegisteredApp,
    creative: Creative,
    owner: Actor,
) -> None:
    gig = await make_gig(session, owner)
    tokens = await connect(client, partner, creative.actor, scope="gigs:read proposals:read")
    response = await client.post(
        f"/v1/gigs/{gig.id}/proposals", json=PROPOSAL, headers=bearer(tokens["access_token"])
    )
    assert_problem(response, 403, "insufficient_scope")


async def test_partner_tokens_are_refused_where_no_scope_is_declared(
    client: httpx.AsyncClient, partner: RegisteredApp, creative: Creative
) -> None:
    app_for_dimas = bearer((await connect(client, partner, creative.actor))["access_token"])
    for path in ("/v1/me", "/v1/me/connected-apps", "/v1/admin/partner-apps"):
        assert_problem(await client.get(path, headers=app_for_dimas), 403, "insufficient_scope")


async def test_a_delegated_token_never_exceeds_the_creatives_own_rights(
    client: httpx.AsyncClient,
    session: AsyncSession,
    partner: RegisteredApp,
    creative: Creative,
    owner: Actor,
) -> None:
    gig = await make_gig(session, owner)
    dimas = bearer((await connect(client, partner, creative.actor))["access_token"])
    proposal = await client.post(f"/v1/gigs/{gig.id}/proposals", json=PROPOSAL, headers=dimas)
    assert proposal.status_code == 201, proposal.text
    # proposals:write lets the app bid, not act as the gig's owner.
    accept = await client.post(f"/v1/proposals/{proposal.json()['id']}/accept", headers=dimas)
    assert accept.status_code == 403


async def test_an_app_cannot_reach_another_apps_creative(
    client: httpx.AsyncClient,
    session: AsyncSession,
    partner: RegisteredApp,
    other_partner: RegisteredApp,
    creative: Creative,
    owner: Actor,
) -> None:
    gig = await make_gig(session, owner)
    dimas_via_hub = bearer((await connect(client, partner, creative.actor))["access_token"])
    proposal = await client.post(
        f"/v1/gigs/{gig.id}/proposals", json=PROPOSAL, headers=dimas_via_hub
    )
    proposal_id = proposal.json()["id"]

    ayu = await make_creative(
        session, account=await signup(client, "creative"), name="Ayu Lestari", **NEW_CREATIVE
    )
    ayu_via_other = bearer((await connect(client, other_partner, ayu.actor))["access_token"])
    assert_problem(await client.get(f"/v1/proposals/{proposal_id}", headers=ayu_via_other), 404)
    response = await client.post(f"/v1/proposals/{proposal_id}/withdraw", headers=ayu_via_other)
    assert response.status_code == 404
    # The other app's own token sees none of Dimas's events either.
    app_token = await client.post(
        "/v1/auth/token", data={"grant_type": "client_credentials"}, auth=other_partner.basic_auth
    )
    feed = await client.get("/v1/events", headers=bearer(app_token.json()["access_token"]))
    assert feed.status_code == 200 and feed.json()["data"] == []
    # ... while the hub's app token does see them.
    hub_token = await client.post(
        "/v1/auth/token", data={"grant_type": "client_credentials"}, auth=partner.basic_auth
    )
    hub_feed = await client.get("/v1/events", headers=bearer(hub_token.json()["access_token"]))
    assert [e["subject_id"] for e in hub_feed.json()["data"]] == [proposal_id]


async def test_suspending_an_app_stops_its_tokens_at_once(
    client: httpx.AsyncClient, partner: RegisteredApp, creative: Creative, admin: Actor
) -> None:
    tokens = await connect(client, partner, creative.actor)
    dimas = bearer(tokens["access_token"])
    assert (await client.get("/v1/gigs", headers=dimas)).status_code == 200
    response = await client.post(
        f"/v1/admin/partner-apps/{partner.client_id}/suspend", headers=admin.headers
    )
    assert response.status_code == 200 and response.json()["status"] == "suspended"
    assert_problem(await client.get("/v1/gigs", headers=dimas), 401, "invalid_token")
    refresh = await client.post(
        "/v1/auth/token",
        data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]},
        auth=partner.basic_auth,
    )
    assert_problem(refresh, 401, "invalid_client")
    app_token = await client.post(
        "/v1/auth/token", data={"grant_type": "client_credentials"}, auth=partner.basic_auth
    )
    assert_problem(app_token, 401, "invalid_client")


async def test_rate_limits_are_per_app_with_headers(
    client: httpx.AsyncClient,
    session: AsyncSession,
    creative: Creative,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A frozen clock 3 s into a 10 s window, so a slow machine cannot cross into the next.
    now = [datetime(2026, 12, 6, 4, 0, 3, tzinfo=UTC)]
    monkeypatch.setattr(rate_limit, "clock", lambda: now[0])
    sandbox = await register_app(session, name="Papan Kerja Kampus", tier=RateLimitTier.sandbox)
    other = await register_app(session, name="Super-app Freelancer", tier=RateLimitTier.sandbox)
    noisy = bearer((await connect(client, sandbox, creative.actor))["access_token"])
    calm = bearer((await connect(client, other, creative.actor))["access_token"])

    remaining = []
    for _ in range(10):
        response = await client.get("/v1/gigs", headers=noisy)
        assert response.status_code == 200
        assert response.headers["ratelimit-limit"] == "10"
        assert response.headers["ratelimit-policy"] == "10;w=10"
        remaining.append(int(response.headers["ratelimit-remaining"]))
    assert remaining == list(range(9, -1, -1))

    limited = await client.get("/v1/gigs", headers=noisy)
    assert_problem(limited, 429, "rate_limited")
    assert limited.headers["retry-after"] == "7"  # when the window ends
    assert limited.headers["ratelimit-remaining"] == "0"
    # One app's burst leaves the others alone, and first-party clients are not limited.
    assert (await client.get("/v1/gigs", headers=calm)).status_code == 200
    assert (await client.get("/v1/gigs", headers=creative.headers)).status_code == 200
    assert "ratelimit-limit" not in (await client.get("/v1/me", headers=creative.headers)).headers
    now[0] += timedelta(seconds=7)  # Retry-After later, a new window has begun
    assert (await client.get("/v1/gigs", headers=noisy)).status_code == 200
