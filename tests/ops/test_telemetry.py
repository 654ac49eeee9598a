"""Tracing (OTLP over HTTP) and Sentry: off and not even imported unless configured; on, the
request's spans reach the collector carrying its request id, and errors reach Sentry tagged
with it. The app runs in a child process (instrumentation patches libraries for good) and
exports to a receiver in this one."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import threading
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

ROOT = Path(__file__).resolve().parents[2]

APP_RUN = """
import asyncio, sys, httpx
from app.main import create_app

async def main() -> None:
    app = create_app()

    async def boom() -> None:
        raise RuntimeError("ledger exploded")

    app.add_api_route("/boom", boom)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            read = await http.get("/v1/gigs/0193a7a4-0000-7000-8000-000000000000")
            failed = await http.get("/boom", headers={"X-Request-ID": "boom-1"})
        async with httpx.AsyncClient() as outside:
            await outside.get(sys.argv[1] + "/ping")
    print(read.headers["x-request-id"], read.status_code, failed.status_code)
    import sentry_sdk  # noqa: only imported when configured
    sentry_sdk.flush(5) if "sentry_sdk" in sys.modules else None

asyncio.run(main())
"""

NOTHING_IMPORTED = """
import sys, httpx, asyncio
from app.main import create_app

async def main() -> None:
    app = create_app()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        assert (await http.get("/healthz")).status_code == 200
    # FastAPI itself imports the OpenTelemetry *API* (a no-op without a provider); the SDK,
    # exporter and instrumentations are ours to load, and only when configured.
    optional = ("opentelemetry.sdk", "opentelemetry.exporter", "opentelemetry.instrumentation")
    print(sorted(m for m in sys.modules if m.startswith(optional) or m == "sentry_sdk"))

asyncio.run(main())
"""


class Receiver:
    """An OTLP/HTTP collector and a Sentry ingest endpoint, keeping what they were sent."""

    def __init__(self) -> None:
        self.spans: list[dict[str, object]] = []
        self.sentry_events: list[dict[str, object]] = []
        received = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(204)
                self.end_headers()

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                encoding = self.headers.get("content-encoding", "")
                if encoding == "gzip":
                    body = gzip.decompress(body)
                elif encoding == "deflate":
                    body = zlib.decompress(body)
                if self.path == "/v1/traces":
                    received.spans.extend(_spans(body))
                elif self.path.endswith("/envelope/"):
                    received.sentry_events.extend(_sentry_events(body))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


def _spans(body: bytes) -> Iterator[dict[str, object]]:
    request = ExportTraceServiceRequest()
    request.ParseFromString(body)
    for resource_spans in request.resource_spans:
        for scope_spans in resource_spans.scope_spans:
            for span in scope_spans.spans:
                attributes = {
                    a.key: a.value.string_value or a.value.int_value for a in span.attributes
                }
                yield {"name": span.name, "kind": span.kind, **attributes}


def _sentry_events(body: bytes) -> Iterator[dict[str, object]]:
    lines = body.split(b"\n")
    for header, payload in zip(lines[1::2], lines[2::2], strict=False):
        if json.loads(header).get("type") == "event":
            yield json.loads(payload)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    running = Receiver()
    thread = threading.Thread(target=running.server.serve_forever, daemon=True)
    thread.start()
    yield running
    running.server.shutdown()


def _run(script: str, env: dict[str, str], *args: str) -> str:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("OTEL_", "SENTRY_"))}
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        env={**base, "LOG_LEVEL": "WARNING", **env},
        cwd=ROOT,
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    return done.stdout.decode().strip().splitlines()[-1]


def test_with_nothing_configured_neither_package_is_imported(migrated_url: str) -> None:
    assert _run(NOTHING_IMPORTED, {"DATABASE_URL": migrated_url}) == "[]"


def test_with_an_otlp_endpoint_the_requests_spans_are_exported(
    migrated_url: str, receiver: Receiver
) -> None:
    env = {"DATABASE_URL": migrated_url, "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.url}
    request_id, read_status, failed_status = _run(APP_RUN, env, receiver.url).split()
    assert (read_status, failed_status) == ("404", "500")

    [server] = [s for s in receiver.spans if s.get("http.route") == "/v1/gigs/{gig_id}"]
    assert server["name"] == "GET /v1/gigs/{gig_id}"
    assert server["pasar.request_id"] == request_id
    database = [s for s in receiver.spans if "SELECT" in str(s.get("db.statement", s["name"]))]
    assert database, receiver.spans
    assert any(s["name"] == "GET" and s.get("http.url", s.get("url.full")) for s in receiver.spans)


def test_with_a_sentry_dsn_unhandled_errors_are_reported_tagged_with_the_request_id(
    migrated_url: str, receiver: Receiver
) -> None:
    dsn = receiver.url.replace("http://", "http://publickey@") + "/1"
    _run(APP_RUN, {"DATABASE_URL": migrated_url, "SENTRY_DSN": dsn}, receiver.url)
    errors = [e for e in receiver.sentry_events if e.get("level") == "error"]
    assert errors, receiver.sentry_events
    assert all(e["tags"]["request_id"] == "boom-1" for e in errors)  # type: ignore[index]
    assert "ledger exploded" in json.dumps(errors)
    assert "user" not in errors[0] or "email" not in json.dumps(errors[0]["user"])
