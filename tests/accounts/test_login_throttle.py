"""The login throttle is exact under concurrency, and counts per client address the one a
client cannot choose (the right-most X-Forwarded-For hop not of a trusted proxy)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.core.config import get_settings
from app.core.db import get_session
from app.main import create_app
from tests.helpers import PASSWORD, assert_problem, signup


def _sign_in(email: str, password: str) -> dict[str, str]:
    return {"grant_type": "password", "username": email, "password": password}


async def test_parallel_wrong_passwords_get_no_more_tries_than_the_limit(
    live_app: httpx.AsyncClient,
) -> None:
    owner = await signup(live_app, "owner")
    attempts = await asyncio.gather(
        *(
            live_app.post("/v1/auth/token", data=_sign_in(owner.email, "tebak-tebak"))
            for _ in range(15)
        )
    )
    statuses = sorted(r.status_code for r in attempts)
    assert statuses == [401] * 5 + [429] * 10, statuses
    # Locked out now, the right password included.
    blocked = await live_app.post("/v1/auth/token", data=_sign_in(owner.email, PASSWORD))
    assert_problem(blocked, 429, "rate_limited")


async def _through_proxy(
    client: httpx.AsyncClient, email: str, forwarded_for: str
) -> httpx.Response:
    return await client.post(
        "/v1/auth/token",
        data=_sign_in(email, "tebak-tebak"),
        headers={"X-Forwarded-For": forwarded_for},
    )


async def test_the_throttled_address_is_the_right_most_untrusted_hop(
    client: httpx.AsyncClient,
) -> None:
    # The test client connects from 127.0.0.1, the default trusted proxy. A client that sends
    # its own X-Forwarded-For only changes the left of the list; the proxy appends its peer.
    limit = get_settings().login_max_failures_per_address
    for n in range(limit):
        forged = f"198.18.{n}.1"  # a different address each time, to dodge the throttle
        response = await _through_proxy(client, f"tamu{n}@contoh.id", f"{forged}, 203.0.113.7")
        assert_problem(response, 401, "invalid_credentials")
    blocked = await _through_proxy(client, "tamu-lagi@contoh.id", "198.18.99.1, 203.0.113.7")
    assert_problem(blocked, 429, "rate_limited")
    # Another client behind the same proxy is a different address.
    other = await _through_proxy(client, "tamu-lain@contoh.id", "198.51.100.4")
    assert_problem(other, 401, "invalid_credentials")


async def test_forwarded_for_from_an_untrusted_peer_is_ignored(
    sessionmaker: async_sessionmaker[AsyncSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "forwarded_allow_ips", "10.0.0.2")
    app = create_app()

    async def session_for_request() -> AsyncIterator[AsyncSession]:
        async with sessionmaker() as request_session:
            yield request_session
            await request_session.commit()

    app.dependency_overrides[get_session] = session_for_request
    direct = httpx.ASGITransport(app=app, client=("192.0.2.50", 4000))
    via_proxy = httpx.ASGITransport(app=app, client=("10.0.0.2", 4000))
    async with (
        httpx.AsyncClient(transport=direct, base_url="http://test") as attacker,
        httpx.AsyncClient(transport=via_proxy, base_url="http://test") as proxied,
    ):
        limit = get_settings().login_max_failures_per_address
        for n in range(limit):
            # Rotating a forged header does not help: the peer itself is not a proxy.
            response = await _through_proxy(attacker, f"coba{n}@contoh.id", f"198.18.{n}.1")
            assert_problem(response, 401, "invalid_credentials")
        assert_problem(
            await _through_proxy(attacker, "coba-lagi@contoh.id", "198.18.200.1"),
            429,
            "rate_limited",
        )
        # Through the trusted proxy, the client's own address counts (not the proxy's).
        response = await _through_proxy(proxied, "lewat-proxy@contoh.id", "192.0.2.77")
        assert_problem(response, 401, "invalid_credentials")
