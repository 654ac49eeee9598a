"""Start and stop the servers under test, on loopback only, and describe the machine.

The app runs exactly as `make run` does (`pasar serve`: migrate, then uvicorn with uvloop and
httptools); the baseline runs under the same uvicorn options. Each server is its own process
group, so stopping it also stops its workers and nothing else.
"""

from __future__ import annotations

import asyncio
import os
import platform
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import asyncpg
import httpx

if TYPE_CHECKING:
    from bench.fixtures import Fixtures

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
READY_TIMEOUT_SECONDS = 600  # `pasar serve` migrates first, which may build indexes on 1M rows


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    base_url: str
    log_path: Path
    log: IO[bytes]

    def wait_ready(self, fixtures: Fixtures) -> None:
        probe = "/healthz" if self.name == "app" else fixtures.baseline_id_paths[0]
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(
                    f"http_bench: {self.name} exited ({self.process.returncode}); "
                    f"see {self.log_path}:\n{self._tail()}"
                )
            try:
                if httpx.get(self.base_url + probe, timeout=5).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.5)
        raise SystemExit(f"http_bench: {self.name} not ready after {READY_TIMEOUT_SECONDS} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            # SIGTERM to uvicorn's supervisor lets it stop its workers gracefully.
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log.close()

    def _tail(self) -> str:
        self.log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-30:])


def start_server(
    name: str,
    database_url: str,
    port: int,
    workers: int,
    results: Path,
    log_level: str | None = None,
) -> Server:
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "SEED_DEMO": "0"}
    if name == "app":
        env["DATABASE_URL"] = database_url.replace("postgresql://", "postgresql+asyncpg://", 1)
        if log_level:
            env["LOG_LEVEL"] = log_level
        command = [str(BIN / "pasar"), "serve", "--port", str(port), "--workers", str(workers)]
    else:
        env["BASELINE_DATABASE_URL"] = database_url
        command = [
            str(BIN / "uvicorn"), "bench.baseline_app:app", "--host", "127.0.0.1",
            "--port", str(port), "--workers", str(workers), "--loop", "uvloop",
            "--http", "httptools", "--no-access-log", "--log-level", "warning",
        ]  # fmt: skip
    log_path = results / f"server-{name}.log"
    log = log_path.open("wb")
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    return Server(name, process, f"http://127.0.0.1:{port}", log_path, log)


def machine_description(dsn: str) -> dict[str, Any]:
    """What the figures were measured on: CPUs, memory, kernel, PostgreSQL."""
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
    model = next(
        (line.split(":", 1)[1].strip() for line in lscpu.splitlines() if "Model name" in line),
        platform.processor(),
    )
    memory_kb = next(
        (int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
         if line.startswith("MemTotal")),
        0,
    )  # fmt: skip

    async def server_version() -> str:
        connection = await asyncpg.connect(dsn)
        try:
            return str(await connection.fetchval("SHOW server_version"))
        finally:
            await connection.close()

    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu": model,
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "postgresql": asyncio.run(server_version()),
        "load_average_at_start": os.getloadavg(),
    }


_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_ticks(*, session_id: int | None = None, command: str | None = None) -> dict[int, int]:
    """User + system CPU (clock ticks) of each live process in a session (a server) or with
    a command name, by pid.

    CPU per request is a steadier A/B figure than throughput on a shared 2-core machine:
    it does not move when the other side of the box gets busier.
    """
    found: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            raw = stat.read_text()
        except OSError:  # the process ended meanwhile
            continue
        name = raw[raw.index("(") + 1 : raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2 :].split()
        # After "pid (comm)": state ppid pgrp session ... utime (12th) stime (13th).
        if (session_id is not None and int(fields[3]) == session_id) or name == command:
            found[int(stat.parent.name)] = int(fields[11]) + int(fields[12])
    return found


def cpu_seconds_between(before: dict[int, int], after: dict[int, int]) -> float:
    """CPU spent between two readings: processes that started meanwhile count in full; one
    that ended meanwhile (an autovacuum worker, say) is left out rather than subtracted."""
    return sum(ticks - before.get(pid, 0) for pid, ticks in after.items()) / _CLOCK_TICKS
