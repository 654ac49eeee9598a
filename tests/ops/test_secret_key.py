"""SECRET_KEY outside production: generated once in DATA_DIR and the same in every process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from app.core.config import Environment, Settings

ROOT = Path(__file__).resolve().parents[2]
PRINT_KEY = "from app.core.config import get_settings; print(get_settings().secret_key)"


def test_processes_started_together_without_secret_key_share_one_key(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "SECRET_KEY_PREVIOUS")}
    env.update(ENVIRONMENT="development", DATA_DIR=str(tmp_path / "data"))
    # Started before any of them reads or writes the file: they race to create it.
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", PRINT_KEY],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    keys = set()
    for process in processes:
        out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
        keys.add(out.strip())
    assert len(keys) == 1 and len(keys.pop()) >= 32
    key_file = tmp_path / "data" / "secret_key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in key_file.parent.iterdir()] == ["secret_key"]  # no temporary left


def test_an_explicit_secret_key_wins_and_production_requires_one(tmp_path: Path) -> None:
    assert Settings(secret_key="kunci-eksplisit", data_dir=tmp_path).secret_key == "kunci-eksplisit"
    assert not (tmp_path / "secret_key").exists()
    with pytest.raises(ValidationError, match="SECRET_KEY must be set"):
        Settings(
            environment=Environment.production,
            database_url="postgresql+asyncpg://pasar@db/pasar",
            data_dir=tmp_path,
            stripe_api_key="sk_live_x",
            stripe_webhook_secret="whsec_x",
        )
    assert not (tmp_path / "secret_key").exists()  # production never falls back to a file
