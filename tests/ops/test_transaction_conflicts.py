"""A transaction PostgreSQL rolled back to break a deadlock or a serialization conflict is a
503 `service_busy` with Retry-After (the request may simply be retried); any other database
error stays a 500, and both carry the request id and a problem+json body."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.core.db import SessionDep, get_session
from app.main import create_app
from tests.helpers import assert_problem


@pytest.fixture
async def failing_app(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app()

    async def session_for_request() -> AsyncIterator[AsyncSession]:
        async with sessionmaker() as request_session:
            yield request_session

    async def raise_state(state: str, session: SessionDep) -> None:
        # A real error from PostgreSQL with the given SQLSTATE, as a deadlock victim gets.
        await session.execute(
            text(f"DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '{state}'; END $$")
        )

    app.dependency_overrides[get_session] = session_for_request
    app.add_api_route("/raise/{state}", raise_state)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


@pytest.mark.parametrize("state", ["40P01", "40001"])
async def test_a_deadlock_or_serialization_victim_is_told_to_retry(
    failing_app: httpx.AsyncClient, state: str
) -> None:
    response = await failing_app.get(f"/raise/{state}", headers={"X-Request-ID": "retry-1"})
    assert_problem(response, 503, "service_busy")
    assert response.headers["retry-after"] == "1"
    assert response.headers["x-request-id"] == "retry-1"


async def test_another_database_error_is_a_500_with_the_request_id(
    failing_app: httpx.AsyncClient,
) -> None:
    response = await failing_app.get("/raise/22012", headers={"X-Request-ID": "bug-1"})
    assert_problem(response, 500, "internal_error")
    assert response.headers["x-request-id"] == "bug-1"
