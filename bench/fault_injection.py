"""Fault injection against the cluster (bench/cluster): money flows keep running while API
servers and workers are killed with SIGKILL, 200 PostgreSQL backends are terminated, and
PostgreSQL itself crashes and restarts. Reports the 5xx answers per fault, the money audit
(lost or doubled money, from the ledger) and the recovery time after the restart.

    .venv/bin/python -m bench.fault_injection                     # ~4 minutes
    .venv/bin/python -m bench.fault_injection --phase-seconds 20  # shorter phases
    .venv/bin/python -m bench.fault_injection --audit-only --database-url postgresql://...

Clients behave like careful ones: 5xx and lost connections are retried with backoff, money
POSTs with the same Idempotency-Key. A benchmark, not a test: nothing here runs in CI.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from typing import Any

import asyncpg
import httpx

from bench.cluster.audit import audit_clean, ledger_audit
from bench.cluster.cluster import RESULTS, Cluster, running_cluster
from bench.cluster.traffic import Api, Deal, FlowFailed, Tally, money_flow


class Flows:
    """`concurrency` clients running money flows back to back until stopped."""

    def __init__(self, api: Api, parties: list[tuple[Any, str, Any]], concurrency: int) -> None:
        self.api, self.parties, self.concurrency = api, parties, concurrency
        self.deals: list[Deal] = []
        self.failures: list[tuple[str, str]] = []
        self.running = True
        self.by_phase: dict[str, int] = {}

    async def client(self) -> None:
        while self.running:
            owner, business, creative = random.choice(self.parties)
            phase = self.api.tally.phase
            try:
                deal = await money_flow(self.api, owner, business, creative)
            except (FlowFailed, httpx.TransportError) as failed:
                self.failures.append((phase, str(failed)[:200]))
                continue
            self.deals.append(deal)
            self.by_phase[phase] = self.by_phase.get(phase, 0) + 1

    async def run(self) -> None:
        await asyncio.gather(*(self.client() for _ in range(self.concurrency)))


async def kill_apis(cluster: Cluster, seconds: float, kills: int) -> dict[str, Any]:
    for n in range(kills):
        await asyncio.sleep(seconds / kills)
        cluster.restart_api(n % len(cluster.apis))
    return {"api_kills": kills}


async def kill_workers(cluster: Cluster, seconds: float, kills: int) -> dict[str, Any]:
    for n in range(kills):
        await asyncio.sleep(seconds / kills)
        cluster.restart_worker(n % len(cluster.workers))
    return {"worker_kills": kills}


async def terminate_backends(cluster: Cluster, seconds: float, count: int) -> dict[str, Any]:
    terminated, started = 0, time.monotonic()
    while terminated < count and time.monotonic() - started < seconds * 3:
        try:
            connection = await asyncpg.connect(cluster.libpq_url)
            try:
                done = await connection.fetchval(
                    "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM ("
                    "  SELECT pid FROM pg_stat_activity WHERE application_name = 'pasar-kreatif'"
                    "  AND pid <> pg_backend_pid() ORDER BY random() LIMIT 1) victim"
                )
            finally:
                await connection.close()
            terminated += int(done or 0)
        except (OSError, asyncpg.PostgresError):
            pass
        await asyncio.sleep(seconds / count)
    return {"backends_terminated": terminated}


async def crash_postgres(cluster: Cluster, down_seconds: float) -> dict[str, Any]:
    """SIGKILL PostgreSQL, keep it down, restart it; time until the cluster serves again."""
    crashed = time.monotonic()
    await asyncio.to_thread(cluster.crash_database)
    await asyncio.sleep(down_seconds)
    await asyncio.to_thread(cluster.restart_database)
    restarted = time.monotonic()
    recovered: dict[str, float] = {}
    async with httpx.AsyncClient(timeout=5) as http:
        targets = {
            "haproxy /readyz": f"{cluster.url}/readyz",
            "haproxy GET /v1/gigs": f"{cluster.url}/v1/gigs",
        }
        targets |= {
            f"api{i + 1} GET /v1/gigs": f"{cluster.api_url(i)}/v1/gigs"
            for i in range(len(cluster.apis))
        }
        while len(recovered) < len(targets) and time.monotonic() - restarted < 120:
            for name, url in targets.items():
                if name in recovered:
                    continue
                try:
                    if (await http.get(url)).status_code == 200:
                        recovered[name] = round(time.monotonic() - restarted, 2)
                except httpx.HTTPError:
                    pass
            await asyncio.sleep(0.05)
    return {
        "postgres_down_seconds": round(restarted - crashed, 2),
        "recovered_seconds_after_restart": recovered,
    }


async def main_async(args: argparse.Namespace) -> int:
    if args.audit_only:
        found = await ledger_audit(args.database_url)
        print(json.dumps(found, indent=2, default=str))
        return 0 if audit_clean(found) else 1
    cluster = Cluster(api_count=args.apis, worker_count=args.workers)
    tally = Tally(phase="setup")
    report: dict[str, Any] = {}
    with running_cluster(cluster):
        api = Api(cluster.url, tally, attempts=10, database_url=cluster.libpq_url)
        parties = []
        for _ in range(args.concurrency):
            owner, creative = await api.signup("owner"), await api.signup("creative")
            await api.profile(creative)
            parties.append((owner, await api.business(owner), creative))
        flows = Flows(api, parties, args.concurrency)
        runner = asyncio.create_task(flows.run())
        seconds = args.phase_seconds
        faults: list[tuple[str, Any]] = [
            ("baseline", asyncio.sleep(seconds / 2, result={})),
            ("kill9_api", kill_apis(cluster, seconds, args.kills)),
            ("kill9_worker", kill_workers(cluster, seconds, args.kills)),
            ("pg_terminate_backend", terminate_backends(cluster, seconds, args.terminations)),
            ("postgres_crash_restart", crash_postgres(cluster, args.down_seconds)),
        ]
        for name, fault in faults:
            tally.phase = name
            report[name] = await fault
            await asyncio.to_thread(cluster.wait_ready, 120)
        tally.phase = "settle"
        await asyncio.sleep(5)
        flows.running = False
        await runner
        await api.close()
        await asyncio.sleep(3)  # let the workers finish what the last flows queued
        for name, _ in faults:
            statuses = {
                status: n
                for (phase, status), n in tally.statuses.items()
                if phase == name and status >= 500
            }
            report[name] |= {
                "app_5xx": tally.app_5xx[name],
                "proxy_5xx": tally.proxy_5xx[name],
                "5xx_by_status": statuses,
                "transport_errors": tally.transport_errors[name],
                "flows_completed": flows.by_phase.get(name, 0),
                "flows_failed": sum(1 for phase, _ in flows.failures if phase == name),
            }
        report["money_flows_completed"] = sum(d.approved for d in flows.deals)
        report["flow_failures_sample"] = [f for _, f in flows.failures[:8]]
        report["audit"] = await ledger_audit(
            cluster.libpq_url, [d.milestone_id for d in flows.deals if d.approved]
        )
        report["audit_clean"] = audit_clean(report["audit"])
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "faults.json").write_text(json.dumps(report, indent=2, default=str))
    print(json.dumps(report, indent=2, default=str))
    return 0 if report["audit_clean"] else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phase-seconds", type=float, default=40)
    parser.add_argument("--concurrency", type=int, default=6, help="money flows at once")
    parser.add_argument("--kills", type=int, default=6, help="SIGKILLs per process kind")
    parser.add_argument("--terminations", type=int, default=200)
    parser.add_argument("--down-seconds", type=float, default=3, help="PostgreSQL down time")
    parser.add_argument("--apis", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--audit-only", action="store_true", help="only audit --database-url")
    parser.add_argument("--database-url", help="libpq URL for --audit-only")
    args = parser.parse_args(argv)
    if args.audit_only and not args.database_url:
        parser.error("--audit-only needs --database-url")
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())
