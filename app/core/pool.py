"""Connections below SQLAlchemy's public API: the one module that uses SQLAlchemy internals.

Two performance fixes reach under SQLAlchemy, and they live here and nowhere else:
- `HandoffQueuePool`, a pool that hands connections to waiting requests in the order they
  asked (subclasses the private `sqlalchemy.util.queue.QueueCommon`, uses `await_only` and the
  pool's `_queue_class` hook);
- `driver_connection`, the raw asyncpg connection behind a session or borrowed from the pool,
  for the gig read that skips SQLAlchemy's per-execution work (`app/repositories/gigs.py`;
  uses `greenlet_spawn` and the pool entry's `invalidate`/`close`).

Both were written and measured against SQLAlchemy 2.0 (bench/README.md). `require_tested_sqlalchemy`
refuses to start the app or build an engine on a version outside `TESTED_SQLALCHEMY`; to move
the range, run the tests that cover these internals and then widen it:
    tests/ops/test_pool.py, tests/ops/test_overload.py    (the pool)
    tests/gigs/test_gig_read_pooled.py                    (the raw gig read)
    tests/ops/test_sqlalchemy_version.py                  (this check)
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import sqlalchemy
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.pool import AsyncAdaptedQueuePool, ConnectionPoolEntry
from sqlalchemy.util import await_only, greenlet_spawn
from sqlalchemy.util.queue import Empty, Full, QueueCommon

from app.core import metrics

_T = TypeVar("_T")

# Inclusive lower bound, exclusive upper bound; pyproject.toml pins the same range.
TESTED_SQLALCHEMY = ((2, 0, 30), (2, 1, 0))


class UntestedSQLAlchemy(RuntimeError):
    """The installed SQLAlchemy is outside the range this module's internals were tested on."""


def require_tested_sqlalchemy(version: str | None = None) -> None:
    """Fail loudly at start-up (app or engine creation) on an untested SQLAlchemy."""
    found = version if version is not None else sqlalchemy.__version__
    numbers = re.match(r"(\d+)\.(\d+)(?:\.(\d+))?(.*)", found)
    lowest, beyond = TESTED_SQLALCHEMY
    if numbers is not None:
        release = tuple(int(part or 0) for part in numbers.groups()[:3])
        # A pre-release (2.0.40b1) comes before its release, so it is untested as well.
        if lowest <= release < beyond and not numbers.group(4):
            return
    raise UntestedSQLAlchemy(
        f"SQLAlchemy {found} is outside the tested range >=2.0.30,<2.1: app/core/pool.py uses "
        "its internals; run tests/ops/test_pool.py and tests/gigs/test_gig_read_pooled.py on "
        "it, then widen TESTED_SQLALCHEMY"
    )


class ConnectionLost(Exception):
    """PostgreSQL dropped a connection during a statement; the pool has replaced it."""


@asynccontextmanager
async def driver_connection(session: AsyncSession) -> AsyncIterator[Any]:
    """The asyncpg connection for one read.

    Once the session has begun, its own connection, so the read sees the request's writes.
    Before that (an anonymous read is the whole request), a connection borrowed from the pool
    for this one autocommit statement: beginning, committing and closing a session
    transaction around it cost more than the query (bench/README.md).
    """
    bind = session.bind
    if session.in_transaction() or not isinstance(bind, AsyncEngine):
        await session.flush()  # the driver sees only what the session has written
        connection = await session.connection()
        yield (await connection.get_raw_connection()).driver_connection
        return
    pooled = await bind.raw_connection()
    driver = pooled.driver_connection
    try:
        yield driver
    except BaseException as error:
        if driver is not None and driver.is_closed():
            # What SQLAlchemy does for its own executions: a connection the server dropped
            # is replaced, not handed to the next request.
            await greenlet_spawn(pooled.invalidate)
            raise ConnectionLost() from error
        raise
    finally:
        await greenlet_spawn(pooled.close)  # back to the pool, through its reset


class HandoffQueue(QueueCommon[_T]):
    """Idle connections, and the requests waiting for one, both first come first served.

    SQLAlchemy's asyncio queue lets a newcomer take a returned connection before the waiter
    that return woke gets to run, and asyncio.Queue then sends that waiter to the back of the
    line. Under overload (more concurrent requests than pooled connections) an unlucky
    request lost again and again until DB_POOL_TIMEOUT: 32 concurrent gig reads on a pool of
    10 had a p99 of 7 ms but a p99.9 of 2 s, and the worst waited the full 10 s and got a 503
    (bench/README.md). Here a returned connection goes straight to the longest waiter.
    """

    def __init__(self, maxsize: int = 0, use_lifo: bool = False):
        self.maxsize = maxsize
        self.use_lifo = use_lifo
        self._idle: deque[_T] = deque()
        self._waiters: deque[asyncio.Future[_T]] = deque()

    def empty(self) -> bool:
        return not self._idle

    def full(self) -> bool:
        return 0 < self.maxsize <= len(self._idle)

    def qsize(self) -> int:
        return len(self._idle)

    def put_nowait(self, item: _T) -> None:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():  # else it timed out or was cancelled meanwhile
                waiter.set_result(item)
                return
        if self.full():
            raise Full()
        self._idle.append(item)

    def put(self, item: _T, block: bool = True, timeout: float | None = None) -> None:
        # The pool returns connections without blocking; there is never more than its size.
        self.put_nowait(item)

    def get_nowait(self) -> _T:
        if not self._idle:
            raise Empty()
        return self._idle.pop() if self.use_lifo else self._idle.popleft()

    def get(self, block: bool = True, timeout: float | None = None) -> _T:
        if self._idle or not block:
            return self.get_nowait()
        result: _T = await_only(self._wait(patience=timeout))
        return result

    async def _wait(self, *, patience: float | None) -> _T:
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[_T] = loop.create_future()
        self._waiters.append(waiter)
        expiry = None if patience is None else loop.call_later(patience, _expire, waiter)
        # Only the slow path counts: a checkout that finds an idle connection pays nothing.
        metrics.for_this_process(metrics.DB_POOL_WAITS).inc()
        waiting = metrics.for_this_process(metrics.DB_POOL_WAITERS)
        waiting.inc()
        try:
            return await waiter
        except BaseException:
            if waiter.done() and not waiter.cancelled() and waiter.exception() is None:
                # Handed a connection just as this request timed out or was cancelled:
                # pass it on rather than lose it.
                self.put_nowait(waiter.result())
            elif waiter in self._waiters:
                self._waiters.remove(waiter)
            raise
        finally:
            waiting.dec()
            if expiry is not None:
                expiry.cancel()


def _expire(waiter: asyncio.Future[Any]) -> None:
    if not waiter.done():
        waiter.set_exception(Empty())


class HandoffQueuePool(AsyncAdaptedQueuePool):
    """SQLAlchemy's asyncio queue pool, with connections handed out in arrival order."""

    _queue_class: type[QueueCommon[ConnectionPoolEntry]] = HandoffQueue

    def _do_get(self) -> ConnectionPoolEntry:
        record = super()._do_get()
        metrics.for_this_process(metrics.DB_POOL_IN_USE).inc()
        return record

    def _do_return_conn(self, record: ConnectionPoolEntry) -> None:
        metrics.for_this_process(metrics.DB_POOL_IN_USE).dec()
        super()._do_return_conn(record)


# SQLAlchemy names a pool's logger after its class and keeps its own pools' loggers (under
# `sqlalchemy`) at WARNING; under `app` this one would write "Pool disposed" and the like into
# the request log at INFO.
logging.getLogger(f"{__name__}.{HandoffQueuePool.__name__}").setLevel(logging.WARNING)
