"""An app token acting for no user owns its Idempotency-Keys too (its webhook endpoints)."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import IdempotencyKey, WebhookEndpoint
from tests.helpers import assert_problem
from tests.partners.kit import Receiver, RegisteredApp, bearer


async def test_a_retried_app_webhook_registration_creates_one_endpoint(
    client: httpx.AsyncClient,
    session: AsyncSession,
    partner: RegisteredApp,
    other_partner: RegisteredApp,
    receiver: Receiver,
) -> None:
    tokens = {}
    for app in (partner, other_partner):
        issued = await client.post(
            "/v1/auth/token", data={"grant_type": "client_credentials"}, auth=app.basic_auth
        )
        tokens[app.client_id] = bearer(issued.json()["access_token"])
    key = {"Idempotency-Key": str(uuid.uuid4())}
    body = {"url": receiver.url, "events": ["proposal.accepted"]}
    headers = tokens[partner.client_id] | key

    first = await client.post("/v1/webhook-endpoints", json=body, headers=headers)
    assert first.status_code == 201, first.text
    again = await client.post("/v1/webhook-endpoints", json=body, headers=headers)
    assert again.status_code == 201 and again.json() == first.json()
    assert again.json()["signing_secret"] == first.json()["signing_secret"]
    changed = await client.post(
        "/v1/webhook-endpoints", json=body | {"events": ["*"]}, headers=headers
    )
    assert_problem(changed, 422, "idempotency_key_reused")
    # Another app's key of the same value is its own.
    other = await client.post(
        "/v1/webhook-endpoints", json=body, headers=tokens[other_partner.client_id] | key
    )
    assert other.status_code == 201 and other.json()["id"] != first.json()["id"]

    assert await session.scalar(select(func.count()).select_from(WebhookEndpoint)) == 2
    owners = (await session.execute(select(IdempotencyKey.user_id, IdempotencyKey.client_id))).all()
    assert sorted(c for _, c in owners) == sorted([partner.client_id, other_partner.client_id])
    assert all(u is None for u, _ in owners)
