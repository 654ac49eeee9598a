"""Drop secondary indexes before a bulk load and build them again afterwards.

Primary keys and unique constraints stay (they are what the generator must not violate);
every other index, including partial unique ones and the GIN full-text and trigram indexes, is
dropped and rebuilt from its own `pg_get_indexdef`. The definitions are kept in the database
comment while the load runs, so an interrupted load can still restore them (`--reset`).
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Sequence

import asyncpg

# Index builds sort in memory; the server has plenty and builds run only at load time.
BUILD_SETTINGS = "SET maintenance_work_mem = '1GB'; SET max_parallel_maintenance_workers = 1"
_INDEX_NAME = re.compile(r"^CREATE (?:UNIQUE )?INDEX (\S+) ON (?:ONLY )?(?:\w+\.)?(\w+) ")


async def drop_secondary(
    connection: asyncpg.Connection, tables: Sequence[str], *, also: Sequence[str] = ()
) -> list[str]:
    """Drop non-constraint indexes on `tables`; return their definitions (plus `also`)."""
    rows = await connection.fetch(
        """
        SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
        FROM pg_index i
        JOIN pg_class t ON t.oid = i.indrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = current_schema() AND t.relname = ANY($1)
          AND NOT EXISTS (
              SELECT 1 FROM pg_constraint c
              WHERE c.conrelid = i.indrelid AND c.conindid = i.indexrelid
                AND c.contype IN ('p', 'u', 'x')
          )
        ORDER BY 1
        """,
        list(tables),
    )
    definitions = {_name(definition): definition for definition in also}
    definitions.update({row["name"]: row["definition"] for row in rows})
    for row in rows:
        await connection.execute(f"DROP INDEX {row['name']}")
    return sorted(definitions.values())


async def create(dsn: str, definitions: Sequence[str], table_rows: dict[str, int]) -> None:
    """Build the missing ones of `definitions`, two at a time, biggest tables first."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for definition in sorted(definitions, key=lambda d: -table_rows.get(_table(d), 0)):
        queue.put_nowait(definition)

    async def builder() -> None:
        connection = await asyncpg.connect(dsn)
        try:
            await connection.execute(BUILD_SETTINGS)
            while not queue.empty():
                definition = queue.get_nowait()
                name = _name(definition)
                if await connection.fetchval("SELECT to_regclass($1)", name) is not None:
                    continue
                started = time.perf_counter()
                await connection.execute(definition)
                print(f"  index {name:<48} {time.perf_counter() - started:6.1f} s", flush=True)
        finally:
            await connection.close()

    await asyncio.gather(builder(), builder())


async def vacuum_analyze(dsn: str, tables: Sequence[str]) -> None:
    """VACUUM (ANALYZE): planner statistics, plus the visibility map for index-only scans."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for table in tables:
        queue.put_nowait(table)

    async def vacuumer() -> None:
        connection = await asyncpg.connect(dsn)
        try:
            await connection.execute("SET maintenance_work_mem = '512MB'")
            while not queue.empty():
                await connection.execute(f"VACUUM (ANALYZE) {queue.get_nowait()}")
        finally:
            await connection.close()

    await asyncio.gather(vacuumer(), vacuumer())


def _name(definition: str) -> str:
    return _parse(definition).group(1)


def _table(definition: str) -> str:
    return _parse(definition).group(2)


def _parse(definition: str) -> re.Match[str]:
    found = _INDEX_NAME.match(definition)
    if found is None:
        raise ValueError(f"not an index definition: {definition}")
    return found
