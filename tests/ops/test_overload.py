"""When every pooled database connection stays busy, callers get a 503 to retry, not a 500."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from app.core.pool import HandoffQueuePool
from app.main import create_app
from tests.helpers import assert_problem


async def test_an_exhausted_pool_answers_503_with_retry_after(migrated_url: str) -> None:
    from app.core import db

    engine = create_async_engine(
        migrated_url, poolclass=HandoffQueuePool, pool_size=1, max_overflow=0, pool_timeout=0.2
    )
    db.use_engine(engine, async_sessionmaker(engine, expire_on_commit=False))
    transport = httpx.ASGITransport(app=create_app(), raise_app_exceptions=False)
    try:
        async with (
            httpx.AsyncClient(transport=transport, base_url="http://test") as client,
            engine.connect() as held,
        ):
            await held.exec_driver_sql("SELECT 1")  # the pool's only connection, kept busy
            response = await client.get(f"/v1/gigs/{uuid.uuid4()}")
            assert_problem(response, 503, "service_busy")
            assert response.headers["retry-after"] == "1"
        # Once the connection is back, the same request is answered normally.
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            assert_problem(await client.get(f"/v1/gigs/{uuid.uuid4()}"), 404, "gig_not_found")
    finally:
        db.use_engine(None, None)
        await engine.dispose()
