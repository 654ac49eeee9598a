"""Engine, session factory and the one request-scoped session dependency."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

import asyncpg
from fastapi import Depends
from sqlalchemy import event
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from app.core.config import get_settings
from app.core.json import dumps, loads
from app.core.pool import HandoffQueuePool, require_tested_sqlalchemy


class DatabaseUnreachable(Exception):
    """No new connection could be opened: the server is down, starting, or refusing them."""


# What opening a connection raises while PostgreSQL is down or not ready: a refused or timed-out
# TCP connection and a missing unix socket are OSErrors (TimeoutError is one too); a server
# starting up, recovering or shutting down answers 57P03 (CannotConnectNowError, an operator
# intervention), one out of slots 53300; class 08 are connection failures.
CONNECT_FAILURES: tuple[type[BaseException], ...] = (
    OSError,
    asyncpg.exceptions.OperatorInterventionError,
    asyncpg.exceptions.TooManyConnectionsError,
    asyncpg.exceptions.PostgresConnectionError,
)


def _connect_or_unreachable(
    dialect: Dialect, record: object, cargs: tuple[Any, ...], cparams: dict[str, Any]
) -> Any:
    # Raised as they are, these reach the generic 500 handler (the driver's own exceptions
    # are not DBAPI errors at connect time, so SQLAlchemy passes them through unwrapped).
    try:
        return dialect.connect(*cargs, **cparams)
    except CONNECT_FAILURES as error:
        raise DatabaseUnreachable(type(error).__name__) from error


def watch_connects(engine: AsyncEngine) -> AsyncEngine:
    """Make connect-time failures of `engine` raise DatabaseUnreachable (a 503, not a 500)."""
    event.listen(engine.sync_engine, "do_connect", _connect_or_unreachable)
    return engine


_engine: AsyncEngine | None = None
_sessionmaker: async_sessionmaker[AsyncSession] | None = None


def get_engine() -> AsyncEngine:
    global _engine, _sessionmaker
    if _engine is None:
        require_tested_sqlalchemy()
        settings = get_settings()
        if not settings.database_url:
            raise RuntimeError("DATABASE_URL is not set; start the app through `pasar serve`")
        _engine = watch_connects(
            create_async_engine(
                settings.database_url,
                pool_size=settings.db_pool_size,
                max_overflow=settings.db_max_overflow,
                pool_timeout=settings.db_pool_timeout_seconds,
                poolclass=HandoffQueuePool,
                pool_pre_ping=False,
                json_serializer=lambda value: dumps(value).decode(),
                json_deserializer=loads,
                connect_args={
                    "server_settings": {"application_name": "pasar-kreatif"},
                    "timeout": settings.db_connect_timeout_seconds,
                },
            )
        )
        _sessionmaker = async_sessionmaker(_engine, expire_on_commit=False, autoflush=False)
    return _engine


def get_sessionmaker() -> async_sessionmaker[AsyncSession]:
    get_engine()
    assert _sessionmaker is not None
    return _sessionmaker


def use_engine(
    engine: AsyncEngine | None, sessionmaker: async_sessionmaker[AsyncSession] | None
) -> None:
    """Point the app at an engine built elsewhere (tests bind it to one connection)."""
    global _engine, _sessionmaker
    _engine, _sessionmaker = engine, sessionmaker


async def dispose_engine() -> None:
    global _engine, _sessionmaker
    if _engine is not None:
        await _engine.dispose()
    _engine, _sessionmaker = None, None


@asynccontextmanager
async def session_scope() -> AsyncIterator[AsyncSession]:
    """A unit of work outside a request (CLI, worker): commits on success, rolls back on error."""
    session = get_sessionmaker()()
    try:
        yield session
        if session.in_transaction():  # else nothing began, so there is nothing to commit
            await session.commit()
    except BaseException:
        await session.rollback()
        raise
    finally:
        # Outside a transaction the session holds no connection; closing one that never
        # loaded a row has nothing to release and costs an anonymous gig read ~4% of its CPU.
        if session.in_transaction() or session.identity_map:
            await session.close()


async def get_session() -> AsyncIterator[AsyncSession]:
    # One transaction per request, committed after the handler returns and before the
    # response is sent (scope="function" below), so a client never sees a 2xx for a
    # change that failed to commit.
    async with session_scope() as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
