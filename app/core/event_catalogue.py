"""docs/events.md, the event catalogue, rendered from the one registry (app/core/event_types.py).

`pasar event-catalogue --output docs/events.md` (run by `make openapi`) writes it;
`make openapi-check` and tests/partners/test_event_catalogue.py fail when it is stale.
"""

from __future__ import annotations

from app.core.event_types import EVENT_TYPES
from app.core.scopes import SCOPES

_HEADER = """\
# Event catalogue

Generated from `app/core/event_types.py` by `pasar event-catalogue` (`make openapi`); do not
edit by hand.

Every change that matters to someone is recorded as an event in the same transaction as the
change. Partners read events from the feed (`GET /v1/events?after=...`) or receive them as
webhooks (`POST` to a registered endpoint, signed with `Pasar-Signature`); the OpenAPI document
has the envelope (`EventRead`: `id`, `type`, `cursor`, `occurred_at`, `subject_type`,
`subject_id`, `actor_user_id`, `data`) and one `webhooks` entry per type. Delivery is at least
once: deduplicate on `id`.

A partner token sees an event only when it holds one of the listed scopes (any one is
enough); "first-party only" events reach our own apps, never a partner.
"""


def _scopes(names: tuple[str, ...]) -> str:
    return ", ".join(f"`{name}`" for name in names) if names else "first-party only"


def render_event_catalogue() -> str:
    lines = [_HEADER, "| Type | What happened | Visible with scopes |", "| --- | --- | --- |"]
    for event_type, info in sorted(EVENT_TYPES.items(), key=lambda item: item[0].value):
        scopes = _scopes(tuple(scope.value for scope in info.scopes))
        lines.append(f"| `{event_type.value}` | {info.description} | {scopes} |")
    lines += ["", "## Scopes", "", "| Scope | Meaning |", "| --- | --- |"]
    for scope, about in SCOPES.items():
        lines.append(f"| `{scope.value}` | {about.en} |")
    return "\n".join(lines) + "\n"
