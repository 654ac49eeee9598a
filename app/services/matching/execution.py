"""Running matching's prebuilt Core statements on the session's connection.

`AsyncSession.execute` treats a select of mapped columns as an ORM statement: ORM compile
state on every call and ORM row processing, which for the hundred-row features statement cost
about a third of its time. Matching's statements return plain rows, so they run as Core on the
session's connection, in the session's transaction, after the flush `session.execute` would
have done.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Executable, Result
from sqlalchemy.ext.asyncio import AsyncSession


async def run(
    session: AsyncSession, statement: Executable, params: dict[str, Any] | None = None
) -> Result[Any]:
    """Execute `statement` as Core in the session's transaction (pending changes flushed)."""
    await session.flush()
    connection = await session.connection()
    return await connection.execute(statement, params)
