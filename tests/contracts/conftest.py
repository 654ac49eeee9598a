from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.contracts.deals import Deal, make_deal
from tests.helpers import Actor, signup
from tests.proposals.factories import Creative, make_creative


@pytest.fixture
async def deal(client: httpx.AsyncClient, session: AsyncSession) -> Deal:
    return await make_deal(client, session)


@pytest.fixture
async def stranger_owner(client: httpx.AsyncClient) -> Actor:
    return await signup(client, "owner")


@pytest.fixture
async def stranger_creative(client: httpx.AsyncClient, session: AsyncSession) -> Creative:
    return await make_creative(client, session)
