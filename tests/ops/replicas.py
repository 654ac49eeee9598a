"""Two `pasar serve` processes on the test database: replicas as production runs them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx

from tests.conftest import ROOT


@dataclass
class Replica:
    url: str
    process: subprocess.Popen[bytes]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_up(replica: Replica, deadline_seconds: float = 120) -> None:
    give_up = time.monotonic() + deadline_seconds
    while time.monotonic() < give_up:
        if replica.process.poll() is not None:
            raise RuntimeError(f"replica at {replica.url} exited with {replica.process.returncode}")
        try:
            if httpx.get(f"{replica.url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)  # polling for start-up, not asserting on time
    raise RuntimeError(f"replica at {replica.url} did not start")


@contextmanager
def running_replicas(database_url: str, count: int = 2, **env: str) -> Iterator[list[Replica]]:
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "ENVIRONMENT": "test",
        "LOG_LEVEL": "WARNING",
        **env,
    }
    replicas = []
    try:
        for _ in range(count):
            port = _free_port()
            command = [sys.executable, "-m", "app", "serve", "--no-migrate", "--workers", "1"]
            process = subprocess.Popen(
                [*command, "--port", str(port)],
                cwd=ROOT,
                env={**environment, "HOST": "127.0.0.1"},
                stdout=subprocess.DEVNULL,
            )
            replicas.append(Replica(f"http://127.0.0.1:{port}", process))
        for replica in replicas:
            _wait_until_up(replica)
        yield replicas
    finally:
        for replica in replicas:
            replica.process.terminate()
        for replica in replicas:
            replica.process.wait(timeout=30)
