"""One-line builders for conversation tests: a gig with a creative's proposal, the thread
between them, messages written through the API, and the worker's system-message pass."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Gig
from app.services.conversations.system_messages import write_system_messages
from tests.factories import Creative, make_creative, make_user
from tests.helpers import Actor
from tests.proposals.factories import make_gig, submitted_proposal


@dataclass
class Pair:
    """An owner's gig and a creative who proposed on it."""

    owner: Actor
    creative: Creative
    gig: Gig
    proposal: dict[str, Any]

    @property
    def opening(self) -> dict[str, str]:
        return {"gig_id": str(self.gig.id), "creative_id": str(self.creative.profile.id)}


async def make_pair(client: httpx.AsyncClient, session: AsyncSession) -> Pair:
    owner = await make_user(session, "owner", "Sari Wulandari")
    gig = await make_gig(session, owner)
    creative = await make_creative(session, name="Dimas Prasetyo")
    proposal = await submitted_proposal(client, creative, gig.id)
    return Pair(owner, creative, gig, proposal)


async def open_thread(client: httpx.AsyncClient, pair: Pair, actor: Actor | None = None) -> str:
    response = await client.post(
        "/v1/conversations", json=pair.opening, headers=(actor or pair.owner).headers
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def say(
    client: httpx.AsyncClient, actor: Actor, conversation_id: str, body: str, **extra: Any
) -> dict[str, Any]:
    response = await client.post(
        f"/v1/conversations/{conversation_id}/messages",
        json={"body": body, **extra},
        headers=actor.headers,
    )
    assert response.status_code == 201, response.text
    message: dict[str, Any] = response.json()
    return message


async def run_worker(session: AsyncSession) -> int:
    """The system-message task until it has caught up with the outbox."""
    total = 0
    while handled := await write_system_messages(session):
        total += handled
    return total


def uid(value: str | uuid.UUID) -> uuid.UUID:
    return uuid.UUID(str(value))
