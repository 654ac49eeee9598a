"""Matching fixtures: an owner with a business, inserted as rows with a real bearer token."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.factories import make_user
from tests.helpers import Actor


@pytest.fixture
async def owner(session: AsyncSession) -> Actor:
    return await make_user(session, "owner", name="Sari Wulandari")
