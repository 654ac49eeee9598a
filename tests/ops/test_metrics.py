"""GET /metrics: request counts and durations by route template, the pool, the worker, and
who may scrape it. The outbox gauges are tested in tests/partners/test_outbox_metrics.py."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from app.core.config import Environment, get_settings
from app.core.pool import HandoffQueuePool
from app.main import create_app
from app.workers.runner import PeriodicTask, run_worker
from tests.helpers import assert_problem

ROOT = Path(__file__).resolve().parents[2]
GIG = "/v1/gigs/0193a7a4-0000-7000-8000-000000000000"


def samples(exposition: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(exposition)
        for sample in family.samples
    }


def value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_requests_are_counted_by_route_template_not_raw_path(
    client: httpx.AsyncClient,
) -> None:
    labels = {"method": "GET", "route": "/v1/gigs/{gig_id}", "status": "404"}
    before = value("pasar_http_requests_total", **labels)
    timed = value("pasar_http_request_duration_seconds_count", method="GET", route=labels["route"])
    for _ in range(3):
        assert (await client.get(GIG)).status_code == 404
    await client.get("/no/such/thing/42")
    await client.request("BREW", "/healthz")

    scraped = await client.get("/metrics")
    assert scraped.status_code == 200
    assert scraped.headers["content-type"].startswith("text/plain; version=")
    found = samples(scraped.text)
    assert found[("pasar_http_requests_total", tuple(sorted(labels.items())))] == before + 3
    duration = (
        "pasar_http_request_duration_seconds_count",
        (("method", "GET"), ("route", labels["route"])),
    )
    assert found[duration] == timed + 3
    routes = {dict(key[1]).get("route") for key in found if key[0] == "pasar_http_requests_total"}
    assert "unmatched" in routes and not any("0193a7a4" in str(r) for r in routes)
    methods = {dict(key[1]).get("method") for key in found if key[0] == "pasar_http_requests_total"}
    assert "BREW" not in methods and "other" in methods


async def test_the_catalogue_operators_alert_on_is_exposed(client: httpx.AsyncClient) -> None:
    names = {
        family.name
        for family in text_string_to_metric_families((await client.get("/metrics")).text)
    }
    assert {
        "pasar_http_requests",
        "pasar_http_request_duration_seconds",
        "pasar_db_pool_connections_in_use",
        "pasar_db_pool_waiters",
        "pasar_worker_task_runs",
        "pasar_notifications_sent",
        "pasar_gigs_posted",
        "pasar_contracts_created",
        "pasar_gmv_released_idr",
        "pasar_outbox_query_up",
    } <= names


@pytest.fixture
def metrics_token(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(get_settings(), "metrics_token", "scrape-7c1d")
    return "scrape-7c1d"


async def test_with_a_token_only_the_scraper_that_sends_it_gets_metrics(
    client: httpx.AsyncClient, metrics_token: str
) -> None:
    assert_problem(await client.get("/metrics"), 401, "invalid_token")
    wrong = await client.get("/metrics", headers={"Authorization": "Bearer scrape-0000"})
    assert_problem(wrong, 401, "invalid_token")
    right = await client.get("/metrics", headers={"Authorization": f"Bearer {metrics_token}"})
    assert right.status_code == 200 and "pasar_http_requests_total" in right.text


@pytest.mark.parametrize(
    ("token", "public", "served"), [("", False, False), ("", True, True), ("t0k3n", False, True)]
)
async def test_production_never_serves_metrics_unauthenticated_unless_told_to(
    monkeypatch: pytest.MonkeyPatch, token: str, public: bool, served: bool
) -> None:
    settings = get_settings()
    monkeypatch.setattr(settings, "environment", Environment.production)
    monkeypatch.setattr(settings, "metrics_token", token)
    monkeypatch.setattr(settings, "metrics_public", public)
    app = create_app()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = await http.get("/metrics", headers=headers)
    assert response.status_code == (200 if served else 404)


@pytest.fixture
async def one_connection(migrated_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(
        migrated_url, poolclass=HandoffQueuePool, pool_size=1, max_overflow=0, pool_timeout=5
    )
    yield engine
    await engine.dispose()


async def test_pool_connections_in_use_and_waiters_are_gauged(one_connection: AsyncEngine) -> None:
    in_use, waiters = (
        value("pasar_db_pool_connections_in_use", role="api"),
        value("pasar_db_pool_waiters", role="api"),
    )
    waits = value("pasar_db_pool_waits_total", role="api")
    async with one_connection.connect() as held:
        await held.execute(text("SELECT 1"))
        assert value("pasar_db_pool_connections_in_use", role="api") == in_use + 1
        second = asyncio.create_task(one_connection.connect().__aenter__())
        for _ in range(1_000):
            if value("pasar_db_pool_waiters", role="api") == waiters + 1:
                break
            await asyncio.sleep(0)
        assert value("pasar_db_pool_waiters", role="api") == waiters + 1
    connection = await second
    assert value("pasar_db_pool_waiters", role="api") == waiters
    assert value("pasar_db_pool_waits_total", role="api") == waits + 1
    await connection.close()
    assert value("pasar_db_pool_connections_in_use", role="api") == in_use


async def test_worker_task_runs_and_failures_are_counted(migrated_url: str, tmp_path: Path) -> None:
    stop = asyncio.Event()
    calls = 0

    async def flaky(session: object) -> int:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("provider timed out")
        if calls == 2:
            return 3  # handled three items: runs again at once
        stop.set()
        return 0

    ok = value("pasar_worker_task_runs_total", task="test.flaky", outcome="ok")
    failed = value("pasar_worker_task_runs_total", task="test.flaky", outcome="failed")
    heartbeat = tmp_path / "worker-heartbeat"
    await run_worker([PeriodicTask("test.flaky", 0.0, flaky)], stop=stop, heartbeat_file=heartbeat)
    assert heartbeat.exists()  # what the worker's liveness probe looks at
    assert value("pasar_worker_task_runs_total", task="test.flaky", outcome="failed") == failed + 1
    assert value("pasar_worker_task_runs_total", task="test.flaky", outcome="ok") == ok + 2
    assert value("pasar_worker_task_items_total", task="test.flaky") >= 3


WRITER = textwrap.dedent(
    """
    from app.core import metrics
    metrics.GIGS_POSTED.inc(2)
    metrics.NOTIFICATIONS_SENT.labels("whatsapp", "failed").inc()
    """
)
READER = (
    "import sys; from app.core.metrics import render_metrics; "
    "sys.stdout.write(render_metrics(None).decode())"
)


@pytest.fixture
def metrics_dir(tmp_path: Path) -> Iterator[dict[str, str]]:
    yield {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}


def test_several_processes_add_up_in_one_scrape(metrics_dir: dict[str, str]) -> None:
    for _ in range(2):  # two uvicorn workers, say
        subprocess.run([sys.executable, "-c", WRITER], env=metrics_dir, cwd=ROOT, check=True)
    scraped = subprocess.run(
        [sys.executable, "-c", READER], env=metrics_dir, cwd=ROOT, check=True, capture_output=True
    ).stdout.decode()
    found = samples(scraped)
    assert found[("pasar_gigs_posted_total", ())] == 4
    assert (
        found[("pasar_notifications_sent_total", (("channel", "whatsapp"), ("outcome", "failed")))]
        == 2
    )
    assert found[("pasar_outbox_query_up", ())] == 0


def test_a_starting_server_removes_only_dead_processes_files(metrics_dir: dict[str, str]) -> None:
    from app.core.metrics_files import prepare_multiprocess_dir

    directory = Path(metrics_dir["PROMETHEUS_MULTIPROC_DIR"])
    subprocess.run([sys.executable, "-c", WRITER], env=metrics_dir, cwd=ROOT, check=True)
    assert list(directory.glob("counter_*.db"))  # left by a process that has exited
    mine = directory / f"counter_{os.getpid()}.db"
    mine.write_bytes(b"")
    prepare_multiprocess_dir(directory)
    assert sorted(directory.iterdir()) == [mine]
