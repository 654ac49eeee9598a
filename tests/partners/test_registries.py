"""The event type and scope registries are the only lists, and everything reads them: the code
that records events, subscriptions, the feed, the consent page and the OpenAPI document."""

from __future__ import annotations

import ast
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from markupsafe import escape
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.event_types import EVENT_TYPES, EventType
from app.core.scopes import APP_TOKEN_SCOPES, SCOPES, Scope
from app.core.state_machine import StateMachine
from app.main import create_app
from app.routers.event_webhooks import DELIVERY_HEADERS
from app.services.events import record_event
from app.services.invitations import INVITATION_EVENTS, INVITATION_TRANSITIONS
from app.services.milestones import MILESTONE_EVENTS, MILESTONE_TRANSITIONS
from app.services.partners.delivery import deliver_due_webhooks, fan_out_events
from app.services.proposals import PROPOSAL_EVENTS, PROPOSAL_TRANSITIONS
from tests.factories import Creative
from tests.helpers import assert_problem
from tests.partners.kit import Pkce, Receiver, authorize_params, bearer, connect, register_app

APP = Path(__file__).resolve().parents[2] / "app"
# models/hub.py holds DelegationScope, the registry of what a hub facilitator may do for an
# owner: its names ("proposals:read" ...) read like partner scopes by design but are another
# list, checked against the endpoints by app/core/acting.py.
REGISTRIES = {
    APP / "core" / "event_types.py",
    APP / "core" / "scopes.py",
    APP / "models" / "hub.py",
}
ALL_TYPES = sorted(t.value for t in EventType)


def _modules() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(APP.rglob("*.py")):
        yield path, ast.parse(path.read_text(), filename=str(path))


def _called(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


# --- the event type registry ---------------------------------------------------------------


def test_every_event_type_has_a_one_line_description_and_registered_scopes() -> None:
    assert set(EVENT_TYPES) == set(EventType)
    for event_type, info in EVENT_TYPES.items():
        assert info.description.strip() and "\n" not in info.description, event_type
        assert len(info.description) <= 100, event_type
        assert set(info.scopes) <= set(Scope), event_type
        assert event_type.name == event_type.value.replace(".", "_")


def test_every_record_event_call_in_app_passes_a_registered_type() -> None:
    calls, problems = 0, []
    for path, module in _modules():
        for node in ast.walk(module):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "EventType"
                and node.attr not in EventType.__members__
            ):
                problems.append(f"{path}:{node.lineno}: EventType.{node.attr}")
            if not isinstance(node, ast.Call):
                continue
            keyword = {"record_event": "type", "record_milestone_event": "event_type"}.get(
                _called(node)
            )
            given = next((k.value for k in node.keywords if k.arg == keyword), None)
            if keyword is None or given is None:
                continue
            calls += 1
            # A string (literal, f-string or concatenation) would bypass the registry.
            if isinstance(given, ast.Constant | ast.JoinedStr | ast.BinOp):
                problems.append(f"{path}:{node.lineno}: {ast.unparse(given)}")
    assert calls >= 20  # the scan does find the call sites
    assert not problems, problems


@pytest.mark.parametrize(
    ("transitions", "events"),
    [
        (PROPOSAL_TRANSITIONS, PROPOSAL_EVENTS),
        (INVITATION_TRANSITIONS, INVITATION_EVENTS),
        (MILESTONE_TRANSITIONS, MILESTONE_EVENTS),
    ],
)
def test_every_status_a_transition_reaches_records_a_registered_event(
    transitions: StateMachine[Any], events: dict[Any, EventType]
) -> None:
    reachable = set().union(*transitions.transitions.values())
    assert reachable <= set(events), reachable - set(events)
    assert all(isinstance(e, EventType) for e in events.values())


async def test_a_user_may_subscribe_to_every_registered_type_and_to_nothing_else(
    client: httpx.AsyncClient, creative: Creative, private_targets: None
) -> None:
    url = "http://127.0.0.1:9/hook"
    response = await client.post(
        "/v1/webhook-endpoints", json={"url": url, "events": ALL_TYPES}, headers=creative.headers
    )
    assert response.status_code == 201, response.text
    assert response.json()["events"] == ALL_TYPES
    response = await client.post(
        "/v1/webhook-endpoints",
        json={"url": url, "events": ["gig.published", "gig.unpublished"]},
        headers=creative.headers,
    )
    assert_problem(response, 422, "unknown_event_type")


async def _one_of_each(session: AsyncSession, user_id: uuid.UUID) -> None:
    for event_type in EventType:
        await record_event(
            session,
            type=event_type,
            subject_type=event_type.value.split(".")[0],
            subject_id=uuid.uuid4(),
            actor_user_id=None,
            audience=[user_id],
            payload={},
        )


