"""docs/events.md is the registry rendered: committed, and never stale."""

from __future__ import annotations

from app.core.event_catalogue import render_event_catalogue
from app.core.event_types import EVENT_TYPES
from tests.conftest import ROOT


def test_the_committed_catalogue_matches_the_registry() -> None:
    committed = (ROOT / "docs" / "events.md").read_text(encoding="utf-8")
    assert committed == render_event_catalogue(), "run `make openapi` and commit docs/events.md"


def test_every_type_has_its_row() -> None:
    catalogue = render_event_catalogue()
    for event_type, info in EVENT_TYPES.items():
        assert f"| `{event_type.value}` | {info.description} |" in catalogue
