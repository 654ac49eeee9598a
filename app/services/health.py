"""Liveness and readiness: whether this process, and the database it needs, answer."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import DomainError
from app.schemas.health import HealthStatus


class DatabaseUnavailable(DomainError):
    """Documents the 503; app/core/problems.py answers it (with Retry-After) for every route
    whose database connection fails or cannot be opened, this one included."""

    status, code, title = 503, "database_unavailable", "The database is not reachable"


def liveness() -> HealthStatus:
    """The process is up and serving requests."""
    return HealthStatus(status="ok")


async def readiness(session: AsyncSession) -> HealthStatus:
    """The database answers a trivial query."""
    await session.execute(text("SELECT 1"))
    return HealthStatus(status="ok")
