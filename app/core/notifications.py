"""PostgreSQL LISTEN in every process: how one replica tells the others that data changed.

A `ChangeListener` holds one connection of its own (outside the pool) listening on a channel,
and calls `on_change` for every notification. Triggers send them (`pg_notify` inside the
writing transaction, so they arrive only once it has committed). While the connection is down
notifications are lost, so `listening` is False and whoever relies on them (a cache) must
not; `on_change` is also called on every (re)connect, for whatever was missed meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

from app.core.config import get_settings

logger = logging.getLogger("app.notifications")

RECONNECT_DELAY_SECONDS = 1.0


def _libpq_dsn(database_url: str) -> str:
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


class ChangeListener:
    def __init__(self, channel: str, on_change: Callable[[], None]) -> None:
        self.channel = channel
        self.on_change = on_change
        self._connection: asyncpg.Connection | None = None
        self._lost = asyncio.Event()

    @property
    def listening(self) -> bool:
        return self._connection is not None and not self._connection.is_closed()

    def _notified(self, *_: Any) -> None:
        self.on_change()

    def _terminated(self, *_: Any) -> None:
        self._lost.set()

    async def _listen_once(self) -> None:
        settings = get_settings()
        connection = await asyncpg.connect(
            _libpq_dsn(settings.database_url),
            timeout=settings.db_connect_timeout_seconds,
            server_settings={"application_name": "pasar-kreatif-listener"},
        )
        try:
            self._lost.clear()
            connection.add_termination_listener(self._terminated)
            await connection.add_listener(self.channel, self._notified)
            self._connection = connection
            self.on_change()  # anything may have changed while nobody listened
            await self._lost.wait()
        finally:
            self._connection = None
            self.on_change()
            with contextlib.suppress(Exception):
                await connection.close(timeout=1)

    async def run(self) -> None:
        """Listen until cancelled, reconnecting after a lost connection."""
        while True:
            try:
                await self._listen_once()
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
                logger.warning("listening on %s failed: %s", self.channel, type(error).__name__)
            await asyncio.sleep(RECONNECT_DELAY_SECONDS)

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        task = asyncio.create_task(self.run(), name=f"listen:{self.channel}")
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
