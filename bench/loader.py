"""Bulk loading with COPY: one connection per table, fed through small queues.

Each table gets its own connection and consumer task, so while PostgreSQL parses rows and
computes the generated tsvector columns for one table, Python builds the next batch for the
others; on two cores the generator and the server overlap instead of taking turns. Foreign key
triggers are switched off for these sessions (`session_replication_role = replica`), which is
what lets tables load in parallel and in any order: the generator guarantees the references.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field

import asyncpg

COLUMNS: dict[str, tuple[str, ...]] = {
    "users": (
        "id", "email", "password_hash", "full_name", "role", "phone", "is_active",
        "last_login_at", "created_at", "updated_at",
    ),
    "businesses": (
        "id", "owner_id", "name", "sector", "scale", "region_code", "description", "nib",
        "created_at", "updated_at",
    ),
    "gigs": (
        "id", "business_id", "owner_id", "title", "description", "category_slug",
        "budget_min_idr", "budget_max_idr", "deadline", "region_code", "work_mode", "status",
        "published_at", "proposal_count", "created_at", "updated_at",
    ),
    "gig_skills": ("gig_id", "skill_slug"),
    "proposals": (
        "id", "gig_id", "creative_id", "creative_user_id", "cover_letter", "price_idr",
        "delivery_days", "status", "created_at", "updated_at",
    ),
    "contracts": (
        "id", "gig_id", "proposal_id", "business_id", "owner_id", "creative_id",
        "creative_user_id", "title", "price_idr", "delivery_days", "status", "completed_at",
        "created_at", "updated_at",
    ),
    "creative_profiles": (
        "id", "user_id", "display_name", "headline", "bio", "region_code", "rate_min_idr",
        "availability", "rating_avg", "rating_count", "completed_contracts", "created_at",
        "updated_at",
    ),
    "creative_skills": ("creative_id", "skill_slug"),
    "creative_categories": ("creative_id", "category_slug"),
    "portfolio_items": (
        "id", "creative_id", "position", "title", "url", "description", "category_slug",
    ),
}  # fmt: skip
LOADED_TABLES = tuple(COLUMNS)
# Queued batches per table: enough to keep every COPY busy, bounded to cap memory.
QUEUE_DEPTH = 3
# Connections per table. Computing the gigs' three to_tsvector() expressions is the single
# most expensive part of the load, so two backends share it.
LANES: dict[str, int] = {"gigs": 2}


async def bulk_session(dsn: str) -> asyncpg.Connection:
    """A connection set up for loading: no FK triggers, no waiting for WAL flushes."""
    connection = await asyncpg.connect(dsn)
    await connection.execute("SET session_replication_role = replica; SET synchronous_commit = off")
    return connection


@dataclass
class _TableFeed:
    table: str
    connection: asyncpg.Connection
    queue: asyncio.Queue[Sequence[tuple[object, ...]] | None]
    task: asyncio.Task[None] | None = None
    rows: int = 0


@dataclass
class ParallelCopy:
    """`await put(table, rows)` queues a batch; `await finish()` waits until all are in."""

    dsn: str
    feeds: dict[str, list[_TableFeed]] = field(default_factory=dict)
    batches: dict[str, int] = field(default_factory=dict)

    async def put(self, table: str, rows: Sequence[tuple[object, ...]]) -> None:
        if not rows:
            return
        lanes = self.feeds.get(table)
        if lanes is None:
            lanes = self.feeds[table] = [
                await self._start(table) for _ in range(LANES.get(table, 1))
            ]
        sent = self.batches[table] = self.batches.get(table, 0) + 1
        feed = lanes[sent % len(lanes)]
        if feed.task is not None and feed.task.done():
            feed.task.result()  # surface a failed COPY now rather than at the end
        await feed.queue.put(rows)
        feed.rows += len(rows)
        # Let the consumers start writing this batch while the caller builds the next one.
        await asyncio.sleep(0)

    def rows(self, table: str | None = None) -> int:
        tables = [table] if table else list(self.feeds)
        return sum(feed.rows for name in tables for feed in self.feeds.get(name, ()))

    async def finish(self) -> dict[str, int]:
        every = [feed for lanes in self.feeds.values() for feed in lanes]
        for feed in every:
            await feed.queue.put(None)
        try:
            await asyncio.gather(*(feed.task for feed in every if feed.task))
        finally:
            for feed in every:
                await feed.connection.close()
        return {table: self.rows(table) for table in self.feeds}

    async def abort(self) -> None:
        every = [feed for lanes in self.feeds.values() for feed in lanes]
        for feed in every:
            if feed.task is not None:
                feed.task.cancel()
        for feed in every:
            feed.connection.terminate()

    async def _start(self, table: str) -> _TableFeed:
        feed = _TableFeed(table, await bulk_session(self.dsn), asyncio.Queue(QUEUE_DEPTH))
        feed.task = asyncio.create_task(self._consume(feed), name=f"copy {table}")
        return feed

    @staticmethod
    async def _consume(feed: _TableFeed) -> None:
        columns = COLUMNS[feed.table]
        while (rows := await feed.queue.get()) is not None:
            await feed.connection.copy_records_to_table(feed.table, records=rows, columns=columns)
