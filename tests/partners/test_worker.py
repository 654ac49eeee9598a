"""The worker runner: registered tasks run on their own loops until stopped."""

from __future__ import annotations

import asyncio

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from app.workers.runner import PeriodicTask, run_all_once, run_worker
from app.workers.tasks import TASKS


async def test_tasks_drain_while_they_find_work_then_sleep(migrated_url: str) -> None:
    calls: list[int] = []
    stop = asyncio.Event()

    async def countdown(session: AsyncSession) -> int:
        assert (await session.scalar(text("SELECT 1"))) == 1  # a real transaction
        calls.append(1)
        if len(calls) >= 6:
            stop.set()
        return 1 if len(calls) < 4 else 0  # work for three rounds, then idle

    async def broken(session: AsyncSession) -> int:
        raise RuntimeError("boom")  # logged; the worker keeps going

    tasks = [
        PeriodicTask("uji.hitung", interval_seconds=0.01, run=countdown),
        PeriodicTask("uji.rusak", interval_seconds=0.01, run=broken),
    ]
    await asyncio.wait_for(run_worker(tasks, stop), timeout=10)
    assert len(calls) >= 6


async def test_the_registered_tasks_run_once_against_the_database(migrated_url: str) -> None:
    webhook_tasks = [t for t in TASKS if t.name.startswith("webhooks.")]
    assert [t.name for t in webhook_tasks] == ["webhooks.fan_out", "webhooks.deliver"]
    handled = await run_all_once(webhook_tasks)
    assert set(handled) == {"webhooks.fan_out", "webhooks.deliver"}
