"""`pasar`: serve the API and run the operational tasks around it.

With DATABASE_URL empty (development, tests) every command that needs a database starts the
embedded PostgreSQL in DATA_DIR and stops it again when it exits.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import getpass
import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from pydantic import ValidationError

from app.cli_hubs import add_hub_commands
from app.core.config import Settings, get_settings
from app.devdb import DEFAULT_DATABASE

if TYPE_CHECKING:
    from alembic.config import Config

_SUMMARY = "Serve the Pasar Kreatif API and run the operational tasks around it."

Command = Callable[[argparse.Namespace], int]

# Graceful shutdown waits this long for in-flight requests before closing them.
_SHUTDOWN_GRACE_SECONDS = 20


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # Python's default SIGTERM action kills the process without running atexit hooks, and the
    # embedded PostgreSQL is stopped by one. uvicorn re-raises the SIGTERM it shut down on
    # through the handler it found, so this also covers `pasar serve`.
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    command: Command = args.command
    try:
        get_settings()
    except ValidationError as error:
        # Only the messages: pydantic's full text echoes the input, which holds secrets.
        for problem in error.errors():
            where = ".".join(str(part) for part in problem["loc"]).upper() or "settings"
            print(f"pasar: invalid configuration: {where}: {problem['msg']}", file=sys.stderr)
        return 2
    try:
        return command(args)
    except subprocess.CalledProcessError as error:
        return error.returncode or 1
    except KeyboardInterrupt:
        return 130


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pasar", description=_SUMMARY)
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="migrate to head, then serve the API")
    serve.add_argument("--port", type=int, help="listen port (default: PORT or 8000)")
    serve.add_argument("--workers", type=int, help="worker processes (default: WEB_CONCURRENCY)")
    serve.add_argument(
        "--with-worker",
        action="store_true",
        help="also run the background worker (auto-release, webhooks) beside the server",
    )
    serve.add_argument("--reload", action="store_true", help="restart on code changes (dev)")
    serve.add_argument(
        "--no-migrate", action="store_true", help="skip `migrate` (it ran as a release step)"
    )
    serve.set_defaults(command=_serve)

    migrate = commands.add_parser("migrate", help="upgrade the schema to head")
    migrate.add_argument("--downgrade", metavar="REVISION", help="downgrade to REVISION instead")
    migrate.set_defaults(command=_migrate)

    seed = commands.add_parser("seed", help="load the demo data set")
    seed.set_defaults(command=_seed)

    impact = commands.add_parser(
        "impact-rebuild", help="recompute the impact rollups from scratch (backfill)"
    )
    impact.set_defaults(command=_impact_rebuild)

    openapi = commands.add_parser("openapi", help="print the OpenAPI document as JSON")
    openapi.add_argument("--output", type=Path, help="write to this file instead of stdout")
    openapi.set_defaults(command=_openapi)

    catalogue = commands.add_parser(
        "event-catalogue", help="print the event catalogue (docs/events.md) as Markdown"
    )
    catalogue.add_argument("--output", type=Path, help="write to this file instead of stdout")
    catalogue.set_defaults(command=_event_catalogue)

    admin = commands.add_parser("create-admin", help="create an administrator account")
    admin.add_argument("--email", required=True)
    admin.add_argument("--password", help="prompted for when omitted")
    admin.add_argument("--full-name", required=True)
    admin.set_defaults(command=_create_admin)

    db_url = commands.add_parser(
        "db-url", help="print the database URL, starting the embedded server and leaving it up"
    )
    db_url.add_argument("--database", default=DEFAULT_DATABASE, help="embedded database name")
    db_url.add_argument("--libpq", action="store_true", help="print a psql/pgbench URI")
    db_url.set_defaults(command=_db_url)

    rotate = commands.add_parser(
        "rotate-secrets",
        help="re-encrypt stored secrets under SECRET_KEY (after a rotation; README)",
    )
    rotate.set_defaults(command=_rotate_secrets)

    fees = commands.add_parser(
        "xendit-sync-fees", help="book Xendit's fees from its transactions list (idempotent)"
    )
    fees.add_argument(
        "--date",
        type=dt.date.fromisoformat,
        action="append",
        help="a WIB day (YYYY-MM-DD), repeatable; default: yesterday and today",
    )
    fees.set_defaults(command=_xendit_sync_fees)

    db_stop = commands.add_parser("db-stop", help="stop the embedded server in DATA_DIR")
    db_stop.set_defaults(command=_db_stop)

    _add_partner_commands(commands)
    _add_user_commands(commands)
    add_hub_commands(commands)

    worker = commands.add_parser("worker", help="run background tasks (webhook delivery ...)")
    worker.add_argument("--once", action="store_true", help="run each task once and exit")
    worker.set_defaults(command=_worker)
    return parser


def _add_partner_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    partner = commands.add_parser("partner", help="register and manage partner apps")
    actions = partner.add_subparsers(title="actions", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="register an app; prints its secret once")
    create.add_argument("--name", required=True)
    create.add_argument(
        "--redirect-uri", action="append", required=True, help="repeat for several URIs"
    )
    create.add_argument("--scopes", required=True, help="space- or comma-separated scopes")
    create.add_argument("--tier", default="standard", choices=["sandbox", "standard", "elevated"])
    create.set_defaults(command=_partner, action="create")
    for action, help_text in (
        ("rotate-secret", "replace the client secret; prints the new one once"),
        ("suspend", "suspend the app; its tokens stop working at once"),
        ("reactivate", "lift a suspension"),
    ):
        sub = actions.add_parser(action, help=help_text)
        sub.add_argument("client_id")
        sub.set_defaults(command=_partner, action=action)


def _add_user_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    user = commands.add_parser("user", help="suspend and reinstate accounts")
    actions = user.add_subparsers(title="actions", required=True, metavar="ACTION")
    for action, help_text in (
        ("suspend", "end the account's sessions, refuse sign-in, hide its profile and gigs"),
        ("reinstate", "lift a suspension"),
    ):
        sub = actions.add_parser(action, help=help_text)
        sub.add_argument("email")
        sub.add_argument("--reason", required=True, help="why; kept in the admin audit log")
        sub.set_defaults(command=_user, action=action)


def _user(args: argparse.Namespace) -> int:
    _use_database(get_settings())

    async def run() -> dict[str, object]:
        from app.core.db import dispose_engine, session_scope
        from app.schemas.privacy import AdminReason
        from app.services import suspension
        from app.services.audit import AuditActor

        reason = AdminReason(reason=args.reason).reason
        change = suspension.suspend_user if args.action == "suspend" else suspension.reinstate_user
        try:
            async with session_scope() as session:
                status = await change(
                    session,
                    AuditActor.operator(getpass.getuser()),
                    email=args.email,
                    reason=reason,
                )
                return status.model_dump(mode="json")
        finally:
            await dispose_engine()

    from app.core.errors import DomainError

    try:
        result = asyncio.run(run())
    except DomainError as error:
        print(f"pasar: {error.detail}", file=sys.stderr)
        return 1
    except ValidationError as error:
        print(f"pasar: --reason {error.errors()[0]['msg']}", file=sys.stderr)
        return 2
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


def _xendit_sync_fees(args: argparse.Namespace) -> int:
    settings = get_settings()
    if not settings.xendit_secret_key:
        print("pasar: XENDIT_SECRET_KEY is not set", file=sys.stderr)
        return 2
    _use_database(settings)
    from app.core.clock import jakarta_today

    today = jakarta_today()
    days: list[dt.date] = args.date or [today - dt.timedelta(days=1), today]

    async def run() -> dict[str, int]:
        from app.core.db import dispose_engine, session_scope
        from app.services.escrow.xendit_fees import sync_xendit_fees_for_day

        booked: dict[str, int] = {}
        try:
            for day in days:
                async with session_scope() as session:
                    booked[day.isoformat()] = await sync_xendit_fees_for_day(session, day)
        finally:
            await dispose_engine()
        return booked

    from app.core.errors import DomainError

    try:
        result = asyncio.run(run())
    except DomainError as error:
        print(f"pasar: {error.detail}", file=sys.stderr)
        return 1
    print(json.dumps({"fees_booked": result}, indent=2))
    return 0


def _partner(args: argparse.Namespace) -> int:
    _use_database(get_settings())

    async def run() -> dict[str, object]:
        from app.core.db import dispose_engine, session_scope
        from app.models import RateLimitTier
        from app.schemas.partners import PartnerAppCreate, PartnerAppRead
        from app.services.audit import AuditActor
        from app.services.partners import apps

        operator = AuditActor.operator(getpass.getuser())
        try:
            async with session_scope() as session:
                result: PartnerAppRead
                if args.action == "create":
                    body = PartnerAppCreate(
                        name=args.name,
                        redirect_uris=args.redirect_uri,
                        allowed_scopes=args.scopes.replace(",", " ").split(),
                        rate_limit_tier=RateLimitTier(args.tier),
                    )
                    result = await apps.create_partner_app(session, body, actor=operator)
                elif args.action == "rotate-secret":
                    result = await apps.rotate_secret(session, args.client_id, actor=operator)
                else:
                    change = apps.suspend_app if args.action == "suspend" else apps.reactivate_app
                    result = await change(session, args.client_id, actor=operator)
                return result.model_dump(mode="json")
        finally:
            await dispose_engine()

    from app.core.errors import DomainError

    try:
        result = asyncio.run(run())
    except DomainError as error:
        print(f"pasar: {error.detail}", file=sys.stderr)
        return 1
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


def _worker(args: argparse.Namespace) -> int:
    settings = get_settings()
    _use_database(settings)
    _use_metrics_dir(settings)
    from app.core import metrics, telemetry
    from app.core.logging import configure_logging
    from app.services.marketplace_metrics import install_marketplace_metrics
    from app.workers.runner import run_all_once, run_worker
    from app.workers.tasks import TASKS

    configure_logging(settings.log_level, json_output=settings.log_json)
    metrics.process_role = "worker"
    telemetry.install_telemetry(settings)
    install_marketplace_metrics()
    try:
        if args.once:
            print(json.dumps(asyncio.run(run_all_once(TASKS))))
        else:
            asyncio.run(run_worker(TASKS, heartbeat_file=settings.worker_heartbeat_file))
    finally:
        telemetry.shutdown_telemetry()
    return 0


def _use_metrics_dir(settings: Settings) -> None:
    """Share one metrics directory between this command's processes and its siblings on the
    host (uvicorn workers and `pasar worker` inherit it), so any of them can answer a scrape.
    Must run before prometheus_client is first imported: it reads the variable then."""
    from app.core.metrics_files import prepare_multiprocess_dir

    directory = settings.metrics_dir.resolve()
    try:
        prepare_multiprocess_dir(directory)
    except OSError as error:
        # Metrics must never keep the service from starting; each process then counts alone.
        print(
            f"pasar: metrics directory {directory} unusable ({error}); /metrics will "
            "show only the process that answers",
            file=sys.stderr,
        )
        return
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(directory)


def _serve(args: argparse.Namespace) -> int:
    settings = get_settings()
    _use_database(settings)
    _use_metrics_dir(settings)
    # Migrations and seeding run in their own interpreters so that alembic's logging set-up
    # and their event loops and pooled connections never leak into the server process.
    if not args.no_migrate:
        _run_step("migrate")
    if settings.seed_demo:
        _run_step("seed")

    from app.core.logging import configure_logging

    # uvicorn's own lines go through the app's (JSON) root handler instead of its dictConfig.
    configure_logging(settings.log_level, json_output=settings.log_json)
    workers = 1 if args.reload else args.workers or _default_workers(settings)
    # One command for development: the worker shares the database and stops with the server.
    background = (
        subprocess.Popen([sys.executable, "-m", "app", "worker"]) if args.with_worker else None
    )
    try:
        _run_uvicorn(settings, args, workers)
    finally:
        if background is not None:
            background.terminate()
            background.wait(timeout=_SHUTDOWN_GRACE_SECONDS)
    return 0


def _run_uvicorn(settings: Settings, args: argparse.Namespace, workers: int) -> None:
    import uvicorn

    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=settings.host,
        port=args.port or settings.port,
        workers=workers,
        reload=args.reload,
        reload_dirs=[str(Path(__file__).parent)] if args.reload else None,
        loop="uvloop",
        http="httptools",
        access_log=False,  # the app logs each request itself
        # app/core/forwarded.py reads X-Forwarded-For itself (right-most untrusted hop).
        proxy_headers=False,
        server_header=False,
        log_config=None,
        log_level=settings.log_level.lower(),
        timeout_graceful_shutdown=_SHUTDOWN_GRACE_SECONDS,
    )


def _migrate(args: argparse.Namespace) -> int:
    from alembic import command

    _use_database(get_settings())
    config = _alembic_config()
    if args.downgrade:
        command.downgrade(config, args.downgrade)
    else:
        command.upgrade(config, "head")
    return 0


def _seed(args: argparse.Namespace) -> int:
    _use_database(get_settings())

    async def load() -> int:
        from app.core.db import dispose_engine
        from app.seed import load_demo_data

        try:
            return await load_demo_data()
        finally:
            await dispose_engine()

    created = asyncio.run(load())
    print(f"demo data loaded ({created} new accounts)")
    return 0


def _impact_rebuild(args: argparse.Namespace) -> int:
    _use_database(get_settings())

    async def rebuild() -> int:
        from app.core.db import dispose_engine, session_scope
        from app.services.impact.rollup import rebuild_impact

        try:
            async with session_scope() as session:
                return await rebuild_impact(session)
        finally:
            await dispose_engine()

    rows = asyncio.run(rebuild())
    print(f"impact rollups rebuilt ({rows} gig-month rows)")
    return 0


def _openapi(args: argparse.Namespace) -> int:
    from app.main import create_app

    document = create_app().openapi()
    text = json.dumps(document, indent=2, sort_keys=False, ensure_ascii=False) + "\n"
    if args.output is None:
        sys.stdout.buffer.write(text.encode())
        sys.stdout.flush()
    else:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
    return 0


def _event_catalogue(args: argparse.Namespace) -> int:
    from app.core.event_catalogue import render_event_catalogue

    text = render_event_catalogue()
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
    return 0


def _create_admin(args: argparse.Namespace) -> int:
    password: str = args.password or getpass.getpass("Password: ")
    _use_database(get_settings())

    async def create() -> None:
        from app.core.db import dispose_engine, session_scope
        from app.services.accounts import create_admin
        from app.services.audit import AuditActor, record_admin_action

        try:
            async with session_scope() as session:
                admin = await create_admin(
                    session, email=args.email, password=password, full_name=args.full_name
                )
                await record_admin_action(
                    session,
                    AuditActor.operator(getpass.getuser()),
                    action="user.create_admin",
                    target_type="user",
                    target_id=admin.id,
                )
        finally:
            await dispose_engine()

    from app.core.errors import DomainError

    try:
        asyncio.run(create())
    except DomainError as error:
        print(f"pasar: {error.detail}", file=sys.stderr)
        return 1
    print(f"created administrator {args.email}")
    return 0


def _rotate_secrets(args: argparse.Namespace) -> int:
    _use_database(get_settings())

    async def rotate() -> int:
        from app.core.db import dispose_engine, session_scope
        from app.services.partners.webhooks import reencrypt_signing_secrets

        try:
            async with session_scope() as session:
                return await reencrypt_signing_secrets(session)
        finally:
            await dispose_engine()

    print(f"re-encrypted {asyncio.run(rotate())} webhook signing secret(s) under SECRET_KEY")
    return 0


def _db_url(args: argparse.Namespace) -> int:
    from app.devdb import resolve_database_url

    url = resolve_database_url(get_settings(), database=args.database, stop_on_exit=False)
    print(url.replace("postgresql+asyncpg://", "postgresql://", 1) if args.libpq else url)
    return 0


def _db_stop(args: argparse.Namespace) -> int:
    from app.devdb import stop_embedded_postgres

    stopped = stop_embedded_postgres(get_settings().data_dir)
    print("embedded PostgreSQL stopped" if stopped else "embedded PostgreSQL was not running")
    return 0


def _use_database(settings: Settings) -> None:
    """Make DATABASE_URL point at a server, starting the embedded one when it is empty."""
    if settings.database_url:
        return
    from app.devdb import resolve_database_url

    # Exported so that get_settings() here, alembic's env.py and uvicorn's worker processes
    # (which inherit the environment) all see the embedded server's URL.
    os.environ["DATABASE_URL"] = resolve_database_url(settings)
    get_settings.cache_clear()


def _run_step(name: str) -> None:
    subprocess.run([sys.executable, "-m", "app", name], check=True)


def _default_workers(settings: Settings) -> int:
    if settings.web_concurrency is not None:
        return settings.web_concurrency
    if not settings.is_production:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return 2 * (cores or 1)


def _alembic_config() -> Config:
    from alembic.config import Config

    # Prefer the checkout next to the package (editable installs, any working directory);
    # an installed package (the container image) finds alembic.ini in the working directory.
    candidates = [Path(__file__).resolve().parent.parent / "alembic.ini", Path("alembic.ini")]
    ini = next((path for path in candidates if path.is_file()), None)
    if ini is None:
        raise SystemExit("pasar: alembic.ini not found (run from the project directory)")
    config = Config(str(ini))
    script_location = str(ini.resolve().parent / "alembic")
    config.set_main_option("script_location", script_location.replace("%", "%%"))
    return config
