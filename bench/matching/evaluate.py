"""Matching quality on the evaluation set: nDCG@10, recall@20, an ablation of every signal and
the share of top-10 slots held by new talent.

    .venv/bin/python -m bench.matching.evaluate                 # embedded PostgreSQL, ~1 min
    .venv/bin/python -m bench.matching.evaluate --database-url postgresql+asyncpg://...
    .venv/bin/python -m bench.matching.evaluate --hubs     # 30% affiliated, half trained, + pool

It (re)creates database `pasar_matching_eval` (or uses the given empty database), migrates it
to head, loads the 51 gigs and 404 creatives of bench/matching/eval_*.py and ranks through the
same service the API uses (`score_creatives_for_gig`). Results go to stdout as Markdown and to
bench/results/matching-eval-<timestamp>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from app.services.matching.signals import Signal
from bench.matching.eval_hubs import add_hubs
from bench.matching.evaluation import Evaluation, evaluate, load_evaluation_set

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results"
DATABASE = "pasar_matching_eval"

BASE_SIGNALS = [s for s in Signal if s is not Signal.exposure]
VARIANTS: list[tuple[str, frozenset[Signal]]] = [
    ("full ranking", frozenset()),
    *((f"without {s.value}", frozenset({s})) for s in Signal),
    ("skills only", frozenset(s for s in Signal if s is not Signal.skills)),
    ("text only", frozenset(s for s in Signal if s is not Signal.text)),
]


def _database_url(args: argparse.Namespace) -> str:
    if args.database_url:
        return str(args.database_url)
    from app.devdb import drop_database, ensure_database, start_embedded_postgres

    handle = start_embedded_postgres(ROOT / ".data", stop_on_exit=False)
    drop_database(handle, DATABASE)
    return ensure_database(handle, DATABASE)


def _migrate(url: str) -> None:
    from alembic.config import Config

    from alembic import command

    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["configure_logger"] = False
    command.upgrade(config, "head")


async def _run(url: str, *, hubs: bool = False) -> list[tuple[str, Evaluation, float]]:
    engine = create_async_engine(url)
    sessions = async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
    try:
        async with sessions() as session:
            loaded = await load_evaluation_set(session)
            pool_id = (await add_hubs(session, loaded)).pool_id if hubs else None
            await session.commit()
        rows = []
        variants: list[tuple[str, frozenset[Signal], uuid.UUID | None]] = [
            (name, disabled, None) for name, disabled in VARIANTS
        ]
        if pool_id is not None:
            variants.append(("only the pool (?pool=)", frozenset(), pool_id))
        for name, disabled, pool in variants:
            async with sessions() as session:
                started = time.perf_counter()
                result = await evaluate(session, loaded, disabled=disabled, pool_id=pool)
                rows.append((name, result, time.perf_counter() - started))
                print(f"  {name:<22} nDCG@10 {result.ndcg_at_10:.4f}", file=sys.stderr)
        return rows
    finally:
        await engine.dispose()


def _markdown(rows: Sequence[tuple[str, Evaluation, float]]) -> str:
    full = rows[0][1]
    lines = [
        "| ranking | nDCG@10 | Δ | recall@20 | Δ | new talent in top 10 | gigs with ≥ 2 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, result, _ in rows:
        lines.append(
            f"| {name} | {result.ndcg_at_10:.3f} | {result.ndcg_at_10 - full.ndcg_at_10:+.3f} "
            f"| {result.recall_at_20:.3f} | {result.recall_at_20 - full.recall_at_20:+.3f} "
            f"| {100 * result.new_talent_share:.1f}% "
            f"| {100 * result.gigs_with_two_new_in_top_10:.0f}% |"
        )
    lines.append(
        f"\nNew talent among the creatives judged relevant: "
        f"{100 * full.new_talent_share_of_relevant:.1f}%."
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.matching.evaluate", description=__doc__)
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("--database-url", help="an empty database (default: embedded)")
    parser.add_argument(
        "--hubs", action="store_true", help="add hubs, training and a pool (eval_hubs.py)"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    url = _database_url(args)
    _migrate(url)
    rows = asyncio.run(_run(url, hubs=args.hubs))
    table = _markdown(rows)
    print(table)
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "variants": [
            {
                "name": name,
                "ndcg_at_10": result.ndcg_at_10,
                "recall_at_20": result.recall_at_20,
                "new_talent_share_top_10": result.new_talent_share,
                "gigs_with_two_new_in_top_10": result.gigs_with_two_new_in_top_10,
                "new_talent_share_of_relevant": result.new_talent_share_of_relevant,
                "seconds": seconds,
                "per_gig": [vars(r) for r in result.per_gig],
            }
            for name, result, seconds in rows
        ],
    }
    out = RESULTS / f"matching-eval-{stamp}.json"
    out.write_text(json.dumps(report, indent=1))
    print(f"\nwritten {out.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
