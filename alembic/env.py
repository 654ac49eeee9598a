"""Alembic environment: async engine, URL from Settings unless the caller passes one."""

from __future__ import annotations

import asyncio
from logging.config import fileConfig

from sqlalchemy import pool, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from alembic import context
from app.core.config import get_settings
from app.models import Base

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url") or get_settings().database_url
    if not url:
        raise RuntimeError("No database URL: set DATABASE_URL or run through `pasar migrate`")
    return url


# Any 64-bit number no other code takes a session-level advisory lock on: "pasar-migrations".
MIGRATION_LOCK_ID = int.from_bytes(b"pasarmig", "big") & 0x7FFF_FFFF_FFFF_FFFF


def _run_locked(connection: Connection) -> None:
    """Migrate while holding a PostgreSQL advisory lock, so replicas that all migrate at start
    take turns: the first upgrades, the others then find the schema at head and do nothing
    (without it two of them both insert into alembic_version and one dies)."""
    connection.execute(text("SELECT pg_advisory_lock(:id)"), {"id": MIGRATION_LOCK_ID})
    connection.commit()  # the lock is the session's; alembic begins its own transaction
    _run(connection)
    # When a migration fails, closing the connection (NullPool) releases the lock instead.
    connection.execute(text("SELECT pg_advisory_unlock(:id)"), {"id": MIGRATION_LOCK_ID})
    connection.commit()


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        compare_server_default=False,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        await connection.run_sync(_run)
        return
    engine = create_async_engine(_url(), poolclass=pool.NullPool)
    async with engine.connect() as conn:
        await conn.run_sync(_run_locked)
    await engine.dispose()


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    asyncio.run(_run_async())
