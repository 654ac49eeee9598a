from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Gig
from tests.factories import NEW_CREATIVE, Creative, make_creative
from tests.helpers import Actor, signup
from tests.proposals.factories import make_gig


@pytest.fixture
async def owner(client: httpx.AsyncClient) -> Actor:
    return await signup(client, "owner", name="Sari Wulandari")


@pytest.fixture
async def gig(session: AsyncSession, owner: Actor) -> Gig:
    return await make_gig(session, owner)


@pytest.fixture
async def creative(client: httpx.AsyncClient, session: AsyncSession) -> Creative:
    return await make_creative(
        session, account=await signup(client, "creative"), name="Dimas Prasetyo", **NEW_CREATIVE
    )


@pytest.fixture
async def stranger_owner(client: httpx.AsyncClient) -> Actor:
    return await signup(client, "owner")


@pytest.fixture
async def stranger_creative(client: httpx.AsyncClient, session: AsyncSession) -> Creative:
    return await make_creative(session, account=await signup(client, "creative"), **NEW_CREATIVE)
