"""The whole partner story, end to end on real PostgreSQL and a real local HTTP receiver."""

from __future__ import annotations

import json
import re

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.partners.delivery import deliver_due_webhooks, fan_out_events
from tests.factories import Creative
from tests.helpers import Actor, assert_problem
from tests.partners.kit import (
    REDIRECT_URI,
    Pkce,
    Receiver,
    bearer,
    decide,
    redirect_query,
    verify_signature,
)
from tests.proposals.factories import COVER_LETTER, make_gig


async def test_a_hub_app_bids_for_a_creative_and_hears_back_by_webhook(
    client: httpx.AsyncClient,
    session: AsyncSession,
    admin: Actor,
    owner: Actor,
    creative: Creative,
    receiver: Receiver,
) -> None:
    # An admin registers the EJSC hub's app; the secret is shown once.
    response = await client.post(
        "/v1/admin/partner-apps",
        json={
            "name": "EJSC Kreatif Hub",
            "redirect_uris": [REDIRECT_URI],
            "allowed_scopes": ["gigs:read", "proposals:read", "proposals:write", "webhooks:manage"],
            "rate_limit_tier": "standard",
        },
        headers=admin.headers,
    )
    assert response.status_code == 201, response.text
    registered = response.json()
    client_id, client_secret = registered["client_id"], registered["client_secret"]

    def as_hub() -> tuple[str, str]:
        return (client_id, client_secret)

    # The app subscribes to events with its own (client credentials) token.
    response = await client.post(
        "/v1/auth/token",
        data={"grant_type": "client_credentials", "scope": "webhooks:manage gigs:read"},
        auth=as_hub(),
    )
    assert response.status_code == 200, response.text
    app_token = response.json()["access_token"]
    assert response.json()["refresh_token"] is None
    response = await client.post(
        "/v1/webhook-endpoints",
        json={"url": receiver.url, "events": ["proposal.accepted", "proposal.declined"]},
        headers=bearer(app_token),
    )
    assert response.status_code == 201, response.text
    signing_secret = response.json()["signing_secret"]

    # Dimas opens the consent page from the hub's app: Indonesian, naming the app and scopes.
    pkce = Pkce()
    params = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": REDIRECT_URI,
        "scope": "gigs:read proposals:read proposals:write",
        "state": "af0ifjsldkj",
        "code_challenge": pkce.challenge,
        "code_challenge_method": "S256",
    }
    page = await client.get("/oauth/authorize", params=params)
    assert page.status_code == 200, page.text
    assert 'lang="id"' in page.text and "EJSC Kreatif Hub" in page.text
    assert "Mengirim dan menarik penawaran atas nama Anda" in page.text
    assert page.headers["x-frame-options"] == "DENY"

    # He signs in and approves; the app gets a one-time code and its state back.
    back = redirect_query(await decide(client, params, email=creative.actor.email))
    assert back["state"] == "af0ifjsldkj"
    response = await client.post(
        "/v1/auth/token",
        data={
            "grant_type": "authorization_code",
            "code": back["code"],
            "redirect_uri": REDIRECT_URI,
            "code_verifier": pkce.verifier,
        },
        auth=as_hub(),
    )
    assert response.status_code == 200, response.text
    grant = response.json()
    assert grant["scope"] == "gigs:read proposals:read proposals:write"
    assert grant["refresh_token"].startswith("pk_rt_")
    dimas = bearer(grant["access_token"])

    # The app lists open gigs and bids on Bu Sari's for Dimas.
    gig = await make_gig(session, owner, title="Desain kemasan keripik tempe Bu Sari")
    response = await client.get("/v1/gigs", headers=dimas)
    assert response.status_code == 200, response.text
    assert str(gig.id) in {g["id"] for g in response.json()["data"]}
    assert int(response.headers["ratelimit-remaining"]) < int(response.headers["ratelimit-limit"])
    response = await client.post(
        f"/v1/gigs/{gig.id}/proposals",
        json={"cover_letter": COVER_LETTER, "price_idr": 2_500_000, "delivery_days": 14},
        headers=dimas,
    )
    assert response.status_code == 201, response.text
    proposal_id = response.json()["id"]

    # Bu Sari accepts in our own client.
    response = await client.post(f"/v1/proposals/{proposal_id}/accept", headers=owner.headers)
    assert response.status_code == 201, response.text

    # The worker fans the events out and delivers them, signed, to the app's receiver.
    assert await fan_out_events(session) >= 2
    assert await deliver_due_webhooks(session) == 1
    [delivered] = receiver.requests
    assert verify_signature(signing_secret, delivered.headers["pasar-signature"], delivered.body)
    assert re.fullmatch(r"t=\d+,v1=[0-9a-f]{64}", delivered.headers["pasar-signature"])
    assert not verify_signature("whsec_wrong", delivered.headers["pasar-signature"], delivered.body)
    webhook_event = json.loads(delivered.body)
    assert webhook_event["subject_id"] == proposal_id
    assert delivered.headers["pasar-event-id"] == webhook_event["id"]

    # Polling returns the same event, byte for byte the same document.
    response = await client.get("/v1/events", params={"types": "proposal.accepted"}, headers=dimas)
    assert response.status_code == 200, response.text
    assert response.json()["data"] == [webhook_event]

    # Dimas disconnects the app in our client; its token is refused from then on.
    response = await client.get("/v1/me/connected-apps", headers=creative.headers)
    assert [a["client_id"] for a in response.json()["data"]] == [client_id]
    response = await client.delete(f"/v1/me/connected-apps/{client_id}", headers=creative.headers)
    assert response.status_code == 204, response.text
    assert_problem(
        await client.get(f"/v1/proposals/{proposal_id}", headers=dimas), 401, "invalid_token"
    )
    response = await client.post(
        "/v1/auth/token",
        data={"grant_type": "refresh_token", "refresh_token": grant["refresh_token"]},
        auth=as_hub(),
    )
    assert_problem(response, 400, "invalid_grant")
