"""What the HTTP benchmarks request: open gig ids, search queries, owners' match lists.

Everything is picked deterministically (ordered by a hash of the id), so two runs against the
same data set request the same mix. Owners' bearer tokens are inserted straight into
`auth_tokens` (hashed like the app does) and deleted again when the run ends.
"""

from __future__ import annotations

import asyncio
import urllib.parse
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg

from app.core.security import ACCESS_TOKEN_PREFIX, new_token, token_digest
from bench.marker import changed_migrations, describe, read_marker, schema_matches_models

GIG_SAMPLE = 10_000
# (q, region): what UMKM owners and creatives type, Indonesian and English, with a province
# ("35") or a regency ("35.78") filter, including a stemming case and a misspelling.
SEARCHES: tuple[tuple[str, str], ...] = (
    ("kemasan keripik", "35"),
    ("desain logo", "32.73"),
    ("foto produk", "33"),
    ("label sambal", "31"),
    ("reels tiktok", "34"),
    ("batik", "33.26"),
    ("kopi", "35.07"),
    ("packaging design", "32"),
    ("admin instagram", "35.78"),
    ("video promosi", "51"),
    ("pengemasan", "36"),
    ("fotografer produk makanan", "12.71"),
    ("toko shopee", "73"),
    ("desain kemasn", "33"),  # misspelt on purpose: the trigram path
    ("website umkm", "31.74"),
    ("logo", "11"),
)


@dataclass
class Fixtures:
    app_id_paths: list[str] = field(default_factory=list)
    baseline_id_paths: list[str] = field(default_factory=list)
    search_paths: list[str] = field(default_factory=list)
    match_paths: list[str] = field(default_factory=list)  # "PATH\tTOKEN"
    token_ids: list[str] = field(default_factory=list)


def dataset_problem(url: str) -> str | None:
    """Why this database cannot be benchmarked (not loaded, schema out of date), or None."""
    dsn = url.replace("postgresql+asyncpg://", "postgresql://", 1)
    marker = asyncio.run(_marker(dsn))
    if marker.get("state") != "ready":
        state = describe(marker) if marker else "no data set"
        return f"the database is not a loaded bench data set ({state})"
    changed = changed_migrations(marker)
    if changed and not schema_matches_models(url):
        return f"migrations changed since the data was loaded ({', '.join(changed)})"
    return None


async def _marker(dsn: str) -> dict[str, Any]:
    connection = await asyncpg.connect(dsn)
    try:
        return await read_marker(connection)
    finally:
        await connection.close()


async def prepare_fixtures(dsn: str, *, owners: int) -> Fixtures:
    connection = await asyncpg.connect(dsn)
    try:
        found = Fixtures()
        ids = await connection.fetch(
            "SELECT id FROM gigs WHERE status = 'open' ORDER BY md5(id::text) LIMIT $1",
            GIG_SAMPLE,
        )
        if not ids:
            raise SystemExit("http_bench: no open gigs; run `python -m bench.generate` first")
        found.app_id_paths = [f"/v1/gigs/{row['id']}" for row in ids]
        found.baseline_id_paths = [f"/gigs/{row['id']}" for row in ids]
        found.search_paths = [
            f"/v1/gigs?{urllib.parse.urlencode({'q': q, 'region': region})}"
            for q, region in SEARCHES
        ]
        await _owner_tokens(connection, found, owners)
        return found
    finally:
        await connection.close()


async def _owner_tokens(connection: asyncpg.Connection, found: Fixtures, owners: int) -> None:
    rows = await connection.fetch(
        """
        SELECT owner_id, (array_agg(id ORDER BY md5(id::text)))[1:20] AS gig_ids
        FROM gigs WHERE status = 'open'
        GROUP BY owner_id ORDER BY md5(owner_id::text) LIMIT $1
        """,
        owners,
    )
    expires = datetime.now(UTC) + timedelta(hours=6)
    for row in rows:
        token = new_token(ACCESS_TOKEN_PREFIX)
        token_id = await connection.fetchval(
            """
            INSERT INTO auth_tokens
                (id, token_hash, kind, user_id, client_id, scopes, family_id, expires_at)
            VALUES (gen_random_uuid(), $1, 'access', $2, NULL, ARRAY['*'], gen_random_uuid(), $3)
            RETURNING id
            """,
            token_digest(token),
            row["owner_id"],
            expires,
        )
        found.token_ids.append(str(token_id))
        found.match_paths.extend(f"/v1/gigs/{gig}/matches\t{token}" for gig in row["gig_ids"])


async def remove_tokens(dsn: str, token_ids: list[str]) -> None:
    if not token_ids:
        return
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute("DELETE FROM auth_tokens WHERE id = ANY($1::uuid[])", token_ids)
    finally:
        await connection.close()
