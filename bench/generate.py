"""Generate the national benchmark data set: 100k creatives, 1M gigs, 3M proposals at --scale 1.

    .venv/bin/python -m bench.generate --scale 0.01          # quick: 10k gigs, a few seconds
    .venv/bin/python -m bench.generate                       # full scale into pasar_bench
    .venv/bin/python -m bench.generate --reset               # truncate and load again

Without --database-url the data goes into database `pasar_bench` (--database) on the embedded
PostgreSQL in .data/, which is left running for the benchmarks. The schema is brought to
`alembic upgrade head` first, so reference data (categories, skills, 514 regencies) comes from
the migrations. The run is deterministic for a (--scale, --seed) pair and idempotent: the
database comment records what was loaded, a re-run with the same parameters does nothing, and
anything else needs --reset (which truncates all user data in that database, or rebuilds its
schema when a migration file changed in place since the load). See bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from pathlib import Path
from typing import Any

import asyncpg

from app.services.search.vocabulary import VOCABULARY_FROM_ALL_GIGS
from bench import indexes
from bench.geography import Regency
from bench.hubs import TABLES as HUB_TABLES
from bench.hubs import load_hub_layer
from bench.loader import LOADED_TABLES, ParallelCopy
from bench.marker import (
    changed_migrations,
    describe,
    migrate,
    migration_hashes,
    read_marker,
    schema_matches_models,
    write_marker,
)
from bench.marketplace import GigGenerator
from bench.people import Reference, build_businesses, build_creatives
from bench.profiles import creative_batches

ROOT = Path(__file__).resolve().parent.parent
BENCH_DATABASE = "pasar_bench"
BENCH_PASSWORD = "bench-pasar-2026"  # every generated account signs in with it
FULL = {"owners": 50_000, "creatives": 100_000, "gigs": 1_000_000, "proposals": 3_000_000}
GENERATOR_VERSION = 4
BATCH_ROWS = 5_000
# Everything a previous load (or the tests' habits) may have left in the bench database.
TRUNCATED_TABLES = (
    *LOADED_TABLES, "milestones", "events", "auth_tokens", "login_failures", "search_words",
    *HUB_TABLES, "impact_gig_months", "impact_cells", "impact_party_spans",
    "impact_refresh_positions",
)  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    url = args.database_url or _embedded_url(args.database)
    dsn = _asyncpg_dsn(url)
    changed = asyncio.run(_changed_migrations(dsn))
    if changed and schema_matches_models(url):
        changed = []  # edited, but to the same schema: the data stays valid
    if changed:
        if not args.reset:
            print(f"bench: migrations changed since the data was loaded ({', '.join(changed)}); "
                  "rerun with --reset to rebuild the database", file=sys.stderr)  # fmt: skip
            return 1
        print(f"bench: migrations changed ({', '.join(changed)}); rebuilding the schema")
        asyncio.run(_drop_schema(dsn))
    migrate(url)
    return asyncio.run(_run(args, dsn))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of full size (1.0)")
    parser.add_argument("--seed", type=int, default=20261125, help="random seed (20261125)")
    parser.add_argument(
        "--reset",
        action="store_true",
        help="truncate user data (rebuild the schema if migrations changed) and load again",
    )
    parser.add_argument("--database-url", help="target database (default: embedded server)")
    parser.add_argument("--database", default=BENCH_DATABASE, help="embedded database name")
    return parser


def _embedded_url(database: str) -> str:
    from app.devdb import ensure_database, start_embedded_postgres

    handle = start_embedded_postgres(ROOT / ".data", stop_on_exit=False)
    return ensure_database(handle, database)


async def _changed_migrations(dsn: str) -> list[str]:
    connection = await asyncpg.connect(dsn)
    try:
        found = await read_marker(connection)
        return changed_migrations(found) if found else []
    finally:
        await connection.close()


async def _drop_schema(dsn: str) -> None:
    # Everything alembic made lives in `public` (extensions included), so this returns the
    # database to its freshly created state without needing the right to drop it.
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        database = await connection.fetchval("SELECT quote_ident(current_database())")
        await connection.execute(f"COMMENT ON DATABASE {database} IS NULL")
    finally:
        await connection.close()


def _asyncpg_dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


def _wanted(args: argparse.Namespace) -> dict[str, Any]:
    counts = {name: max(1, round(full * args.scale)) for name, full in FULL.items()}
    return {"generator": "pasar-bench", "version": GENERATOR_VERSION, "scale": args.scale,
            "seed": args.seed, "counts": counts, "migrations": migration_hashes()}  # fmt: skip


async def _run(args: argparse.Namespace, dsn: str) -> int:
    wanted = _wanted(args)
    connection = await asyncpg.connect(dsn)
    try:
        marker = await read_marker(connection)
        same = {k: marker.get(k) for k in ("version", "scale", "seed")} == {
            k: wanted[k] for k in ("version", "scale", "seed")
        }
        if marker.get("state") == "ready" and same and not args.reset:
            # New migrations were applied above; remember them for the next staleness check.
            await write_marker(connection, {**marker, "migrations": wanted["migrations"]})
            print(f"bench: already loaded ({describe(marker)}); --reset loads it again")
            return 0
        if not args.reset and (marker or await _has_user_data(connection)):
            state = describe(marker) if marker else "data not made by this generator"
            print(f"bench: the database holds other data ({state}); rerun with --reset",
                  file=sys.stderr)  # fmt: skip
            return 1
        return await _load(connection, dsn, wanted, pending=marker.get("dropped_indexes", []))
    finally:
        await connection.close()


async def _load(
    connection: asyncpg.Connection, dsn: str, wanted: dict[str, Any], pending: list[str]
) -> int:
    started = time.perf_counter()
    reference = await _reference(connection)
    existing = await connection.fetch(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename = ANY($1)",
        list(TRUNCATED_TABLES),
    )
    async with connection.transaction():
        # CASCADE reaches the ledger (through contracts and users), whose guard triggers refuse
        # TRUNCATE; this database is the generator's own, so they are off for this one statement.
        await connection.execute("SET LOCAL session_replication_role = replica")
        await connection.execute(
            f"TRUNCATE {', '.join(row['tablename'] for row in existing)} CASCADE"
        )
    # Secondary indexes are built once at the end, far faster than maintained per row.
    dropped = await indexes.drop_secondary(connection, LOADED_TABLES, also=pending)
    await write_marker(connection, {**wanted, "state": "loading", "dropped_indexes": dropped})

    counts = wanted["counts"]
    from app.core.security import hash_password

    password_hash = hash_password(BENCH_PASSWORD)
    rng = random.Random(wanted["seed"])
    copy = ParallelCopy(dsn)
    try:
        found, owner_rows, business_rows = build_businesses(
            rng, reference, counts["owners"], password_hash
        )
        creatives = build_creatives(rng, reference, counts["creatives"])
        for start in range(0, len(owner_rows), BATCH_ROWS):
            await copy.put("users", owner_rows[start : start + BATCH_ROWS])
            await copy.put("businesses", business_rows[start : start + BATCH_ROWS])
        gigs = GigGenerator(
            rng, reference, found, creatives,
            gig_count=counts["gigs"], proposal_target=counts["proposals"],
        )  # fmt: skip
        for gig_batch in gigs.batches(BATCH_ROWS):
            await copy.put("gigs", gig_batch.gigs)
            await copy.put("gig_skills", gig_batch.gig_skills)
            await copy.put("proposals", gig_batch.proposals)
            await copy.put("contracts", gig_batch.contracts)
            _progress(copy, started)
        for batch in creative_batches(rng, reference, creatives, password_hash, BATCH_ROWS):
            await copy.put("users", batch.users)
            await copy.put("creative_profiles", batch.profiles)
            await copy.put("creative_skills", batch.skills)
            await copy.put("creative_categories", batch.categories)
            await copy.put("portfolio_items", batch.portfolio)
        loaded = await copy.finish()
    except BaseException:
        await copy.abort()
        raise
    copied = time.perf_counter()
    total_rows = sum(loaded.values())
    print(f"\nbench: copied {total_rows:,} rows in {copied - started:.1f} s "
          f"({total_rows / (copied - started):,.0f} rows/s)")  # fmt: skip
    for table, rows in loaded.items():
        print(f"  {table:<20} {rows:>10,}")

    # What the app adds title by title, in one statement for COPY-loaded gigs.
    await connection.execute(VOCABULARY_FROM_ALL_GIGS)
    await indexes.create(dsn, dropped, loaded)
    indexed = time.perf_counter()
    print(f"bench: built {len(dropped)} indexes in {indexed - copied:.1f} s")
    hub_rows = await load_hub_layer(connection)
    hubs_loaded = time.perf_counter()
    print(f"bench: hub layer in {hubs_loaded - indexed:.1f} s: "
          + ", ".join(f"{name} {rows:,}" for name, rows in hub_rows.items()))  # fmt: skip
    await indexes.vacuum_analyze(dsn, (*LOADED_TABLES, *HUB_TABLES))
    done = time.perf_counter()
    print(f"bench: VACUUM (ANALYZE) in {done - hubs_loaded:.1f} s")
    await write_marker(connection, {**wanted, "state": "ready", "rows": {**loaded, **hub_rows}})
    print(f"bench: done in {done - started:.1f} s ({total_rows / (done - started):,.0f} rows/s "
          f"end to end); accounts sign in with password {BENCH_PASSWORD!r}")  # fmt: skip
    return 0


def _progress(copy: ParallelCopy, started: float) -> None:
    rows, gigs = copy.rows(), copy.rows("gigs")
    elapsed = time.perf_counter() - started
    print(f"\rbench: {gigs:,} gigs, {rows:,} rows queued, {elapsed:.0f} s, "
          f"{rows / elapsed:,.0f} rows/s", end="", flush=True)  # fmt: skip


async def _reference(connection: asyncpg.Connection) -> Reference:
    categories = await connection.fetch(
        "SELECT slug, name_id, name_en FROM categories ORDER BY position, slug"
    )
    skills = await connection.fetch("SELECT slug, category_slug FROM skills ORDER BY slug")
    regencies = await connection.fetch(
        "SELECT r.code, r.name, p.code AS province_code, p.name AS province_name "
        "FROM regions r JOIN regions p ON p.code = r.parent_code "
        "WHERE r.level = 'regency' ORDER BY r.code"
    )
    if not categories or not skills or not regencies:
        raise SystemExit("bench: reference data is missing (is the reference_data migration in?)")
    by_category: dict[str, list[str]] = {}
    for row in skills:
        by_category.setdefault(row["category_slug"], []).append(row["slug"])
    return Reference(
        category_slugs=tuple(row["slug"] for row in categories),
        category_names={row["slug"]: (row["name_id"], row["name_en"]) for row in categories},
        skills_by_category={slug: tuple(found) for slug, found in by_category.items()},
        regencies=tuple(Regency(**dict(row)) for row in regencies),
    )


async def _has_user_data(connection: asyncpg.Connection) -> bool:
    return bool(await connection.fetchval("SELECT EXISTS (SELECT 1 FROM users)"))


if __name__ == "__main__":
    sys.exit(main())
