"""The cluster run: three `pasar serve` behind HAProxy and two workers on one PostgreSQL, all on
loopback; the marketplace story tests and a webhook delivery check through HAProxy, then a
bounded mixed load with a worker outage in the middle, /metrics scraped every few seconds.

    .venv/bin/python -m bench.cluster.run                   # 5-minute load, ~7 minutes in all
    .venv/bin/python -m bench.cluster.run --duration 60     # a shorter load
    .venv/bin/python -m bench.cluster.run --apis 2 --keep   # two servers; leave it running

Needs haproxy (apt-get update && apt-get install -y haproxy). Results and logs go to
bench/results/cluster/ (gitignored); the summary is printed at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import time
from typing import Any

from bench.cluster.audit import audit_clean, ledger_audit
from bench.cluster.cluster import RESULTS, ROOT, Cluster, running_cluster, scrape
from bench.cluster.traffic import Api, FlowFailed, Tally, money_flow
from tests.partners.kit import Receiver, verify_signature

BACKLOG = (
    "pasar_outbox_events_unfanned",
    "pasar_webhook_deliveries_pending",
    "pasar_webhook_delivery_oldest_pending_age_seconds",
)


def story_tests(cluster: Cluster) -> dict[str, Any]:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/flows"],
        env={**os.environ, "PASAR_BASE_URL": cluster.url},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-500:]
    return {
        "exit": done.returncode,
        "summary": last,
        "seconds": round(time.monotonic() - started, 1),
    }


async def webhook_check(cluster: Cluster, receiver: Receiver, tally: Tally) -> dict[str, Any]:
    """An owner's endpoint on the local receiver: every event of a money flow arrives, signed
    with the secret the API returned (whichever worker sent it)."""
    api = Api(cluster.url, tally, database_url=cluster.libpq_url)
    try:
        owner, creative = await api.signup("owner"), await api.signup("creative")
        await api.profile(creative)
        endpoint = await api.call(
            "POST",
            "/v1/webhook-endpoints",
            headers=owner.headers,
            json={"url": f"{receiver.url}/{owner.id}", "events": ["*"]},
        )
        if endpoint.status_code != 201:
            return {"error": endpoint.text[:300]}
        secret = endpoint.json()["signing_secret"]
        deal = await money_flow(api, owner, await api.business(owner), creative)
        # Done when every delivery the API lists succeeded and no new one appeared since the
        # last look (the last events of the flow are still being fanned out for a moment).
        deadline, previous, statuses = time.monotonic() + 90, -1, []
        while time.monotonic() < deadline:
            statuses = await _deliveries_of(api, owner, endpoint.json()["id"])
            if statuses and len(statuses) == previous and set(statuses) == {"succeeded"}:
                break
            previous = len(statuses)
            await asyncio.sleep(1)
        mine = [r for r in receiver.requests if r.path.endswith(owner.id)]
        verified = sum(verify_signature(secret, r.headers["pasar-signature"], r.body) for r in mine)
        return {
            "deliveries": len(statuses),
            "succeeded": statuses.count("succeeded"),
            "received": len(mine),
            "verified": verified,
            "deal_approved": deal.approved,
        }
    finally:
        await api.close()


async def _deliveries_of(api: Api, owner: Any, endpoint_id: str) -> list[str]:
    listed = await api.call(
        "GET",
        f"/v1/webhook-endpoints/{endpoint_id}/deliveries",
        headers=owner.headers,
        params={"limit": 100},
    )
    if listed.status_code != 200:
        return []
    return [str(delivery["status"]) for delivery in listed.json()["data"]]


async def mixed_load(
    cluster: Cluster, receiver: Receiver, duration: float, tally: Tally
) -> dict[str, Any]:
    """Browsers, gig posters and money flows for `duration` seconds; every owner has a webhook
    endpoint, so each event becomes a delivery. The workers are paused (SIGSTOP) from 20% to
    45% of the run: the outbox backlog rises, and drains once they continue."""
    api = Api(cluster.url, tally, database_url=cluster.libpq_url)
    owners = []
    for _ in range(6):
        owner = await api.signup("owner")
        await api.call(
            "POST",
            "/v1/webhook-endpoints",
            headers=owner.headers,
            json={"url": receiver.url + f"/{owner.id}", "events": ["*"]},
        )
        owners.append((owner, await api.business(owner)))
    creatives = [await api.signup("creative") for _ in range(6)]
    for creative in creatives:
        await api.profile(creative)
    gig_ids: list[str] = []
    deals: list[Any] = []
    failures: list[str] = []
    series: list[dict[str, float]] = []
    stop_at = time.monotonic() + duration
    started = time.monotonic()

    async def browser() -> None:
        while time.monotonic() < stop_at:
            await api.browse(random.choice(gig_ids) if gig_ids else None)

    async def poster() -> None:
        while time.monotonic() < stop_at:
            owner, business = random.choice(owners)
            try:
                gig_ids.append(await api.post_gig(owner, business))
            except FlowFailed as failed:
                failures.append(str(failed))
            await asyncio.sleep(0.2)

    async def dealer() -> None:
        while time.monotonic() < stop_at:
            owner, business = random.choice(owners)
            try:
                deals.append(await money_flow(api, owner, business, random.choice(creatives)))
            except FlowFailed as failed:
                failures.append(str(failed))

    async def scraper() -> None:
        paused = False
        while time.monotonic() < stop_at + 120:
            elapsed = time.monotonic() - started
            if not paused and duration * 0.2 <= elapsed < duration * 0.45:
                cluster.pause_workers(True)
                paused = True
            elif paused and elapsed >= duration * 0.45:
                cluster.pause_workers(False)
                paused = False
            values = await asyncio.to_thread(scrape, cluster.url)
            point = {"t": round(elapsed, 1), "workers_paused": float(paused)}
            point |= {name: values.get(name, -1.0) for name in BACKLOG}
            point["requests"] = values.get("pasar_http_requests_total", 0.0)
            series.append(point)
            if time.monotonic() > stop_at and point[BACKLOG[0]] == 0 and point[BACKLOG[1]] == 0:
                return
            await asyncio.sleep(5)

    tasks = [browser() for _ in range(4)] + [poster()] + [dealer() for _ in range(3)]
    await asyncio.gather(scraper(), *tasks)
    await api.close()
    return {"deals": deals, "failures": failures, "series": series, "gigs_posted": len(gig_ids)}


def _print_series(series: list[dict[str, float]]) -> None:
    print(f"{'t (s)':>7} {'paused':>6} {'unfanned':>9} {'pending':>8} {'oldest (s)':>10}")
    for point in series:
        print(
            f"{point['t']:7.0f} {int(point['workers_paused']):6d} {point[BACKLOG[0]]:9.0f} "
            f"{point[BACKLOG[1]]:8.0f} {point[BACKLOG[2]]:10.1f}"
        )


async def main_async(args: argparse.Namespace) -> int:
    cluster = Cluster(api_count=args.apis, worker_count=args.workers)
    tally = Tally()
    receiver = Receiver()
    report: dict[str, Any] = {}
    with receiver.running(), running_cluster(cluster):
        report["ready_seconds"] = round(cluster.wait_ready(), 1)
        tally.phase = "stories"
        report["story_tests"] = await asyncio.to_thread(story_tests, cluster)
        tally.phase = "webhooks"
        report["webhook_check"] = await webhook_check(cluster, receiver, tally)
        tally.phase = "load"
        load = await mixed_load(cluster, receiver, args.duration, tally)
        deals = load.pop("deals")
        report["load"] = {
            "seconds": args.duration,
            "money_flows_completed": sum(d.approved for d in deals),
            "flow_failures": len(load["failures"]),
            "gigs_posted": load["gigs_posted"],
            "first_failures": load["failures"][:5],
        }
        report["statuses"] = {
            f"{phase} {status}": n for (phase, status), n in sorted(tally.statuses.items())
        }
        report["5xx"] = {
            "app": dict(tally.app_5xx),
            "proxy": dict(tally.proxy_5xx),
            "transport_errors": dict(tally.transport_errors),
        }
        report["audit"] = await ledger_audit(
            cluster.libpq_url, [d.milestone_id for d in deals if d.approved]
        )
        report["audit_clean"] = audit_clean(report["audit"])
        report["webhooks_received_during_run"] = len(receiver.requests)
        report["backlog_series"] = load["series"]
        if args.keep:
            print(f"cluster up at {cluster.url}; Ctrl-C stops it", file=sys.stderr)
            await asyncio.Event().wait()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "run.json").write_text(json.dumps(report, indent=2, default=str))
    _print_series(report.pop("backlog_series"))
    print(json.dumps(report, indent=2, default=str))
    return 0 if report["audit_clean"] and report["story_tests"]["exit"] == 0 else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=300, help="seconds of mixed load")
    parser.add_argument("--apis", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="leave the cluster up afterwards")
    args = parser.parse_args(argv)
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    raise SystemExit(main())
