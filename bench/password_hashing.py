"""`/healthz` latency while sign-ups hash passwords, next to its idle latency (issue #11).

Starts `pasar serve` (one worker, production argon2 cost: t=3, 64 MiB) on a free loopback port
against a fresh `pasar_hashbench` database, measures `/healthz` p50/p95 idle, then while 8
clients sign up back to back, once per PASSWORD_HASH_THREADS value given (default: the
shipped default, then 8 threads to show what an uncapped pool does).

    .venv/bin/python -m bench.password_hashing [--threads default 8] [--samples 200]

Not a test: the figures depend on the machine; bench/README.md records them.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DATABASE = "pasar_hashbench"
SIGNUPS_IN_FLIGHT = 8


def _database_url() -> str:
    from app.core.config import get_settings
    from app.devdb import drop_database, ensure_database, start_embedded_postgres

    settings = get_settings()
    if settings.database_url:
        return settings.database_url
    embedded = start_embedded_postgres(settings.data_dir)
    drop_database(embedded, DATABASE)
    return ensure_database(embedded, DATABASE)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _start(database_url: str, threads: str) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "LOG_LEVEL": "WARNING",
        "SIGNUP_MAX_PER_ADDRESS": "1000000",
        "SIGNUP_MAX_GLOBAL": "1000000",
    }
    env.pop("PASSWORD_HASH_THREADS", None)
    if threads != "default":
        env["PASSWORD_HASH_THREADS"] = threads
    server = subprocess.Popen(
        [str(BIN / "pasar"), "serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(base_url + "/readyz", timeout=2).status_code == 200:
                return server, base_url
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    _stop(server)
    raise SystemExit("the server did not become ready")


def _stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


async def _health_latencies(client: httpx.AsyncClient, samples: int) -> list[float]:
    latencies = []
    for _ in range(samples):
        started = time.perf_counter()
        response = await client.get("/healthz")
        latencies.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
        await asyncio.sleep(0.01)
    return latencies


async def _sign_up_forever(client: httpx.AsyncClient, stop: asyncio.Event, done: list[int]) -> None:
    while not stop.is_set():
        response = await client.post(
            "/v1/auth/register",
            json={
                "email": f"bench-{uuid.uuid4().hex[:12]}@contoh.id",
                "password": "kopi-tubruk-gula-aren-2026",
                "full_name": "Bench Pengguna",
                "role": "owner",
            },
        )
        assert response.status_code == 202, response.text
        done.append(1)


def _summary(latencies: list[float]) -> str:
    ordered = sorted(latencies)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return f"p50 {statistics.median(ordered):6.1f} ms  p95 {p95:6.1f} ms  (n={len(ordered)})"


async def _measure(base_url: str, samples: int) -> None:
    limits = httpx.Limits(max_connections=SIGNUPS_IN_FLIGHT + 2)
    async with httpx.AsyncClient(base_url=base_url, timeout=120, limits=limits) as client:
        await _health_latencies(client, 20)  # warm-up
        print("  idle:                ", _summary(await _health_latencies(client, samples)))
        stop, done = asyncio.Event(), []
        load = [
            asyncio.create_task(_sign_up_forever(client, stop, done))
            for _ in range(SIGNUPS_IN_FLIGHT)
        ]
        await asyncio.sleep(1.0)
        started = time.perf_counter()
        busy = await _health_latencies(client, samples)
        elapsed = time.perf_counter() - started
        stop.set()
        await asyncio.gather(*load)
        print(f"  {SIGNUPS_IN_FLIGHT} sign-ups running: ", _summary(busy))
        print(f"  sign-ups completed: {len(done)} ({len(done) / elapsed:.1f}/s while measuring)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", nargs="+", default=["default", "8"])
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()
    database_url = _database_url()
    print(f"cores: {os.cpu_count()}")
    for threads in args.threads:
        server, base_url = _start(database_url, threads)
        try:
            print(f"PASSWORD_HASH_THREADS={threads}")
            asyncio.run(_measure(base_url, args.samples))
        finally:
            _stop(server)


if __name__ == "__main__":
    main()
