"""Two replicas (separate `pasar serve` processes) on one database share what must be shared."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from app.models import RateLimitCounter, RateLimitTier
from app.models.partner import TIER_RATE_LIMITS
from app.services.audit import AuditActor
from app.services.partners import apps
from app.services.tokens import issue_tokens
from tests.businesses.factories import business_body
from tests.conftest import truncate_user_data
from tests.gigs.factories import gig_body
from tests.helpers import register_database, signup
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
        actor=AuditActor.operator("tests"),
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


@pytest.fixture(scope="module")
def cached_replicas(migrated_url: str) -> Iterator[list[Replica]]:
    """Replicas whose search cache would keep a page for five minutes if nothing emptied it."""
    with running_replicas(migrated_url, SEARCH_CACHE_SECONDS="300") as running:
        yield running


async def _public_ids(replica: httpx.AsyncClient, **headers: str) -> set[str]:
    response = await replica.get("/v1/gigs", params={"q": "rendang"}, headers=headers)
    assert response.status_code == 200, response.text
    return {gig["id"] for gig in response.json()["data"]}


async def test_a_cancelled_gig_leaves_every_replicas_search(
    cached_replicas: list[Replica], committed: AsyncSession, engine: AsyncEngine
) -> None:
    async with (
        httpx.AsyncClient(base_url=cached_replicas[0].url) as a,
        httpx.AsyncClient(base_url=cached_replicas[1].url) as b,
    ):
        # The replicas write to the test database: sign-up reads the verification mail there.
        register_database(a, async_sessionmaker(engine, expire_on_commit=False))
        # Each replica listens for changes (else it would not use its cache at all).
        listeners = await committed.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE application_name = 'pasar-kreatif-listener'"
            )
        )
        assert listeners == 2
        owner = await signup(a, "owner")
        business = await a.post("/v1/businesses", json=business_body(), headers=owner.headers)
        assert business.status_code == 201, business.text
        body = gig_body(business.json()["id"], title="Desain kemasan rendang kering")
        gig = (await a.post("/v1/gigs", json=body, headers=owner.headers)).json()
        assert await _public_ids(b) == {gig["id"]}  # B caches the page now

        cancelled = await a.post(f"/v1/gigs/{gig['id']}/cancel", headers=owner.headers)
        assert cancelled.status_code == 200, cancelled.text
        # The owner sees their own change on the other replica at once.
        assert await _public_ids(b, **owner.headers) == set()
        # Anonymous readers of B once its listener has the notification (milliseconds; a
        # cache nobody emptied would show the gig for five minutes).
        assert await _eventually_empty(b)


async def _eventually_empty(replica: httpx.AsyncClient) -> bool:
    for _ in range(100):  # polls for at most ~10 s
        if not await _public_ids(replica):
            return True
        await asyncio.sleep(0.1)
    return False
