"""Invitation fixtures: an owner with an open gig and a creative, inserted as rows."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Gig
from tests.factories import Creative, make_creative, make_gig, make_user
from tests.helpers import Actor


@pytest.fixture
async def owner(session: AsyncSession) -> Actor:
    return await make_user(session, "owner", name="Sari Wulandari")


@pytest.fixture
async def gig(session: AsyncSession, owner: Actor) -> Gig:
    return await make_gig(session, owner)


@pytest.fixture
async def creative(session: AsyncSession) -> Creative:
    return await make_creative(session, name="Dina Prameswari")


async def invite(
    client: httpx.AsyncClient, owner: Actor, gig: Gig, creative: Creative, **body: Any
) -> httpx.Response:
    return await client.post(
        f"/v1/gigs/{gig.id}/invitations",
        headers=owner.headers,
        json={"creative_id": str(creative.profile_id), **body},
    )


async def invited(
    client: httpx.AsyncClient, owner: Actor, gig: Gig, creative: Creative, **body: Any
) -> dict[str, Any]:
    response = await invite(client, owner, gig, creative, **body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created
