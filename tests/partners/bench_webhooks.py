# A measuring script, not library code: blocking set-up calls in async code are fine here.
# ruff: noqa: ASYNC110, ASYNC220, ASYNC240
"""Webhook delivery and rate-limit figures on this machine (not a test; run by hand):

    .venv/bin/python -m tests.partners.bench_webhooks

Uses its own database on the embedded PostgreSQL and a receiver in a separate process on
127.0.0.1; everything stays on this machine and stops by itself.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

# The receiver: uvicorn (httptools) in its own process, printing "<event id> <unix time>".
RECEIVER = r"""
import sys, time, uvicorn
async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    more = True
    while more:
        message = await receive()
        more = message.get("more_body", False)
    event_id = dict(scope["headers"]).get(b"pasar-event-id", b"-").decode()
    sys.stdout.write(f"{event_id} {time.time()}\n"); sys.stdout.flush()
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b""})
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning",
            http="httptools", loop="uvloop", access_log=False)
"""


async def main() -> None:
    from alembic.config import Config

    from alembic import command
    from app.devdb import drop_database, ensure_database, start_embedded_postgres

    root = Path(__file__).resolve().parents[2]
    handle = start_embedded_postgres(root / ".data", stop_on_exit=False)
    drop_database(handle, "pasar_bench_webhooks")
    url = ensure_database(handle, "pasar_bench_webhooks")
    os.environ.update(DATABASE_URL=url, WEBHOOK_ALLOW_PRIVATE_TARGETS="true", LOG_LEVEL="WARNING")
    config = Config(str(root / "alembic.ini"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["configure_logger"] = False
    await asyncio.to_thread(command.upgrade, config, "head")

    from app.core.db import dispose_engine, session_scope
    from app.core.principal import Caller
    from app.models import User, UserRole
    from app.services.events import record_event
    from app.services.partners import webhooks
    from app.services.partners.delivery import deliver_due_webhooks, fan_out_events
    from app.workers.runner import PeriodicTask, run_worker

    port = 18000 + os.getpid() % 1000
    receiver = subprocess.Popen(
        [sys.executable, "-c", RECEIVER, str(port)], stdout=subprocess.PIPE, text=True
    )
    arrivals: dict[str, float] = {}

    async def read_arrivals() -> None:
        assert receiver.stdout is not None
        while True:
            line = await asyncio.to_thread(receiver.stdout.readline)
            if not line:
                return
            event_id, at = line.split()
            arrivals[event_id] = float(at)

    reader = asyncio.create_task(read_arrivals())
    try:
        await asyncio.sleep(0.5)
        async with session_scope() as session:
            user = User(
                email="bench@contoh.id",
                password_hash="x",
                full_name="Bench",
                role=UserRole.creative,
            )
            session.add(user)
            await session.flush()
            caller = Caller(user=user, scopes=frozenset({"*"}), client_id=None)
            await webhooks.create_endpoint(
                session, caller, url=f"http://127.0.0.1:{port}/hook", events=["*"]
            )

        async def emit(n: int) -> dict[str, float]:
            committed: dict[str, float] = {}
            for _ in range(n):
                async with session_scope() as session:
                    event = await record_event(
                        session,
                        type="proposal.accepted",
                        subject_type="proposal",
                        subject_id=uuid.uuid4(),
                        actor_user_id=None,
                        audience=[user.id],
                        payload={"price_idr": 2_500_000},
                    )
                    event_id = str(event.id)
                committed[event_id] = time.time()
            return committed

        # 1. Throughput: a backlog of events, drained by one worker process.
        backlog = 2000
        await emit(backlog)
        started = time.perf_counter()
        fanned = 0
        while fanned < backlog:
            async with session_scope() as session:
                fanned += await fan_out_events(session)
        fan_out_s = time.perf_counter() - started
        started = time.perf_counter()
        while len(arrivals) < backlog:
            async with session_scope() as session:
                await deliver_due_webhooks(session)
        deliver_s = time.perf_counter() - started
        print(
            f"backlog of {backlog} events: fan-out {backlog / fan_out_s:.0f} events/s, "
            f"delivery {backlog / deliver_s:.0f} deliveries/s ({fan_out_s + deliver_s:.1f} s)"
        )

        # 2. Latency: events emitted one by one while the worker runs (0.5 s idle interval).
        arrivals.clear()
        stop = asyncio.Event()
        tasks = [
            PeriodicTask("fan_out", 0.5, fan_out_events),
            PeriodicTask("deliver", 0.5, deliver_due_webhooks),
        ]
        worker = asyncio.create_task(run_worker(tasks, stop))
        committed: dict[str, float] = {}
        for _ in range(60):
            committed |= await emit(1)
            await asyncio.sleep(0.1)
        deadline = time.time() + 15
        while len(arrivals) < len(committed) and time.time() < deadline:
            await asyncio.sleep(0.1)
        stop.set()
        await worker
        latencies = sorted((arrivals[k] - committed[k]) * 1000 for k in committed if k in arrivals)
        p95 = latencies[int(len(latencies) * 0.95) - 1]
        print(
            f"commit->receipt latency over {len(latencies)} events: "
            f"p50 {statistics.median(latencies):.0f} ms, p95 {p95:.0f} ms, "
            f"max {latencies[-1]:.0f} ms"
        )
        # 3. Rate limits through the real app: one app bursts, another keeps going.
        await rate_limit_figures()
    finally:
        receiver.terminate()
        receiver.wait(timeout=5)
        reader.cancel()
        await dispose_engine()
        drop_database(handle, "pasar_bench_webhooks")


async def rate_limit_figures() -> None:
    import httpx

    from app.core.db import session_scope
    from app.main import create_app
    from app.services.audit import AuditActor
    from app.services.partners import apps
    from app.services.tokens import issue_tokens

    async with session_scope() as session:
        tokens = {}
        for name in ("Hub yang rakus", "Hub yang tenang"):
            app = (
                await apps.register_app(
                    session,
                    name=name,
                    redirect_uris=["https://contoh.id/cb"],
                    allowed_scopes=["gigs:read"],
                    actor=AuditActor.operator("bench"),
                )
            ).app
            issued = await issue_tokens(
                session,
                user=None,
                scopes=("gigs:read",),
                client_id=app.client_id,
                with_refresh=False,
            )
            tokens[name] = {"Authorization": f"Bearer {issued.access_token}"}
    transport = httpx.ASGITransport(app=create_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
        statuses: dict[str, list[int]] = {name: [] for name in tokens}
        retry_after: set[str] = set()
        started = time.perf_counter()
        for i in range(400):
            greedy = await http.get("/v1/gigs", headers=tokens["Hub yang rakus"])
            statuses["Hub yang rakus"].append(greedy.status_code)
            if greedy.status_code == 429:
                retry_after.add(greedy.headers["Retry-After"])
            if i % 10 == 0:
                calm = await http.get("/v1/gigs", headers=tokens["Hub yang tenang"])
                statuses["Hub yang tenang"].append(calm.status_code)
        elapsed = time.perf_counter() - started
    greedy_ok = statuses["Hub yang rakus"].count(200)
    print(
        f"rate limit (standard: burst 100, 10/s): 400 requests in {elapsed:.1f} s -> "
        f"{greedy_ok} allowed, {400 - greedy_ok} refused with 429 (Retry-After "
        f"{sorted(retry_after)}); the other app: {statuses['Hub yang tenang'].count(200)}/"
        f"{len(statuses['Hub yang tenang'])} allowed"
    )


if __name__ == "__main__":
    asyncio.run(main())
