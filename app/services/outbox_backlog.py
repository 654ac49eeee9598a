"""What the worker still owes, read in one statement when /metrics is scraped."""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.db import session_scope
from app.core.metrics import OutboxBacklog

logger = logging.getLogger(__name__)

# Counts stop at BACKLOG_COUNT_CAP so that a scrape stays cheap however far behind the
# worker is; every filter below is served by a partial or composite index.
BACKLOG_COUNT_CAP = 100_000

_BACKLOG = text(
    """
    SELECT
      (SELECT count(*) FROM (
         SELECT 1 FROM events e
         WHERE (e.tx_id, e.cursor) > (
           SELECT coalesce(max(p.tx_id), 0), coalesce(max(p.cursor), 0)
           FROM webhook_fanout_position p)
         LIMIT :cap) unfanned) AS events_unfanned,
      (SELECT count(*) FROM (
         SELECT 1 FROM webhook_deliveries WHERE status = 'pending' LIMIT :cap) pending
      ) AS deliveries_pending,
      (SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0)
         FROM webhook_deliveries WHERE status = 'pending') AS oldest_delivery_age,
      (SELECT count(*) FROM (
         SELECT 1 FROM external_events WHERE handled_at IS NULL LIMIT :cap) unhandled
      ) AS provider_events_unprocessed,
      (SELECT coalesce(extract(epoch FROM now() - min(received_at)), 0)
         FROM external_events WHERE handled_at IS NULL) AS oldest_provider_event_age
    """
)


async def outbox_backlog(session: AsyncSession) -> OutboxBacklog:
    """Undelivered webhooks and unprocessed provider events, with the age of the oldest."""
    row = (await session.execute(_BACKLOG, {"cap": BACKLOG_COUNT_CAP})).one()
    return OutboxBacklog(
        events_unfanned=int(row.events_unfanned),
        deliveries_pending=int(row.deliveries_pending),
        oldest_delivery_age_seconds=float(row.oldest_delivery_age),
        provider_events_unprocessed=int(row.provider_events_unprocessed),
        oldest_provider_event_age_seconds=float(row.oldest_provider_event_age),
    )


async def read_outbox_backlog() -> OutboxBacklog | None:
    """The backlog, or None while the database cannot answer: a scrape must still return the
    process metrics then (that is when an operator needs them most)."""
    try:
        async with session_scope() as session:
            return await outbox_backlog(session)
    except (SQLAlchemyError, OSError, TimeoutError) as error:
        logger.warning("metrics: outbox backlog unreadable (%s)", type(error).__name__)
        return None
