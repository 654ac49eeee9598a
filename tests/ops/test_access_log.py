"""Each request leaves one access line carrying its request id, as JSON or plain text."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from datetime import datetime

import httpx
import orjson
import pytest

from app.core.logging import access_log
from tests.helpers import signup


@pytest.fixture
def access_lines() -> Iterator[io.StringIO]:
    saved = access_log.stream, access_log.json_output, access_log.logger.level
    stream = io.StringIO()
    access_log.stream, access_log.json_output = stream, True
    access_log.logger.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        access_log.stream, access_log.json_output = saved[0], saved[1]
        access_log.logger.setLevel(saved[2])


def _lines(stream: io.StringIO) -> list[str]:
    return stream.getvalue().splitlines()


async def test_a_request_leaves_one_json_line_with_its_id(
    client: httpx.AsyncClient, access_lines: io.StringIO
) -> None:
    response = await client.get("/v1/gigs/0193a7a4-0000-7000-8000-000000000000")
    (line,) = _lines(access_lines)
    entry = orjson.loads(line)
    assert entry["request_id"] == response.headers["x-request-id"]
    assert entry["level"] == "info" and entry["logger"] == "app.access"
    assert entry["message"] == "request"
    assert entry["method"] == "GET"
    assert entry["path"] == "/v1/gigs/0193a7a4-0000-7000-8000-000000000000"
    assert entry["status"] == response.status_code == 404
    assert entry["duration_ms"] >= 0
    assert datetime.fromisoformat(entry["ts"]).utcoffset() is not None


async def test_a_callers_request_id_is_kept_and_a_malformed_one_replaced(
    client: httpx.AsyncClient, access_lines: io.StringIO
) -> None:
    kept = await client.get("/healthz", headers={"X-Request-ID": "mobile-7f3a:42"})
    replaced = await client.get("/healthz", headers={"X-Request-ID": "bad id\twith spaces"})
    first, second = (orjson.loads(line) for line in _lines(access_lines))
    assert kept.headers["x-request-id"] == first["request_id"] == "mobile-7f3a:42"
    assert replaced.headers["x-request-id"] == second["request_id"]
    assert len(second["request_id"]) == 32 and "bad" not in second["request_id"]


async def test_plain_text_lines_while_developing(
    client: httpx.AsyncClient, access_lines: io.StringIO
) -> None:
    access_log.json_output = False
    response = await client.get("/healthz")
    (line,) = _lines(access_lines)
    assert line.startswith("INFO app.access request ")
    assert f"request_id={response.headers['x-request-id']}" in line
    assert "path=/healthz status=200" in line


async def test_a_level_above_info_silences_it(
    client: httpx.AsyncClient, access_lines: io.StringIO
) -> None:
    access_log.logger.setLevel(logging.WARNING)
    assert (await client.get("/healthz")).status_code == 200
    assert _lines(access_lines) == []


async def test_a_signed_in_request_that_fails_is_logged_with_its_user(
    client: httpx.AsyncClient, access_lines: io.StringIO
) -> None:
    # The failed request's rollback expires the caller's User row; the line must not reload it.
    owner = await signup(client, "owner")
    before = len(_lines(access_lines))
    response = await client.get(
        "/v1/gigs/0193a7a4-0000-7000-8000-000000000000", headers=owner.headers
    )
    assert response.status_code == 404
    (line,) = _lines(access_lines)[before:]
    assert orjson.loads(line)["user_id"] == str(owner.id)
