"""Fuzz a live `pasar serve` with schemathesis, once as an owner and once as a creative.

Starts the server on a free loopback port against a fresh `pasar_fuzz` database on the embedded
PostgreSQL (or against DATABASE_URL when it is set), registers one account per role, runs
`schemathesis run openapi/openapi.json` with that account's bearer token and stops everything
again. Exits non-zero when schemathesis reports a failure or the server cannot start.

Environment (all optional):
  FUZZ_MAX_EXAMPLES  test cases per operation and phase (default 20; use 200+ for a deep run)
  FUZZ_SEED          generation seed, so a run can be repeated exactly (default 20261125)
  FUZZ_PHASES        schemathesis phases (default examples,coverage,fuzzing)
  FUZZ_ROLES         accounts to fuzz as, in order (default "owner creative")
  FUZZ_WORKERS       concurrent schemathesis workers (default 2)
  FUZZ_TIMEOUT       seconds allowed for each role's run before it counts as failed (default 600)
  FUZZ_EXTRA_ARGS    further schemathesis options, e.g. "--exclude-path-regex ^/v1/admin"
  FUZZ_SCHEMA        the OpenAPI document to test against (default openapi/openapi.json)
  FUZZ_REPORT_DIR    where JUnit reports and the server log go (default test-artifacts/fuzz)
"""

from __future__ import annotations

import os
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
FUZZ_DATABASE = "pasar_fuzz"
CHECKS = "not_a_server_error,response_schema_conformance"
READY_TIMEOUT_SECONDS = 90


def main() -> int:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the cleanup below
    report_dir = Path(os.environ.get("FUZZ_REPORT_DIR", ROOT / "test-artifacts" / "fuzz")).resolve()
    report_dir.mkdir(parents=True, exist_ok=True)
    schema = Path(os.environ.get("FUZZ_SCHEMA", ROOT / "openapi" / "openapi.json")).resolve()
    if not schema.is_file():
        print(f"fuzz: {schema} is missing; run `make openapi` first", file=sys.stderr)
        return 2

    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "SEED_DEMO": "0",
    }
    with _server(env, report_dir / "server.log") as server:
        _wait_until_ready(base_url, server, report_dir / "server.log")
        failed = []
        for role in os.environ.get("FUZZ_ROLES", "owner creative").split():
            token = _register_and_sign_in(base_url, role)
            print(f"\n---- schemathesis as {role} against {base_url} ----", flush=True)
            if not _schemathesis(schema, base_url, token, report_dir / f"{role}.xml"):
                failed.append(role)
            if server.poll() is not None:
                print(f"fuzz: the server exited ({server.returncode})", file=sys.stderr)
                failed.append("server")
                break
    if failed:
        print(f"fuzz: FAILED ({', '.join(failed)}); reports in {report_dir}", file=sys.stderr)
        return 1
    print("fuzz: no failures")
    return 0


def _database_url() -> str:
    """DATABASE_URL when set, otherwise a freshly created database on the embedded server."""
    from app.core.config import get_settings
    from app.devdb import drop_database, ensure_database, start_embedded_postgres

    settings = get_settings()
    if settings.database_url:
        return settings.database_url
    # Stopped at exit by the wheel's atexit hook, unless another process still uses it.
    embedded = start_embedded_postgres(settings.data_dir)
    drop_database(embedded, FUZZ_DATABASE)
    return ensure_database(embedded, FUZZ_DATABASE)


@contextmanager
def _server(env: dict[str, str], log_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [str(BIN / "pasar"), "serve"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            yield server
        finally:
            _stop(server)


def _stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def _wait_until_ready(base_url: str, server: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            _fail_with_log(f"the server exited ({server.returncode}) before it was ready", log_path)
        try:
            if httpx.get(f"{base_url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    _fail_with_log(f"/readyz did not answer 200 within {READY_TIMEOUT_SECONDS}s", log_path)


def _fail_with_log(message: str, log_path: Path) -> None:
    tail = log_path.read_text(errors="replace").splitlines()[-40:]
    print(f"fuzz: {message}; server log tail:\n" + "\n".join(tail), file=sys.stderr)
    raise SystemExit(1)


def _register_and_sign_in(base_url: str, role: str) -> str:
    email = f"fuzz-{role}-{secrets.token_hex(4)}@example.com"
    password = secrets.token_urlsafe(18)
    with httpx.Client(base_url=base_url, timeout=10) as client:
        registered = client.post(
            "/v1/auth/register",
            json={"email": email, "password": password, "full_name": f"Fuzz {role}", "role": role},
        )
        _expect(registered, 202, "register")
        token = client.post(
            "/v1/auth/token",
            data={"grant_type": "password", "username": email, "password": password},
        )
        _expect(token, 200, "token")
    access_token: str = token.json()["access_token"]
    return access_token


def _expect(response: httpx.Response, status: int, step: str) -> None:
    if response.status_code != status:
        print(
            f"fuzz: {step} answered {response.status_code}, expected {status}: {response.text}",
            file=sys.stderr,
        )
        raise SystemExit(1)


def _schemathesis(schema: Path, base_url: str, token: str, junit_path: Path) -> bool:
    command = [
        str(BIN / "schemathesis"),
        "run",
        str(schema),
        f"--url={base_url}",
        f"--checks={CHECKS}",
        f"--header=Authorization: Bearer {token}",
        f"--phases={os.environ.get('FUZZ_PHASES', 'examples,coverage,fuzzing')}",
        f"--max-examples={os.environ.get('FUZZ_MAX_EXAMPLES', '20')}",
        f"--seed={os.environ.get('FUZZ_SEED', '20261125')}",
        f"--workers={os.environ.get('FUZZ_WORKERS', '2')}",
        "--generation-database=none",
        "--request-timeout=15",
        "--suppress-health-check=too_slow,filter_too_much",
        "--report=junit",
        f"--report-junit-path={junit_path}",
        *shlex.split(os.environ.get("FUZZ_EXTRA_ARGS", "")),
    ]
    timeout = float(os.environ.get("FUZZ_TIMEOUT", "600"))
    try:
        # Run inside the report directory: schemathesis and hypothesis keep caches in the cwd.
        done = subprocess.run(command, cwd=junit_path.parent, timeout=timeout, check=False)
        return done.returncode == 0
    except subprocess.TimeoutExpired:
        print(f"fuzz: schemathesis ran longer than {timeout:.0f}s", file=sys.stderr)
        return False


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


if __name__ == "__main__":
    raise SystemExit(main())
