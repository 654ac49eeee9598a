"""Test harness: a real PostgreSQL built by `alembic upgrade head` once per session, and one
rolled-back connection-level transaction per test.

With TEST_DATABASE_URL unset, each pytest process gets its own database on the embedded
server in `.data/`, so parallel runs never share state.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from alembic import command
from app.core.config import get_settings
from app.core.db import get_session
from app.main import create_app
from tests.helpers import register_database
from tests.mailbox import Mailbox, run_smtp_server

ROOT = Path(__file__).resolve().parent.parent

os.environ.setdefault("ENVIRONMENT", "test")
os.environ.setdefault("LOG_LEVEL", "WARNING")
# Cheap argon2 in tests: hashing cost is not what the suite verifies.
os.environ.setdefault("PASSWORD_HASH_TIME_COST", "1")
os.environ.setdefault("PASSWORD_HASH_MEMORY_KIB", "64")
# Tests read their own writes at once; tests/gigs/test_search_cache.py tests the cache.
os.environ.setdefault("SEARCH_CACHE_SECONDS", "0")
# Every test client calls from one address; tests/accounts/test_signup.py lowers it again.
os.environ.setdefault("SIGNUP_MAX_PER_ADDRESS", "100000")


def alembic_config(url: str) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    # configparser treats % as interpolation; URL-encoded socket paths contain it.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["configure_logger"] = False
    return config


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    explicit = os.environ.get("TEST_DATABASE_URL")
    if explicit:
        yield explicit
        return
    from app.devdb import drop_database, ensure_database, start_embedded_postgres

    handle = start_embedded_postgres(ROOT / ".data")
    name = f"pasar_test_{os.getpid()}"
    drop_database(handle, name)
    url = ensure_database(handle, name)
    yield url
    drop_database(handle, name)


@pytest.fixture(scope="session")
def migrated_url(database_url: str) -> str:
    command.upgrade(alembic_config(database_url), "head")
    os.environ["DATABASE_URL"] = database_url
    get_settings.cache_clear()
    return database_url


@pytest.fixture(scope="session")
async def engine(migrated_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(migrated_url, pool_size=5, max_overflow=10)
    yield engine
    await engine.dispose()


@pytest.fixture
async def connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    async with engine.connect() as conn:
        transaction = await conn.begin()
        yield conn
        if transaction.is_active:
            await transaction.rollback()


@pytest.fixture
def sessionmaker(connection: AsyncConnection) -> async_sessionmaker[AsyncSession]:
    # create_savepoint: code that commits or rolls back only touches a SAVEPOINT, so the
    # test's outer transaction still undoes everything.
    return async_sessionmaker(
        bind=connection,
        expire_on_commit=False,
        autoflush=False,
        join_transaction_mode="create_savepoint",
    )


@pytest.fixture
async def session(sessionmaker: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    async with sessionmaker() as session:
        yield session


@pytest.fixture
async def client(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app()

    async def session_for_request() -> AsyncIterator[AsyncSession]:
        # A fresh session per request, so a missing eager load fails here as in production.
        async with sessionmaker() as request_session:
            try:
                yield request_session
                await request_session.commit()
            except BaseException:
                await request_session.rollback()
                raise

    app.dependency_overrides[get_session] = session_for_request
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        register_database(http, sessionmaker)
        yield http


@pytest.fixture
def smtp_server() -> Iterator[Mailbox]:
    """A real SMTP server in the test process; mail the worker sends lands in its Mailbox."""
    yield from run_smtp_server()


@pytest.fixture
async def live_app(migrated_url: str, engine: AsyncEngine) -> AsyncIterator[httpx.AsyncClient]:
    """The app on its real engine and pool, for concurrency tests; cleans up by truncation."""
    from app.core import db

    live_sessions = async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
    db.use_engine(engine, live_sessions)
    app = create_app()
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        register_database(http, live_sessions)
        yield http
    db.use_engine(None, None)
    await truncate_user_data(engine)


USER_DATA_TABLES = (
    "notification_deliveries",
    "notifications",
    "notification_preferences",
    "notification_email_batches",
    "notification_reminders",
    "notification_event_positions",
    "stream_slots",
    "conversation_reads",
    "messages",
    "conversations",
    "conversation_event_positions",
    "search_words",
    "outbound_emails",
    "account_tokens",
    "ledger_entries",
    "ledger_transactions",
    "payouts",
    "refunds",
    "disputes",
    "payments",
    "payout_accounts",
    "external_events",
    "reviews",
    "idempotency_keys",
    "events",
    "milestones",
    "contracts",
    "proposals",
    "gig_skills",
    "gigs",
    "portfolio_items",
    "creative_skills",
    "creative_categories",
    "creative_profiles",
    "businesses",
    "auth_tokens",
    "login_failures",
    "rate_limit_counters",
    "partner_apps",
    "invitations",
    "admin_audit_log",
    "users",
)


async def truncate_user_data(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        existing = set(
            (
                await conn.execute(
                    text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                )
            ).scalars()
        )
        tables = [t for t in USER_DATA_TABLES if t in existing]
        # The ledger refuses TRUNCATE (its guard triggers); tests own their database, so they
        # switch the triggers off for this cleanup only.
        await conn.execute(text("SET LOCAL session_replication_role = replica"))
        await conn.execute(text(f"TRUNCATE {', '.join(tables)} CASCADE"))
