"""What a bench database holds, recorded in its comment, and whether its schema is current.

The comment is JSON (`COMMENT ON DATABASE`), so the schema stays exactly what alembic made. It
also records a hash of every migration file. Migrations are history (every change is a new
revision), but an applied revision edited in place is invisible to `alembic upgrade head`. When
an applied file changed, the database is still usable if, after `upgrade head`, `alembic
check` finds it identical to the models; otherwise it must be rebuilt (`generate --reset`).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import asyncpg
from alembic.config import Config
from alembic.util.exc import CommandError
from sqlalchemy.exc import DBAPIError

from alembic import command

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = ROOT / "alembic" / "versions"


async def read_marker(connection: asyncpg.Connection) -> dict[str, Any]:
    comment = await connection.fetchval(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
        "WHERE datname = current_database()"
    )
    try:
        marker = json.loads(comment or "{}")
    except json.JSONDecodeError:
        return {}
    return marker if isinstance(marker, dict) and marker.get("generator") == "pasar-bench" else {}


async def write_marker(connection: asyncpg.Connection, marker: dict[str, Any]) -> None:
    statement = await connection.fetchval(
        "SELECT format('COMMENT ON DATABASE %I IS %L', current_database(), $1::text)",
        json.dumps(marker),
    )
    await connection.execute(statement)


def migration_hashes() -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        for path in sorted(MIGRATIONS.glob("*.py"))
    }


def changed_migrations(marker: dict[str, Any]) -> list[str]:
    """Migration files applied to this database that have changed or gone since; new files
    are fine (`alembic upgrade head` applies them). Unknown history counts as changed."""
    applied = marker.get("migrations")
    if not isinstance(applied, dict):
        return ["(not recorded)"]
    current = migration_hashes()
    return sorted(name for name, digest in applied.items() if current.get(name) != digest)


def migrate(url: str) -> None:
    """`alembic upgrade head` on `url`, as tests/conftest.py does it."""
    command.upgrade(_alembic_config(url), "head")


def schema_matches_models(url: str) -> bool:
    """Upgrade to head, then whether `alembic check` finds nothing to change."""
    config = _alembic_config(url)
    try:
        command.upgrade(config, "head")
        command.check(config)
    except (CommandError, DBAPIError):
        # A revision written against an edited older revision may not even apply.
        return False
    return True


def _alembic_config(url: str) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    sqlalchemy_url = url.replace("postgresql://", "postgresql+asyncpg://", 1)
    config.set_main_option("sqlalchemy.url", sqlalchemy_url.replace("%", "%%"))
    config.attributes["configure_logger"] = False
    return config


def describe(marker: dict[str, Any]) -> str:
    return f"scale {marker.get('scale')}, seed {marker.get('seed')}, {marker.get('state')}"
