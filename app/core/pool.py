"""A connection pool that hands connections to waiting requests in the order they asked."""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from typing import Any, TypeVar

from sqlalchemy.pool import AsyncAdaptedQueuePool, ConnectionPoolEntry
from sqlalchemy.util import await_only
from sqlalchemy.util.queue import Empty, Full, QueueCommon

_T = TypeVar("_T")


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
            if expiry is not None:
                expiry.cancel()


def _expire(waiter: asyncio.Future[Any]) -> None:
    if not waiter.done():
        waiter.set_exception(Empty())


class HandoffQueuePool(AsyncAdaptedQueuePool):
    """SQLAlchemy's asyncio queue pool, with connections handed out in arrival order."""

    _queue_class: type[QueueCommon[ConnectionPoolEntry]] = HandoffQueue


# SQLAlchemy names a pool's logger after its class and keeps its own pools' loggers (under
# `sqlalchemy`) at WARNING; under `app` this one would write "Pool disposed" and the like into
# the request log at INFO.
logging.getLogger(f"{__name__}.{HandoffQueuePool.__name__}").setLevel(logging.WARNING)
