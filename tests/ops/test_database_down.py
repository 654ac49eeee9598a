"""While PostgreSQL is down, starting or dropping connections, every route answers 503
`database_unavailable` with Retry-After, never a 500. The app runs on its own engine (built
from DATABASE_URL as in production) pointed at a server that is not there or not ready."""

from __future__ import annotations

import asyncio
import socket
import struct
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine
from sqlalchemy.pool import NullPool

from app.core import db
from app.core.config import get_settings
from app.main import create_app
from tests.helpers import assert_problem, signup

AppAt = Callable[[str], Awaitable[httpx.AsyncClient]]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
async def app_at(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[AppAt]:
    """An app whose DATABASE_URL is the given one; its engine is built by app.core.db."""
    clients: list[httpx.AsyncClient] = []

    async def build(url: str) -> httpx.AsyncClient:
        monkeypatch.setattr(get_settings(), "database_url", url)
        monkeypatch.setattr(get_settings(), "db_connect_timeout_seconds", 0.5)
        db.use_engine(None, None)
        transport = httpx.ASGITransport(app=create_app(), raise_app_exceptions=False)
        clients.append(httpx.AsyncClient(transport=transport, base_url="http://test"))
        return clients[-1]

    yield build
    for client in clients:
        await client.aclose()
    await db.dispose_engine()


async def _assert_every_kind_of_request_gets_503(client: httpx.AsyncClient) -> None:
    requests = [
        client.build_request("GET", "/readyz"),
        client.build_request("GET", "/v1/gigs"),  # borrows a raw pooled connection
        client.build_request("GET", "/v1/gigs/6f1c2d9e-4b1a-4c47-9d51-0a4b7e1f2c3d"),
        client.build_request("GET", "/v1/me", headers={"Authorization": "Bearer pk_at_x"}),
        client.build_request(
            "POST",
            "/v1/auth/token",
            data={"grant_type": "password", "username": "sari@contoh.id", "password": "x" * 12},
        ),
    ]
    for request in requests:
        response = await client.send(request)
        assert_problem(response, 503, "database_unavailable")
        assert response.headers["retry-after"] == "1", request.url


async def test_a_refused_connection_is_a_503(app_at: AppAt) -> None:
    port = _closed_port()
    client = await app_at(f"postgresql+asyncpg://pasar:x@127.0.0.1:{port}/pasar")
    await _assert_every_kind_of_request_gets_503(client)


async def test_a_missing_unix_socket_is_a_503(app_at: AppAt, tmp_path: Path) -> None:
    client = await app_at(f"postgresql+asyncpg://pasar@/pasar?host={tmp_path}")
    await _assert_every_kind_of_request_gets_503(client)


@asynccontextmanager
async def _server(
    answer: Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]],
) -> AsyncIterator[int]:
    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    try:
        yield int(server.sockets[0].getsockname()[1])
    finally:
        server.close()
        await server.wait_closed()


async def _starting_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """What PostgreSQL answers during start-up or crash recovery (protocol v3): it declines
    SSL, reads the startup message and replies FATAL 57P03."""
    while True:
        length = struct.unpack("!i", await reader.readexactly(4))[0]
        code = struct.unpack("!i", await reader.readexactly(4))[0]
        await reader.readexactly(length - 8)
        if code == 80877103:  # SSLRequest
            writer.write(b"N")
            continue
        break
    fields = b"SFATAL\0VFATAL\0C57P03\0Mthe database system is starting up\0\0"
    writer.write(b"E" + struct.pack("!i", len(fields) + 4) + fields)
    await writer.drain()
    writer.close()


async def _silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await reader.read()  # accepts the connection and never answers


async def test_a_server_still_starting_up_is_a_503(app_at: AppAt) -> None:
    async with _server(_starting_up) as port:
        client = await app_at(f"postgresql+asyncpg://pasar:x@127.0.0.1:{port}/pasar?ssl=disable")
        await _assert_every_kind_of_request_gets_503(client)


async def test_a_server_that_never_answers_is_a_503_after_the_connect_timeout(
    app_at: AppAt,
) -> None:
    async with _server(_silent) as port:
        client = await app_at(f"postgresql+asyncpg://pasar:x@127.0.0.1:{port}/pasar?ssl=disable")
        assert_problem(await client.get("/readyz"), 503, "database_unavailable")


async def test_a_connection_dropped_inside_a_savepoint_is_a_503_not_a_500(
    client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    # The test harness runs each request in a savepoint of one connection: once the server
    # drops it, the first request meets the dropped connection and the next ones SQLAlchemy's
    # PendingRollbackError ("Can't reconnect until invalid transaction is rolled back").
    actor = await signup(client, "owner")
    pid = await connection.scalar(text("SELECT pg_backend_pid()"))
    outside = create_async_engine(connection.engine.url, poolclass=NullPool)
    async with outside.connect() as admin:
        await admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    await outside.dispose()
    for _ in range(3):
        response = await client.get("/v1/me", headers=actor.headers)
        assert_problem(response, 503, "database_unavailable")
        assert response.headers["retry-after"] == "1"
