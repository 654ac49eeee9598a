"""A production-shaped cluster on one machine, loopback only: the embedded PostgreSQL 18 in its
own data directory, `pasar migrate` as a release step, N `pasar serve` processes behind
HAProxy (health-checked on /readyz), and M `pasar worker` processes. Used by bench/cluster/run.py
and bench/fault_injection.py; everything is stopped again on exit.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results" / "cluster"
DATABASE = "pasar_cluster"
# One secret for every process, as a deployment sets it (webhook signatures must verify
# whichever process signed them).
SECRET_KEY = "cluster-bench-secret-key-not-for-production-0123456789"

HAPROXY_CONFIG = """\
global
    maxconn 4096
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    # A health check answered late under load is not a dead server: with the default (the
    # check interval, 500 ms) a CPU-starved moment marked every server down at once, and
    # HAProxy answered 503 "no server available" (bench/cluster/README.md).
    timeout check 3s
    # A request that found a dead server (kill -9) is sent to another one; money POSTs carry
    # an Idempotency-Key, so a retried one is replayed, never applied twice.
    retries 3
    retry-on conn-failure empty-response
    option redispatch
    option forwardfor
frontend api
    bind 127.0.0.1:{port}
    default_backend pasar
backend pasar
    balance roundrobin
    option httpchk GET /readyz
    http-check expect status 200
    default-server inter 1s fall 3 rise 1
{servers}
"""


@dataclass
class Process:
    name: str
    command: list[str]
    log: Path
    popen: subprocess.Popen[bytes] | None = None

    def start(self, env: dict[str, str]) -> None:
        handle = self.log.open("ab")
        self.popen = subprocess.Popen(
            self.command, env=env, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT
        )

    @property
    def pid(self) -> int:
        assert self.popen is not None
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def kill9(self) -> None:
        if self.alive():
            os.kill(self.pid, signal.SIGKILL)
            assert self.popen is not None
            self.popen.wait()

    def stop(self) -> None:
        if self.alive():
            assert self.popen is not None
            self.popen.terminate()
            try:
                self.popen.wait(timeout=25)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()


@dataclass
class Cluster:
    api_count: int = 3
    worker_count: int = 2
    base_port: int = 18080
    data_dir: Path = ROOT / ".data" / "cluster"
    apis: list[Process] = field(default_factory=list)
    workers: list[Process] = field(default_factory=list)
    haproxy: Process | None = None
    database_url: str = ""
    libpq_url: str = ""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.base_port}"

    def api_url(self, index: int) -> str:
        return f"http://127.0.0.1:{self.base_port + 1 + index}"

    # -- PostgreSQL ---------------------------------------------------------------------

    def start_database(self, *, fresh: bool = True) -> None:
        from app.devdb import drop_database, ensure_database, start_embedded_postgres

        handle = start_embedded_postgres(self.data_dir, stop_on_exit=False)
        if fresh:
            drop_database(handle, DATABASE)
        self.database_url = ensure_database(handle, DATABASE)
        self.libpq_url = handle.libpq_url(DATABASE)
        self.pgdata = handle.pgdata

    def crash_database(self) -> None:
        """SIGKILL the postmaster and every backend: what a power cut or OOM kill leaves."""
        pid = int((self.pgdata / "postmaster.pid").read_text().split()[0])
        children = subprocess.run(
            ["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False
        ).stdout.split()
        for victim in [pid, *map(int, children)]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(victim, signal.SIGKILL)
        for _ in range(100):
            if not any(_exists(int(p)) for p in [pid, *children]):
                return
            time.sleep(0.05)

    def restart_database(self) -> None:
        """Start it again in a fresh interpreter (crash recovery replays the WAL)."""
        script = (
            "from pathlib import Path; from app.devdb import start_embedded_postgres; "
            f"start_embedded_postgres(Path({str(self.data_dir)!r}), stop_on_exit=False)"
        )
        subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True)

    def stop_database(self) -> None:
        from app.devdb import stop_embedded_postgres

        stop_embedded_postgres(self.data_dir)

    # -- the application ----------------------------------------------------------------

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "DATA_DIR": str(self.data_dir),
            "SECRET_KEY": SECRET_KEY,
            "HOST": "127.0.0.1",
            "WEB_CONCURRENCY": "1",
            "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
            "WEBHOOK_ALLOW_PRIVATE_TARGETS": "true",
            "SEARCH_CACHE_SECONDS": "0",
            "FORWARDED_ALLOW_IPS": "127.0.0.1",
        }

    def migrate(self) -> None:
        subprocess.run([_pasar(), "migrate"], env=self.env(), cwd=ROOT, check=True)

    def start(self) -> None:
        RESULTS.mkdir(parents=True, exist_ok=True)
        self.start_database()
        self.migrate()
        for index in range(self.api_count):
            port = self.base_port + 1 + index
            api = Process(
                f"api{index + 1}",
                [_pasar(), "serve", "--no-migrate", "--port", str(port), "--workers", "1"],
                RESULTS / f"api{index + 1}.log",
            )
            api.start(self.env())
            self.apis.append(api)
        for index in range(self.worker_count):
            worker = Process(
                f"worker{index + 1}", [_pasar(), "worker"], RESULTS / f"worker{index + 1}.log"
            )
            worker.start(self.env())
            self.workers.append(worker)
        self._start_haproxy()
        self.wait_ready()

    def _start_haproxy(self) -> None:
        binary = shutil.which("haproxy")
        if binary is None:
            raise SystemExit("haproxy is missing: apt-get update && apt-get install -y haproxy")
        servers = "\n".join(
            f"    server {api.name} 127.0.0.1:{self.base_port + 1 + i} check"
            for i, api in enumerate(self.apis)
        )
        config = RESULTS / "haproxy.cfg"
        config.write_text(HAPROXY_CONFIG.format(port=self.base_port, servers=servers))
        self.haproxy = Process(
            "haproxy", [binary, "-db", "-f", str(config)], RESULTS / "haproxy.log"
        )
        self.haproxy.start(self.env())

    def wait_ready(self, timeout: float = 90) -> float:
        """Seconds until every API answers /readyz and HAProxy routes to them."""
        started = time.monotonic()
        urls = [self.api_url(i) for i in range(len(self.apis))] + [self.url]
        while time.monotonic() - started < timeout:
            if all(_ready(url) for url in urls):
                return time.monotonic() - started
            time.sleep(0.2)
        raise SystemExit(f"cluster not ready after {timeout} s; see {RESULTS}/*.log")

    def restart_api(self, index: int) -> None:
        api = self.apis[index]
        api.kill9()
        api.start(self.env())

    def restart_worker(self, index: int) -> None:
        worker = self.workers[index]
        worker.kill9()
        worker.start(self.env())

    def pause_workers(self, paused: bool) -> None:
        for worker in self.workers:
            if worker.alive():
                os.kill(worker.pid, signal.SIGSTOP if paused else signal.SIGCONT)

    def stop(self) -> None:
        self.pause_workers(False)
        for process in [*self.apis, *self.workers, *([self.haproxy] if self.haproxy else [])]:
            process.stop()
        self.stop_database()


@contextlib.contextmanager
def running_cluster(cluster: Cluster) -> Iterator[Cluster]:
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()


def scrape(url: str) -> dict[str, float]:
    """The unlabelled samples of one /metrics answer plus labelled sums by metric name."""
    from prometheus_client.parser import text_string_to_metric_families

    text = httpx.get(f"{url}/metrics", timeout=10).text
    values: dict[str, float] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            values[sample.name] = values.get(sample.name, 0.0) + sample.value
    return values


def _ready(url: str) -> bool:
    try:
        return httpx.get(f"{url}/readyz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _pasar() -> str:
    return str(Path(sys.executable).parent / "pasar")
