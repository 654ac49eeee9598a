"""A retried create with the same Idempotency-Key creates nothing new and gets the first
response again; the same key with another body is refused."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from app.models import (
    Business,
    Gig,
    IdempotencyKey,
    Invitation,
    Message,
    Proposal,
    StoredFile,
    WebhookEndpoint,
)
from tests.businesses.factories import business_body
from tests.conversations.talk import make_pair, open_thread
from tests.factories import make_creative
from tests.files.samples import file_store, png, stored_blobs, upload
from tests.gigs.factories import gig_body
from tests.helpers import Actor, assert_problem, signup
from tests.proposals.factories import COVER_LETTER, make_gig

__all__ = ["file_store"]


async def _count(session: AsyncSession, model: type[Any]) -> int:
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def _post_twice_then_change(
    client: httpx.AsyncClient,
    session: AsyncSession,
    model: type[Any],
    path: str,
    body: dict[str, Any],
    changed: dict[str, Any],
    actor: Actor,
) -> dict[str, Any]:
    headers = {**actor.headers, "Idempotency-Key": str(uuid.uuid4())}
    before = await _count(session, model)
    first = await client.post(path, json=body, headers=headers)
    assert first.status_code == 201, first.text
    retried = await client.post(path, json=body, headers=headers)
    assert retried.status_code == 201 and retried.json() == first.json()
    assert retried.headers["idempotent-replayed"] == "true"
    assert await _count(session, model) == before + 1

    reused = await client.post(path, json=changed, headers=headers)
    assert_problem(reused, 422, "idempotency_key_reused")
    assert await _count(session, model) == before + 1
    created: dict[str, Any] = first.json()
    return created


async def test_businesses_gigs_and_invitations(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await signup(client, "owner")
    business = await _post_twice_then_change(
        client,
        session,
        Business,
        "/v1/businesses",
        business_body(),
        business_body(name="Sambal Roa Bu Tini"),
        owner,
    )
    gig = await _post_twice_then_change(
        client,
        session,
        Gig,
        "/v1/gigs",
        gig_body(business["id"]),
        gig_body(business["id"], title="Foto produk sambal roa"),
        owner,
    )
    creative = await make_creative(session)
    await _post_twice_then_change(
        client,
        session,
        Invitation,
        f"/v1/gigs/{gig['id']}/invitations",
        {"creative_id": str(creative.profile_id), "message": "Mohon kirim penawaran."},
        {"creative_id": str(creative.profile_id), "message": "Ditunggu ya."},
        owner,
    )


async def test_proposals_and_webhook_endpoints(
    client: httpx.AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "webhook_allow_private_targets", True)
    owner = await signup(client, "owner")
    gig = await make_gig(session, owner)
    creative = await make_creative(session)
    proposal = {"cover_letter": COVER_LETTER, "price_idr": 2_500_000, "delivery_days": 14}
    await _post_twice_then_change(
        client,
        session,
        Proposal,
        f"/v1/gigs/{gig.id}/proposals",
        proposal,
        proposal | {"price_idr": 2_000_000},
        creative.actor,
    )
    endpoint = {"url": "http://127.0.0.1:9/pasar", "events": ["proposal.accepted"]}
    created = await _post_twice_then_change(
        client,
        session,
        WebhookEndpoint,
        "/v1/webhook-endpoints",
        endpoint,
        endpoint | {"events": ["*"]},
        creative.actor,
    )
    # The replay shows the signing secret again, but it is stored encrypted.
    stored = (await session.scalars(select(IdempotencyKey.response_body))).all()
    assert stored and not any(created["signing_secret"].encode() in body for body in stored if body)


async def test_messages_and_uploads(
    client: httpx.AsyncClient, session: AsyncSession, file_store: Path
) -> None:
    pair = await make_pair(client, session)
    thread = await open_thread(client, pair)
    await _post_twice_then_change(
        client,
        session,
        Message,
        f"/v1/conversations/{thread}/messages",
        {"body": "Kapan bisa mulai?"},
        {"body": "Kapan bisa mulai, Mas?"},
        pair.owner,
    )

    # An upload's retry is recognised from its form (fields and file content), not raw bytes
    # (a multipart boundary differs on every send).
    headers = {**pair.creative.headers, "Idempotency-Key": str(uuid.uuid4())}
    image = png()
    first = await upload(client, headers, "message_attachment", image, "sketsa.png")
    assert first.status_code == 201, first.text
    retried = await upload(client, headers, "message_attachment", image, "sketsa.png")
    assert retried.status_code == 201 and retried.json()["id"] == first.json()["id"]
    assert retried.headers["idempotent-replayed"] == "true"
    assert await _count(session, StoredFile) == 1
    assert len(stored_blobs(file_store)) == 2  # the image and its thumbnail, once
    other = await upload(client, headers, "message_attachment", png((90, 90)), "sketsa.png")
    assert_problem(other, 422, "idempotency_key_reused")
    assert await _count(session, StoredFile) == 1
