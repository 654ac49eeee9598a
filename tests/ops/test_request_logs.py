"""Every log line written while serving a request carries its request id, errors included;
the access line names the user and the partner app by id, and nothing personal."""

from __future__ import annotations

import io
import logging
from collections.abc import AsyncIterator, Iterator

import httpx
import orjson
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.logging import access_log, configure_logging
from app.main import create_app
from tests.helpers import signup
from tests.partners.kit import bearer, connect, register_app


@pytest.fixture
def log_lines(client: httpx.AsyncClient) -> Iterator[io.StringIO]:
    """The production logging set-up (JSON on stdout), written to a buffer instead. Asks
    for `client` so that it comes after the app is built (create_app configures logging)."""
    root = logging.getLogger()
    saved = root.handlers[:], root.level, access_log.stream, access_log.json_output
    configure_logging("INFO", json_output=True)
    buffer = io.StringIO()
    (handler,) = root.handlers
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(buffer)
    access_log.stream = buffer
    try:
        yield buffer
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
        access_log.stream, access_log.json_output = saved[2], saved[3]


def _entries(buffer: io.StringIO) -> list[dict[str, object]]:
    """The app's lines written since the last call (not the test client's own httpx lines)."""
    lines = buffer.getvalue().splitlines()
    buffer.seek(0)
    buffer.truncate()
    entries = [orjson.loads(line) for line in lines if line]
    return [e for e in entries if str(e["logger"]).startswith("app.")]


@pytest.fixture
async def noisy_app(client: httpx.AsyncClient) -> AsyncIterator[httpx.AsyncClient]:
    """The app with two extra routes: one that logs on its way, one that fails unexpectedly."""
    app = create_app()

    async def chatty() -> dict[str, str]:
        logging.getLogger("app.services.example").warning("slow provider, retrying")
        return {"status": "ok"}

    async def broken() -> None:
        logging.getLogger("app.services.example").info("about to fail")
        raise RuntimeError("unexpected")

    app.add_api_route("/chatty", chatty)
    app.add_api_route("/broken", broken)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


async def test_lines_written_during_a_request_carry_its_id(
    noisy_app: httpx.AsyncClient, log_lines: io.StringIO
) -> None:
    response = await noisy_app.get("/chatty", headers={"X-Request-ID": "kasir-42"})
    assert response.status_code == 200
    warning, access = _entries(log_lines)
    assert warning["message"] == "slow provider, retrying"
    assert warning["request_id"] == access["request_id"] == "kasir-42"

    logging.getLogger("app.worker").info("between requests")
    (outside,) = _entries(log_lines)
    assert "request_id" not in outside


async def test_an_unhandled_errors_lines_carry_the_request_id_too(
    noisy_app: httpx.AsyncClient, log_lines: io.StringIO
) -> None:
    request_id = "kasir-500"
    response = await noisy_app.get("/broken", headers={"X-Request-ID": request_id})
    assert response.status_code == 500
    # Answered inside the request-id middleware, not by Starlette's outermost one.
    assert response.headers["x-request-id"] == request_id
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "internal_error"
    entries = _entries(log_lines)
    error = next(e for e in entries if e["level"] == "error")
    assert "RuntimeError: unexpected" in str(error["exception"])
    assert {e.get("request_id") for e in entries} == {request_id}
    assert [e["status"] for e in entries if e["logger"] == "app.access"] == [500]


async def test_an_unhandled_error_without_an_incoming_id_gets_a_fresh_one(
    noisy_app: httpx.AsyncClient, log_lines: io.StringIO
) -> None:
    response = await noisy_app.get("/broken")
    assert response.status_code == 500
    assigned = response.headers["x-request-id"]
    entries = _entries(log_lines)
    assert {e.get("request_id") for e in entries} == {assigned}
    assert response.json()["type"].endswith("/internal_error")


async def test_the_access_line_names_the_user_and_app_by_id_and_nothing_personal(
    client: httpx.AsyncClient, session: AsyncSession, log_lines: io.StringIO
) -> None:
    creative = await signup(client, "creative", name="Dewi Lestari")
    partner = await register_app(session)
    tokens = await connect(client, partner, creative)
    _entries(log_lines)  # sign-up and consent lines: not what is checked here

    await client.get("/v1/gigs")
    await client.get("/v1/me", headers=creative.headers)
    await client.get("/v1/gigs", headers=bearer(tokens["access_token"]))
    anonymous, first_party, via_app = (
        e for e in _entries(log_lines) if e["logger"] == "app.access"
    )
    assert (anonymous["user_id"], anonymous["client_id"]) == (None, None)
    assert (first_party["user_id"], first_party["client_id"]) == (str(creative.id), None)
    assert (via_app["user_id"], via_app["client_id"]) == (str(creative.id), partner.client_id)
    text = orjson.dumps([anonymous, first_party, via_app]).decode()
    for personal in (creative.email, "Dewi", creative.token, tokens["access_token"]):
        assert personal not in text
