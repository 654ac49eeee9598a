"""The multiprocess metric files of prometheus-client: one set per process, kept in a
directory every process of a host shares. Kept apart from app/core/metrics.py because
prometheus-client must not be imported before PROMETHEUS_MULTIPROC_DIR is set."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

_PID_FILE = re.compile(r"^(?P<kind>[a-z_]+)_(?P<pid>\d+)\.db$")


def _files_by_pid(directory: Path) -> Iterable[tuple[Path, str, int]]:
    for path in directory.glob("*.db"):
        match = _PID_FILE.match(path.name)
        if match:
            yield path, match["kind"], int(match["pid"])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def forget_dead_processes(directory: Path) -> None:
    """Drop the live-gauge files of processes that are gone (a killed uvicorn worker's pool
    would otherwise count as in use forever); their counters stay, so sums never go back."""
    for path, kind, pid in _files_by_pid(directory):
        if kind.startswith("gauge_live") and not _alive(pid):
            path.unlink(missing_ok=True)


def prepare_multiprocess_dir(directory: Path) -> None:
    """Create the directory and remove every file of a process no longer running.

    Several commands (`pasar serve`, `pasar worker`) may share it, so a starting one only
    removes what dead processes left, never the files of its running siblings.
    """
    directory.mkdir(parents=True, exist_ok=True)
    for path, _, pid in _files_by_pid(directory):
        if not _alive(pid):
            path.unlink(missing_ok=True)
