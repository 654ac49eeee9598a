"""Two replicas (separate `pasar serve` processes) on one database share what must be shared."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.models import RateLimitCounter, RateLimitTier
from app.models.partner import TIER_RATE_LIMITS
from app.services.partners import apps
from app.services.tokens import issue_tokens
from tests.conftest import truncate_user_data
from tests.ops.replicas import Replica, running_replicas


@pytest.fixture(scope="module")
def replicas(migrated_url: str) -> Iterator[list[Replica]]:
    with running_replicas(migrated_url) as running:
        yield running


@pytest.fixture
async def committed(engine: AsyncEngine) -> AsyncIterator[AsyncSession]:
    """A session whose writes the replicas see; the data is truncated afterwards."""
    async with AsyncSession(engine, expire_on_commit=False) as session:
        yield session
    await truncate_user_data(engine)


async def test_a_partner_apps_limit_holds_across_replicas(
    replicas: list[Replica], committed: AsyncSession
) -> None:
    registered = await apps.register_app(
        committed,
        name="Papan Kerja Kampus",
        redirect_uris=["https://kampus.contoh.id/cb"],
        allowed_scopes=["gigs:read"],
        rate_limit_tier=RateLimitTier.sandbox,
    )
    token = await issue_tokens(
        committed,
        user=None,
        scopes=("gigs:read",),
        client_id=registered.app.client_id,
        with_refresh=False,
    )
    await committed.commit()
    headers = {"Authorization": f"Bearer {token.access_token}"}
    limit, _ = TIER_RATE_LIMITS[RateLimitTier.sandbox]

    async with httpx.AsyncClient() as http:
        responses = await asyncio.gather(
            *(http.get(f"{replicas[i % 2].url}/v1/gigs", headers=headers) for i in range(30))
        )
    statuses = [r.status_code for r in responses]
    assert set(statuses) == {200, 429}, statuses

    # Exact whatever windows the burst fell into: each admitted at most `limit`.
    windows = (
        await committed.scalars(
            select(RateLimitCounter.hits).where(
                RateLimitCounter.key == f"partner-app:{registered.app.client_id}"
            )
        )
    ).all()
    assert sum(windows) == 30
    assert statuses.count(200) == sum(min(hits, limit) for hits in windows)
    assert statuses.count(429) == sum(max(0, hits - limit) for hits in windows)
