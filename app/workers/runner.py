"""The background worker: runs each registered task on its own loop, with PostgreSQL as the
queue. A task takes a session and returns how many items it handled; it runs again at once
while it finds work and otherwise sleeps for its interval. Tasks claim their rows with
`FOR UPDATE SKIP LOCKED`, so any number of worker processes can run side by side.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from app.core import metrics
from app.core.config import get_settings
from app.core.db import dispose_engine, session_scope

logger = logging.getLogger("app.worker")

TaskFunction = Callable[[AsyncSession], Awaitable[int]]


@dataclass(frozen=True)
class PeriodicTask:
    name: str
    interval_seconds: float
    run: TaskFunction


async def run_task_once(task: PeriodicTask) -> int:
    """One unit of work in its own transaction (committed when the task returns)."""
    async with session_scope() as session:
        return await task.run(session)


async def _task_loop(task: PeriodicTask, stop: asyncio.Event) -> None:
    while not stop.is_set():
        started = time.perf_counter()
        try:
            handled = await run_task_once(task)
        except Exception:
            logger.exception("worker task failed", extra={"task": task.name})
            metrics.WORKER_TASK_RUNS.labels(task.name, "failed").inc()
            handled = 0
        else:
            metrics.WORKER_TASK_RUNS.labels(task.name, "ok").inc()
        if handled:
            metrics.WORKER_ITEMS.labels(task.name).inc(handled)
            logger.info(
                "worker task ran",
                extra={
                    "task": task.name,
                    "handled": handled,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            continue
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=task.interval_seconds)


HEARTBEAT_SECONDS = 5.0


async def _heartbeat(path: Path, stop: asyncio.Event) -> None:
    """Touch `path` while the loop is responsive: a liveness probe checks its age."""
    while True:
        await asyncio.to_thread(path.touch)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=HEARTBEAT_SECONDS)
            return


async def run_worker(
    tasks: Sequence[PeriodicTask],
    stop: asyncio.Event | None = None,
    *,
    heartbeat_file: Path | None = None,
) -> None:
    """Run every task until `stop` is set (SIGTERM or SIGINT when run from the CLI)."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        # Not available off the main thread (tests run the worker in a task).
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    logger.info("worker started", extra={"tasks": [t.name for t in tasks]})
    if not get_settings().whatsapp_enabled:
        logger.info(
            "whatsapp notifications off: WHATSAPP_ACCESS_TOKEN and WHATSAPP_PHONE_NUMBER_ID unset"
        )
    try:
        loops = [_task_loop(task, stop) for task in tasks]
        if heartbeat_file is not None:
            loops.append(_heartbeat(heartbeat_file, stop))
        await asyncio.gather(*loops)
    finally:
        await dispose_engine()
        logger.info("worker stopped")


async def run_all_once(tasks: Sequence[PeriodicTask]) -> dict[str, int]:
    """Run each task once, in order (`pasar worker --once`, cron-style deployments)."""
    try:
        return {task.name: await run_task_once(task) for task in tasks}
    finally:
        await dispose_engine()