@pytest.mark.parametrize("scope", list(Scope))
async def test_a_partner_sees_exactly_the_types_the_registry_gives_its_scope(
    client: httpx.AsyncClient, session: AsyncSession, creative: Creative, scope: Scope
) -> None:
    partner = await register_app(session, scopes=tuple(Scope))
    await _one_of_each(session, creative.user_id)
    expected = sorted(t.value for t, info in EVENT_TYPES.items() if scope in info.scopes)
    # Through a user token with only this scope, and through the app's own token, which sees
    # the user's events per the grant.
    user_token = await connect(client, partner, creative.actor, scope=scope.value)
    app_token = await client.post(
        "/v1/auth/token", data={"grant_type": "client_credentials"}, auth=partner.basic_auth
    )
    for token in (user_token["access_token"], app_token.json()["access_token"]):
        feed = await client.get("/v1/events", params={"limit": 100}, headers=bearer(token))
        assert sorted(e["type"] for e in feed.json()["data"]) == expected


# --- the OpenAPI document ------------------------------------------------------------------


def test_the_openapi_document_lists_every_event_type_under_webhooks() -> None:
    spec = create_app().openapi()
    assert spec["components"]["schemas"]["EventType"]["enum"] == [t.value for t in EventType]
    assert set(spec["webhooks"]) == set(ALL_TYPES)
    for event_type, info in EVENT_TYPES.items():
        operation = spec["webhooks"][event_type.value]["post"]
        assert operation["summary"] == info.description
        assert operation["x-scopes"] == [s.value for s in info.scopes]
        assert [p["name"] for p in operation["parameters"]] == list(DELIVERY_HEADERS)
        body = operation["requestBody"]["content"]["application/json"]["schema"]
        assert body["allOf"] == [{"$ref": "#/components/schemas/EventRead"}]
        assert body["properties"]["type"]["const"] == event_type.value


async def test_the_documented_delivery_headers_are_the_ones_sent(
    client: httpx.AsyncClient, session: AsyncSession, creative: Creative, receiver: Receiver
) -> None:
    response = await client.post(
        "/v1/webhook-endpoints",
        json={"url": receiver.url, "events": ["payout.paid"]},
        headers=creative.headers,
    )
    assert response.status_code == 201, response.text
    await record_event(
        session,
        type=EventType.payout_paid,
        subject_type="payout",
        subject_id=uuid.uuid4(),
        actor_user_id=None,
        audience=[creative.user_id],
        payload={"amount_idr": 1_500_000},
    )
    await fan_out_events(session)
    assert await deliver_due_webhooks(session) == 1
    [received] = receiver.requests
    sent = {name for name in received.headers if name.startswith("pasar-")}
    assert sent == {name.lower() for name in DELIVERY_HEADERS}
    assert received.headers["pasar-event-type"] == "payout.paid"
    assert json.loads(received.body)["type"] == "payout.paid"


def test_the_oauth_flows_list_the_registry_scopes_and_app_tokens_only_theirs() -> None:
    flows = create_app().openapi()["components"]["securitySchemes"]["OAuth2"]["flows"]
    for flow in ("password", "authorizationCode"):
        assert list(flows[flow]["scopes"]) == [s.value for s in Scope]
    assert set(flows["clientCredentials"]["scopes"]) == APP_TOKEN_SCOPES
    for name, description in flows["authorizationCode"]["scopes"].items():
        assert SCOPES[Scope(name)].en in description


# --- the scope registry --------------------------------------------------------------------


def test_every_scope_has_consent_words_in_indonesian_and_english() -> None:
    assert set(SCOPES) == set(Scope)
    for lang in ("id", "en"):
        words = [getattr(info, lang).strip() for info in SCOPES.values()]
        assert all(words) and len(set(words)) == len(words), lang
    assert {"gigs:read", "webhooks:manage"} == APP_TOKEN_SCOPES


@pytest.mark.parametrize("lang", ["id", "en"])
async def test_the_consent_page_shows_every_scope_in_the_chosen_language(
    client: httpx.AsyncClient, session: AsyncSession, lang: str
) -> None:
    partner = await register_app(session, scopes=tuple(Scope))
    params = authorize_params(partner, Pkce(), scope=" ".join(Scope)) | {"lang": lang}
    page = (await client.get("/oauth/authorize", params=params)).text
    for info in SCOPES.values():
        assert str(escape(getattr(info, lang))) in page  # as Jinja escapes it


def test_scope_and_event_type_names_are_written_only_in_their_registries() -> None:
    names = {t.value for t in EventType} | {s.value for s in Scope}
    found = [
        f"{path.relative_to(APP)}:{node.lineno}: {node.value}"
        for path, module in _modules()
        # Schemas may show them in examples.
        if path not in REGISTRIES and "schemas" not in path.parts
        for node in ast.walk(module)
        if isinstance(node, ast.Constant) and node.value in names
    ]
    assert not found, found
