"""CPU per request inside one process: the app's ASGI stack next to the baseline's, no HTTP.

    .venv/bin/python -m bench.cpu_per_request > bench/results/cpu.log  # gig by id vs baseline
    .venv/bin/python -m bench.cpu_per_request --health --profile app.prof > /dev/null

wrk figures on this 2-core box swing +-25% from run to run, because server, PostgreSQL and wrk
fight over the same cores. This harness calls each ASGI app directly from 32 concurrent tasks
(as wrk's 32 connections would) and reads `time.process_time()`: the Python CPU one request
costs, with uvicorn's HTTP parsing and PostgreSQL's work left out (both are the same for the
two apps). It moves a few percent between runs instead of a quarter, so a change to the
request path can be A/B'd in a minute. `--profile FILE` writes a cProfile of the app's loop.
The app writes its access lines to stdout as it does in production; the figures go to stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import random
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
import uvloop

from bench.fixtures import GIG_SAMPLE

Send = Callable[[dict[str, Any]], Awaitable[None]]
ASGI = Callable[[dict[str, Any], Callable[[], Awaitable[dict[str, Any]]], Send], Awaitable[None]]


def _scope(path: str) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1:8000"), (b"user-agent", b"bench")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }


async def _receive() -> dict[str, Any]:
    return {"type": "http.request", "body": b"", "more_body": False}


async def _drive(app: ASGI, paths: list[str], requests: int, concurrency: int) -> float:
    """Serve `requests` requests from `concurrency` tasks; CPU seconds per request."""
    remaining = requests
    statuses: dict[int, int] = {}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses[message["status"]] = statuses.get(message["status"], 0) + 1

    async def worker(seed: int) -> None:
        nonlocal remaining
        pick = random.Random(seed)
        while remaining > 0:
            remaining -= 1
            await app(_scope(pick.choice(paths)), _receive, send)

    started = time.process_time()
    await asyncio.gather(*(worker(n) for n in range(concurrency)))
    spent = time.process_time() - started
    if set(statuses) != {200}:
        raise SystemExit(f"cpu_per_request: unexpected statuses {statuses}")
    return spent / requests


async def _gig_ids(dsn: str) -> list[str]:
    connection = await asyncpg.connect(dsn)
    try:
        rows = await connection.fetch(
            "SELECT id FROM gigs WHERE status = 'open' ORDER BY md5(id::text) LIMIT $1",
            GIG_SAMPLE,
        )
    finally:
        await connection.close()
    return [str(row["id"]) for row in rows]


async def _measure(args: argparse.Namespace, dsn: str) -> None:
    from app.main import create_app
    from bench import baseline_app

    ids = await _gig_ids(dsn)
    app = create_app()
    contenders: dict[str, tuple[Any, list[str]]] = {
        "app": (app, [f"/v1/gigs/{gig}" for gig in ids]),
        "baseline": (baseline_app.app, [f"/gigs/{gig}" for gig in ids]),
    }
    if args.health:
        contenders["health"] = (app, ["/healthz"])
    figures: dict[str, list[float]] = {name: [] for name in contenders}
    async with app.router.lifespan_context(app), baseline_app._lifespan(baseline_app.app):
        for target, paths in contenders.values():
            await _drive(target, paths, args.requests // 5, args.concurrency)  # warm-up
        for _ in range(args.rounds):
            for name, (target, paths) in contenders.items():
                figures[name].append(await _drive(target, paths, args.requests, args.concurrency))
        if args.profile:
            target, paths = contenders["app"]
            profiler = cProfile.Profile()
            profiler.enable()
            await _drive(target, paths, args.requests, args.concurrency)
            profiler.disable()
            profiler.dump_stats(args.profile)
    for name, values in figures.items():
        runs = " ".join(f"{v * 1e6:.0f}" for v in values)
        median = statistics.median(values) * 1e6
        print(f"{name:9} median {median:6.0f} us/request  ({runs})", file=sys.stderr)
    ratio = statistics.median(figures["baseline"]) / statistics.median(figures["app"])
    print(f"baseline/app CPU per request: {ratio:.2f}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="default: the embedded server's pasar_bench")
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--health", action="store_true", help="also /healthz, the app's floor")
    parser.add_argument("--profile", help="write a cProfile of one more app round to this file")
    args = parser.parse_args(argv)
    url = args.database_url or _embedded_url()
    dsn = url.replace("postgresql+asyncpg://", "postgresql://", 1)
    os.environ["DATABASE_URL"] = dsn.replace("postgresql://", "postgresql+asyncpg://", 1)
    os.environ["BASELINE_DATABASE_URL"] = dsn
    os.environ.setdefault("LOG_LEVEL", "info")
    uvloop.run(_measure(args, dsn))
    return 0


def _embedded_url() -> str:
    from bench.http_bench import _embedded_url as embedded

    return embedded("pasar_bench")


if __name__ == "__main__":
    raise SystemExit(main())
