"""The API calls that move money in escrow tests. Deals (a signed contract with milestones,
inserted as rows) and accounts come from tests/factories.py."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.factories import Deal
from tests.helpers import Actor

SUBMISSION = {
    "note": "Desain kemasan final, file AI dan PDF siap cetak.",
    "deliverable_urls": ["https://drive.google.com/drive/folders/kemasan-final"],
}


def idem(actor: Actor, key: str | None = None) -> dict[str, str]:
    """The actor's headers with a fresh (or given) Idempotency-Key."""
    return {**actor.headers, "Idempotency-Key": key or str(uuid.uuid4())}


async def request_funding(
    client: httpx.AsyncClient, deal: Deal, milestone_id: uuid.UUID | None = None
) -> dict[str, Any]:
    response = await client.post(
        f"/v1/milestones/{milestone_id or deal.milestone_id}/fund", headers=idem(deal.owner)
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def fund(
    client: httpx.AsyncClient, deal: Deal, milestone_id: uuid.UUID | None = None
) -> dict[str, Any]:
    """Fund a milestone through the sandbox provider; returns the payment."""
    funding = await request_funding(client, deal, milestone_id)
    paid = await client.post(
        f"/v1/sandbox/payments/{funding['payment_id']}/succeed", headers=deal.owner.headers
    )
    assert paid.status_code == 200, paid.text
    body: dict[str, Any] = paid.json()
    return body


async def submit(
    client: httpx.AsyncClient, deal: Deal, milestone_id: uuid.UUID | None = None
) -> httpx.Response:
    return await client.post(
        f"/v1/milestones/{milestone_id or deal.milestone_id}/submit",
        json=SUBMISSION,
        headers=deal.creative.headers,
    )


async def act(
    client: httpx.AsyncClient,
    actor: Actor,
    milestone_id: uuid.UUID,
    action: str,
    body: dict[str, Any] | None = None,
) -> httpx.Response:
    """POST /v1/milestones/{id}/{action} with an Idempotency-Key."""
    default_bodies: dict[str, dict[str, Any]] = {
        "cancel": {"reason": "Acara pameran dibatalkan."},
        "dispute": {"reason": "File yang dikirim bukan desain final yang disepakati bersama."},
        "submit": SUBMISSION,
        "request-changes": {"note": "Tolong ganti warna hijau menjadi cokelat."},
    }
    return await client.post(
        f"/v1/milestones/{milestone_id}/{action}",
        json=body if body is not None else default_bodies.get(action),
        headers=idem(actor),
    )
