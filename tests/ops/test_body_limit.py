"""Request bodies over MAX_REQUEST_BODY_BYTES get 413 before the app reads them."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx

from app.core.config import get_settings
from tests.helpers import assert_problem


async def test_declared_length_over_the_limit_is_refused(client: httpx.AsyncClient) -> None:
    body = b"x" * (get_settings().max_request_body_bytes + 1)
    response = await client.post("/v1/auth/register", content=body)
    assert_problem(response, 413, "payload_too_large")


async def test_chunked_body_over_the_limit_is_refused(client: httpx.AsyncClient) -> None:
    limit = get_settings().max_request_body_bytes

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(limit // 65_536 + 2):
            yield b"x" * 65_536

    response = await client.post("/v1/auth/register", content=chunks())
    assert_problem(response, 413, "payload_too_large")


async def test_small_bodies_and_bodyless_requests_pass(client: httpx.AsyncClient) -> None:
    small = await client.post("/v1/auth/register", content=b"{}")
    assert_problem(small, 422)
    assert (await client.get("/healthz")).status_code == 200
