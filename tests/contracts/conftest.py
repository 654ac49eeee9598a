from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.contracts.deals import AcceptedDeal, accept_deal
from tests.factories import NEW_CREATIVE, Creative, make_creative
from tests.helpers import Actor, signup


@pytest.fixture
async def deal(client: httpx.AsyncClient, session: AsyncSession) -> AcceptedDeal:
    return await accept_deal(client, session)


@pytest.fixture
async def stranger_owner(client: httpx.AsyncClient) -> Actor:
    return await signup(client, "owner")


@pytest.fixture
async def stranger_creative(client: httpx.AsyncClient, session: AsyncSession) -> Creative:
    return await make_creative(session, account=await signup(client, "creative"), **NEW_CREATIVE)
