"""Impact report timings (issue 13) on the bench data set with its hub layer.

    .venv/bin/python -m bench.impact_bench --scale 0.1        # generates first when needed
    .venv/bin/python -m bench.impact_bench --scale 0.1 --runs 50 --rebuild

Loads (or reuses) the data set of `bench.generate` at `--scale`, which includes the hub layer
(bench/hubs.py: 40 hubs, 30 % of creatives affiliated), rebuilds the impact rollups when they
are empty (timed: that is `pasar impact-rebuild`), then times whole reports as the API builds
them (`build_report`: every figure, every breakdown and the previous period) over two years
for one hub, one province and the whole country: p50 and p95 of `--runs` runs. The baseline,
measured in the same run, is the direct query a report would need without rollups (headline
figures only, straight from gigs, contracts, milestones and reviews). Last, one refresh batch
of the worker (500 outbox events, each touching a different gig) is timed.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from bench import generate
from bench.servers import machine_description

FROM, TO = date(2024, 12, 1), date(2026, 11, 30)  # two years to the generator's "today"

# Headline figures straight from the source tables: what a report costs without rollups.
DIRECT = """
WITH scope_gigs AS (
    SELECT g.id, g.business_id, g.published_at FROM gigs g JOIN businesses b ON b.id = g.business_id
    WHERE g.published_at >= :start AND g.published_at < :end {gig_filter}
), scope_contracts AS (
    SELECT c.*, g.published_at FROM contracts c JOIN gigs g ON g.id = c.gig_id
    JOIN businesses b ON b.id = c.business_id
    WHERE c.created_at >= :start AND c.created_at < :end {contract_filter}
)
SELECT (SELECT count(DISTINCT business_id) FROM scope_gigs),
       (SELECT count(*) FROM scope_gigs),
       (SELECT count(*) FROM scope_contracts),
       (SELECT count(*) FROM scope_contracts WHERE status = 'completed'),
       (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY created_at - published_at)
        FROM scope_contracts),
       (SELECT sum(m.released_idr) FROM milestones m JOIN scope_contracts c
        ON c.id = m.contract_id),
       (SELECT count(DISTINCT creative_id) FROM scope_contracts),
       (SELECT avg(r.rating) FROM reviews r JOIN scope_contracts c ON c.id = r.contract_id)
