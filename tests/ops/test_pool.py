"""The connection pool serves waiting requests in arrival order, and never loses a connection
to a caller that timed out or went away while waiting."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import exc
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from app.core.pool import HandoffQueue, HandoffQueuePool


@pytest.fixture
async def one_connection(migrated_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(
        migrated_url, poolclass=HandoffQueuePool, pool_size=1, max_overflow=0, pool_timeout=5
    )
    yield engine
    await engine.dispose()


def _waiting(engine: AsyncEngine) -> int:
    queue = engine.pool._pool  # type: ignore[attr-defined]
    assert isinstance(queue, HandoffQueue)
    return len(queue._waiters)


async def _until_waiting(engine: AsyncEngine, count: int) -> None:
    """Let the loop run until `count` tasks wait in the pool's line (each needs a few steps)."""
    for _ in range(1_000):
        if _waiting(engine) >= count:
            return
        await asyncio.sleep(0)
    raise AssertionError(f"{_waiting(engine)} of {count} tasks are waiting for a connection")


async def test_a_returned_connection_goes_to_the_longest_waiter(
    one_connection: AsyncEngine,
) -> None:
    order: list[str] = []

    async def query(name: str) -> None:
        async with one_connection.connect() as connection:
            order.append(name)
            await connection.exec_driver_sql("SELECT 1")

    holder = await one_connection.connect()
    waiters = [asyncio.create_task(query(f"waiter {n}")) for n in range(3)]
    await _until_waiting(one_connection, 3)
    # Ready to run before the woken waiter does (the holder ran nothing, so its connection
    # goes back without a round trip): SQLAlchemy's own queue lets the newcomer take it, and
    # sends the waiter it overtook to the back: newcomer, waiter 1, waiter 2, waiter 0.
    newcomer = asyncio.create_task(query("newcomer"))
    await holder.close()
    await asyncio.gather(*waiters, newcomer)
    assert order == ["waiter 0", "waiter 1", "waiter 2", "newcomer"]


async def test_a_waiter_times_out_and_leaves_the_line(migrated_url: str) -> None:
    engine = create_async_engine(
        migrated_url, poolclass=HandoffQueuePool, pool_size=1, max_overflow=0, pool_timeout=0.2
    )
    try:
        async with engine.connect() as held:
            await held.exec_driver_sql("SELECT 1")
            with pytest.raises(exc.TimeoutError):
                await engine.connect()
            assert _waiting(engine) == 0
        assert engine.pool.checkedin() == 1  # type: ignore[attr-defined]
    finally:
        await engine.dispose()


async def test_a_connection_handed_to_a_cancelled_waiter_is_passed_on(
    one_connection: AsyncEngine,
) -> None:
    holder = await one_connection.connect()
    waiter = asyncio.create_task(one_connection.connect().start())
    await _until_waiting(one_connection, 1)
    await holder.close()  # hands the connection to the waiter, which has not run yet
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert one_connection.pool.checkedin() == 1  # type: ignore[attr-defined]
    async with one_connection.connect() as connection:
        assert (await connection.exec_driver_sql("SELECT 1")).scalar() == 1


async def test_a_cancelled_waiter_leaves_the_line(one_connection: AsyncEngine) -> None:
    holder = await one_connection.connect()
    waiter = asyncio.create_task(one_connection.connect().start())
    await _until_waiting(one_connection, 1)
    waiter.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert _waiting(one_connection) == 0
    await holder.close()
    assert one_connection.pool.checkedin() == 1  # type: ignore[attr-defined]


async def test_the_pools_info_lines_stay_out_of_the_request_log(
    one_connection: AsyncEngine,
) -> None:
    # "Pool disposed", "Pool recreating": SQLAlchemy keeps its own pools' loggers at WARNING.
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.INFO)  # as LOG_LEVEL's default sets it
    try:
        logger = logging.getLogger(one_connection.pool.logger.name)
        assert logger.name.startswith("app.")
        assert not logger.isEnabledFor(logging.INFO)
        assert logger.isEnabledFor(logging.WARNING)
    finally:
        root.setLevel(level)
