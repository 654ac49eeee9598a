"""The app and its engine refuse to start on a SQLAlchemy outside the range whose internals
app/core/pool.py was tested on."""

from __future__ import annotations

import pytest
import sqlalchemy

from app.core import db
from app.core.pool import UntestedSQLAlchemy, require_tested_sqlalchemy
from app.main import create_app


@pytest.mark.parametrize("version", ["2.0.30", "2.0.36", "2.0.99"])
def test_tested_versions_start(version: str) -> None:
    require_tested_sqlalchemy(version)


def test_the_installed_version_is_tested() -> None:
    require_tested_sqlalchemy()


@pytest.mark.parametrize("version", ["2.0.29", "2.1.0", "2.1.0b1", "2.0.40rc1", "3.0.0", "1.4.54"])
def test_untested_versions_fail_loudly(version: str) -> None:
    with pytest.raises(UntestedSQLAlchemy, match=rf"SQLAlchemy {version} is outside"):
        require_tested_sqlalchemy(version)


def test_app_creation_fails_on_an_untested_sqlalchemy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlalchemy, "__version__", "2.1.0")
    with pytest.raises(UntestedSQLAlchemy):
        create_app()


def test_engine_creation_fails_on_an_untested_sqlalchemy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlalchemy, "__version__", "2.1.0")
    monkeypatch.setattr(db, "_engine", None)
    with pytest.raises(UntestedSQLAlchemy):
        db.get_engine()
