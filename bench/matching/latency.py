"""Latency of `GET /v1/gigs/{id}/matches` work over the national data set (100k creatives).

    .venv/bin/python -m bench.matching.latency                  # embedded pasar_bench
    .venv/bin/python -m bench.matching.latency --gigs 300 --concurrency 4

Needs the data set of `python -m bench.generate` (scale 1: 100,000 creatives). Runs the same
service call the endpoint makes (`recommendations.match_creatives`: owner check, candidate
generation and feature loading in PostgreSQL, re-ranking in Python, response models) in this
process, for a fixed sample of open gigs of every work mode, after a warm-up; it reports
p50/p90/p99/max per call and the phases' medians. No HTTP here: `python -m bench.http_bench
--only matches` measures the endpoint through uvicorn with wrk. The database is only read.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from app.core.auth import Principal
from app.core.clock import jakarta_today
from app.models import User
from app.services.matching import candidates, loading, recommendations
from app.services.matching.features import Pair
from app.services.matching.ranking import rank_creatives
from app.services.matching.words import BRIEF_WORDS, query_words

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results"


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def _sample(session: AsyncSession, count: int) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """Open gigs of each work mode, spread over the table by a hash of the id."""
    rows = await session.execute(
        text(
            "SELECT id, owner_id FROM gigs WHERE status = 'open' "
            "ORDER BY md5(id::text) LIMIT :count"
        ),
        {"count": count},
    )
    return [(row.id, row.owner_id) for row in rows]


async def _one(
    sessions: async_sessionmaker[AsyncSession], gig_id: uuid.UUID, owner: User
) -> tuple[float, dict[str, float], int]:
    async with sessions() as session:
        started = time.perf_counter()
        result = await recommendations.match_creatives(
            session, Principal(user=owner, scopes=frozenset({"*"})), gig_id, limit=20
        )
        total = time.perf_counter() - started
    # Phases, measured separately on the same gig (not part of the timed call above).
    async with sessions() as session:
        phases: dict[str, float] = {}
        t = time.perf_counter()
        gig = await loading.load_gig(session, gig_id)
        assert gig is not None
        phases["load gig"] = time.perf_counter() - t
        t = time.perf_counter()
        words = await query_words(session, [gig.title, gig.description], limit=BRIEF_WORDS)
        phases["brief words (SQL)"] = time.perf_counter() - t
        t = time.perf_counter()
        ids = await candidates.creative_candidates(session, gig)
        phases["candidates (SQL)"] = time.perf_counter() - t
        t = time.perf_counter()
        loaded = await loading.load_creatives(
            session, ids, today=jakarta_today(), against=words, title=gig.title
        )
        phases["features and text evidence (SQL)"] = time.perf_counter() - t
        t = time.perf_counter()
        pairs = [Pair(gig, c, loading.with_mentions(e, gig, c)) for c, e in loaded]
        ranked = rank_creatives(pairs)
        phases["ranking (Python)"] = time.perf_counter() - t
        t = time.perf_counter()
        recommendations.creative_match_list(gig, ranked, limit=20)
        phases["reasons and response (Python)"] = time.perf_counter() - t
    return total, phases, result.candidates_considered


async def _run(url: str, gigs: int, warmup: int, concurrency: int) -> dict[str, Any]:
    engine = create_async_engine(url, pool_size=max(2, concurrency), max_overflow=0)
    sessions = async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
    try:
        async with sessions() as session:
            sample = await _sample(session, gigs + warmup)
            owners = {
                user.id: user
                for user in await session.scalars(
                    select(User).where(User.id.in_({owner for _, owner in sample}))
                )
            }
            creatives = await session.scalar(text("SELECT count(*) FROM creative_profiles"))
        for gig_id, owner_id in sample[:warmup]:
            await _one(sessions, gig_id, owners[owner_id])
        timings: list[float] = []
        phases: dict[str, list[float]] = {}
        considered: list[int] = []
        queue = list(sample[warmup:])

        async def worker() -> None:
            while queue:
                gig_id, owner_id = queue.pop()
                total, parts, count = await _one(sessions, gig_id, owners[owner_id])
                timings.append(total)
                considered.append(count)
                for name, seconds in parts.items():
                    phases.setdefault(name, []).append(seconds)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    finally:
        await engine.dispose()
    ms = [1000 * t for t in timings]
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "creatives": creatives,
        "gigs_measured": len(ms),
        "concurrency": concurrency,
        "load_average_1m": os.getloadavg()[0],
        "p50_ms": _percentile(ms, 0.5),
        "p90_ms": _percentile(ms, 0.9),
        "p99_ms": _percentile(ms, 0.99),
        "max_ms": max(ms),
        "mean_candidates": statistics.mean(considered),
        "calls_per_second": len(ms) / elapsed,
        "phase_medians_ms": {k: 1000 * statistics.median(v) for k, v in phases.items()},
        "nproc": os.cpu_count(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.matching.latency", description=__doc__)
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("--database-url", help="bench database (default: embedded pasar_bench)")
    parser.add_argument("--database", default="pasar_bench")
    parser.add_argument("--gigs", type=int, default=200, help="measured calls (200)")
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--concurrency", type=int, default=1, help="calls in flight (1)")
    args = parser.parse_args(argv)
    url = args.database_url
    if not url:
        from app.devdb import start_embedded_postgres

        url = start_embedded_postgres(ROOT / ".data", stop_on_exit=False).url(args.database)
    report = asyncio.run(_run(url, args.gigs, args.warmup, args.concurrency))
    print(json.dumps(report, indent=1))
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"matching-latency-{stamp}.json").write_text(json.dumps(report, indent=1))
    print(f"written bench/results/matching-latency-{stamp}.json", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