"""
HUB_FILTER = """AND (g.business_id IN (SELECT business_id FROM hub_businesses WHERE hub_id = :hub)
    OR g.id IN (SELECT c2.gig_id FROM contracts c2 JOIN hub_creatives hc
                ON hc.creative_id = c2.creative_id WHERE hc.hub_id = :hub))"""
PROVINCE_FILTER = "AND b.region_code LIKE :prefix"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.impact_bench", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--scale", type=float, default=0.1, help="data set scale (0.1)")
    parser.add_argument("--runs", type=int, default=30, help="timed runs per report (30)")
    parser.add_argument("--baseline-runs", type=int, default=5, help="runs of the direct query")
    parser.add_argument(
        "--rebuild", action="store_true", help="rebuild the rollups even if present"
    )
    parser.add_argument("--reset", action="store_true", help="load the data set again first")
    parser.add_argument("--database", default=generate.BENCH_DATABASE)
    return parser


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


async def _timed(run: Callable[[], Awaitable[Any]], runs: int) -> list[float]:
    await run()  # warm the caches once
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        await run()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


async def _main(args: argparse.Namespace, machine: dict[str, Any]) -> int:
    url = generate._embedded_url(args.database)
    # jit off as in bench/postgres_settings.sql (the embedded server's default is on, and
    # compiling these plans costs more than running them).
    engine = create_async_engine(url, pool_size=2, connect_args={"server_settings": {"jit": "off"}})
    from app.models import Hub
    from app.schemas.impact import Granularity
    from app.services.impact.report import build_report
    from app.services.impact.rollup import rebuild_impact, refresh_impact

    async with AsyncSession(engine, expire_on_commit=False) as session:
        rows = await session.scalar(text("SELECT count(*) FROM impact_gig_months"))
        if args.rebuild or not rows:
            started = time.perf_counter()
            rows = await rebuild_impact(session)
            await session.commit()
            print(
                f"impact-rebuild: {rows:,} gig-month rows in {time.perf_counter() - started:.1f} s"
            )
            async with engine.connect() as conn:
                autocommit = await conn.execution_options(isolation_level="AUTOCOMMIT")
                for table in ("impact_gig_months", "impact_cells", "impact_party_spans"):
                    await autocommit.execute(text(f"VACUUM (ANALYZE) {table}"))
        counts = {
            name: await session.scalar(text(f"SELECT count(*) FROM {name}"))
            for name in ("gigs", "contracts", "businesses", "creative_profiles", "hubs",
                         "hub_creatives", "hub_businesses", "impact_gig_months", "impact_cells",
                         "impact_party_spans")
        }  # fmt: skip
        print("rows: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
        hub = (
            await session.execute(
                text("""SELECT h.id FROM hubs h JOIN hub_creatives hc ON hc.hub_id = h.id
                        GROUP BY h.id ORDER BY count(*) DESC LIMIT 1""")
            )
        ).scalar_one()
        hub_row = await session.get(Hub, hub)
        province = (await session.scalar(text(
            "SELECT split_part(region_code, '.', 1) FROM businesses "
            "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
        )))  # fmt: skip
        scopes: dict[str, dict[str, Any]] = {
            "one hub (largest, with children)": {"hub": hub_row, "region": None},
            f"one province ({province})": {"hub": None, "region": province},
            "whole country": {"hub": None, "region": None},
        }
        print(f"\n{machine}")
        print(f"reports over {FROM:%Y-%m}..{TO:%Y-%m}, {args.runs} runs each (ms)")
        print(f"{'scope':<36} {'p50':>8} {'p95':>8}   {'direct p50':>10} {'direct max':>10}")
        for name, scope in scopes.items():

            async def report(scope: dict[str, Any] = scope) -> Any:
                return await build_report(
                    session, hub=scope["hub"], region=scope["region"], category=None,
                    from_day=FROM, to_day=TO, granularity=Granularity.month,
                )  # fmt: skip

            p50, p95 = _percentiles(await _timed(report, args.runs))
            gig_filter = contract_filter = ""
            params: dict[str, Any] = {"start": FROM, "end": date(2026, 12, 1)}
            if scope["hub"] is not None:
                gig_filter = HUB_FILTER
                contract_filter = HUB_FILTER.replace("g.business_id", "c.business_id").replace(
                    "g.id IN", "c.gig_id IN"
                )
                params["hub"] = hub
            elif scope["region"] is not None:
                gig_filter = contract_filter = PROVINCE_FILTER
                params["prefix"] = f"{province}.%"
            direct = text(DIRECT.format(gig_filter=gig_filter, contract_filter=contract_filter))

            async def baseline(direct: Any = direct, params: dict[str, Any] = params) -> Any:
                return (await session.execute(direct, params)).all()

            samples = await _timed(baseline, args.baseline_runs)
            print(f"{name:<36} {p50:>8.1f} {p95:>8.1f}   {statistics.median(samples):>10.1f} "
                  f"{max(samples):>10.1f}")  # fmt: skip
        await session.rollback()

        # One worker batch: 500 events on 500 different gigs (rolled back afterwards).
        await session.execute(text("""
            INSERT INTO events (id, type, subject_type, subject_id, audience_user_ids, payload)
            SELECT gen_random_uuid(), 'contract.completed', 'contract', id, '{}', '{}'
            FROM contracts ORDER BY id LIMIT 500"""))  # fmt: skip
        started = time.perf_counter()
        handled = await refresh_impact(session)
        print(
            f"\nworker refresh: {handled} events in {(time.perf_counter() - started) * 1000:.0f} ms"
        )
        await session.rollback()
    await engine.dispose()
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    loading = ["--scale", str(args.scale), "--database", args.database]
    if generate.main(loading + (["--reset"] if args.reset else [])) != 0:
        return 1
    url = generate._embedded_url(args.database)
    machine = machine_description(generate._asyncpg_dsn(url))
    return asyncio.run(_main(args, machine))


if __name__ == "__main__":
    raise SystemExit(main())
