"""One LISTEN connection per API process, fanning announcements out to the process's open
streams.

Every replica listens on the same channel, so a message written through any replica reaches
the streams open on all of them. The hub keeps only who is connected here (queues, not
data): what a stream sends is read from the database by the stream itself. If the LISTEN
connection drops, every local stream is ended, and clients reconnect with `Last-Event-ID`
and are replayed what they missed from the tables.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

from app.core.config import get_settings
from app.services.stream.announce import STREAM_CHANNEL, StreamItemKind, decode_announcement

logger = logging.getLogger("app.stream")

# A stream that falls this far behind is ended rather than buffered without bound; its client
# reconnects and is replayed from the tables.
QUEUE_DEPTH = 1000


@dataclass(frozen=True)
class StreamItem:
    kind: StreamItemKind
    item_id: uuid.UUID


@dataclass(eq=False)
class Subscription:
    user_id: uuid.UUID
    slot_id: uuid.UUID
    queue: asyncio.Queue[StreamItem | None] = field(
        default_factory=lambda: asyncio.Queue(QUEUE_DEPTH)
    )

    def end(self) -> None:
        """Ask the stream to finish (it reads None after what is already queued)."""
        with contextlib.suppress(asyncio.QueueFull):
            self.queue.put_nowait(None)


def listener_dsn(database_url: str) -> str:
    """The SQLAlchemy URL as a plain libpq/asyncpg DSN."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


class StreamHub:
    def __init__(self) -> None:
        self._subscribers: dict[uuid.UUID, set[Subscription]] = defaultdict(set)
        self._connection: asyncpg.Connection[Any] | None = None
        self._lock = asyncio.Lock()
        self._keepalive: asyncio.Task[None] | None = None

    @property
    def local_streams(self) -> int:
        return sum(len(subs) for subs in self._subscribers.values())

    async def subscribe(self, user_id: uuid.UUID, slot_id: uuid.UUID) -> Subscription:
        """Register a stream here; LISTEN starts with the first one. Subscribe before
        replaying from the tables, so nothing committed in between is missed."""
        await self._ensure_listening()
        subscription = Subscription(user_id, slot_id)
        self._subscribers[user_id].add(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        subscribers = self._subscribers.get(subscription.user_id)
        if subscribers is not None:
            subscribers.discard(subscription)
            if not subscribers:
                del self._subscribers[subscription.user_id]

    def slot_ids(self) -> list[uuid.UUID]:
        return [s.slot_id for subs in self._subscribers.values() for s in subs]

    async def close(self) -> None:
        if self._keepalive is not None:
            self._keepalive.cancel()
            self._keepalive = None
        for subscribers in list(self._subscribers.values()):
            for subscription in subscribers:
                subscription.end()
        connection, self._connection = self._connection, None
        if connection is not None and not connection.is_closed():
            await connection.close()

    async def _ensure_listening(self) -> None:
        if self._connection is not None and not self._connection.is_closed():
            return
        async with self._lock:
            if self._connection is not None and not self._connection.is_closed():
                return
            settings = get_settings()
            connection: asyncpg.Connection[Any] = await asyncpg.connect(
                listener_dsn(settings.database_url),
                server_settings={"application_name": "pasar-kreatif-stream"},
            )
            await connection.add_listener(STREAM_CHANNEL, self._on_notify)
            connection.add_termination_listener(self._on_lost)
            self._connection = connection
            if self._keepalive is None or self._keepalive.done():
                self._keepalive = asyncio.create_task(self._refresh_slots())

    async def _refresh_slots(self) -> None:
        """Keep this process's stream slots counted: one UPDATE per heartbeat for all of
        them, over the LISTEN connection (a pooled connection per stream per heartbeat took
        the whole pool with a few hundred streams open)."""
        interval = get_settings().stream_heartbeat_seconds
        while True:
            await asyncio.sleep(interval)
            connection, slots = self._connection, self.slot_ids()
            if connection is None or connection.is_closed() or not slots:
                continue
            try:
                await connection.execute(
                    "UPDATE stream_slots SET seen_at = now() WHERE id = ANY($1::uuid[])", slots
                )
            except (asyncpg.PostgresError, OSError):
                logger.warning("could not refresh stream slots")

    def _on_notify(self, _conn: object, _pid: int, _channel: str, payload: object) -> None:
        decoded = decode_announcement(str(payload))
        if decoded is None:
            return
        kind, item_id, users = decoded
        for user_id in users:
            for subscription in list(self._subscribers.get(user_id, ())):
                try:
                    subscription.queue.put_nowait(StreamItem(kind, item_id))
                except asyncio.QueueFull:
                    logger.warning("stream fell behind; ending it")
                    self.unsubscribe(subscription)
                    subscription.queue = asyncio.Queue(1)
                    subscription.end()

    def _on_lost(self, _conn: object) -> None:
        logger.warning("stream listener connection lost; ending local streams")
        self._connection = None
        for subscribers in list(self._subscribers.values()):
            for subscription in list(subscribers):
                subscription.end()
