"""The OpenAPI `webhooks` section: one entry per event type, describing the POST a partner's
endpoint receives (app/services/partners/delivery.py). Documentation only: nothing is routed.

Built from the event type registry (app/core/event_types.py), so a new type is documented
the moment it is registered.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from app.core.event_types import EVENT_TYPES, EventType, EventTypeInfo
from app.services.partners.delivery import RETRY_WINDOW
from app.services.partners.webhooks import SIGNING_SECRET_PREFIX

router = APIRouter(tags=["webhooks"])

_UUID = {"type": "string", "format": "uuid"}
_SCHEMAS: dict[str, dict[str, str]] = {
    "Pasar-Event-Id": _UUID,
    "Pasar-Delivery-Id": _UUID,
    "Pasar-Delivery-Attempt": {"type": "string", "pattern": "^[1-9][0-9]*$"},
}
# Every header a delivery carries besides Content-Type: application/json (tests compare this
# with what a real delivery sends).
DELIVERY_HEADERS: dict[str, str] = {
    "Pasar-Signature": "`t=<unix seconds>,v1=<hex HMAC-SHA256>` of `<t>.<raw body>`, keyed with "
    f"the endpoint's signing secret (`{SIGNING_SECRET_PREFIX}...`). Recompute it over the raw "
    "bytes and compare in constant time; reject a `t` more than a few minutes old",
    "Pasar-Event-Id": "The event's `id` (also in the body): deduplicate on it, delivery is "
    "at-least-once",
    "Pasar-Event-Type": "The event's `type` (also in the body)",
    "Pasar-Delivery-Id": "This delivery (one event to one endpoint); the same on every retry",
    "Pasar-Delivery-Attempt": "1 on the first attempt, then 2, 3 ... on retries and redelivery",
}

_ACKNOWLEDGED = (
    "Any 2xx acknowledges the event. Anything else (a redirect is not followed), or no answer "
    f"within 10 seconds, is retried with exponential backoff for {RETRY_WINDOW.days} days; an "
    "endpoint that keeps failing is disabled (`webhook_endpoint.disabled`)."
)


def _audience(info: EventTypeInfo) -> str:
    """Who receives it, as `_recipients` in app/services/partners/delivery.py decides."""
    partner = (
        "first-party endpoints only"
        if not info.scopes
        else "and endpoints of a partner app the user granted "
        + " or ".join(f"`{s.value}`" for s in info.scopes)
    )
    return (
        "Sent to every enabled endpoint subscribed to this type (or `*`) whose owner may see "
        f"it: endpoints of a user in the event's audience, {partner}. A notice about an app "
        "(`subject_type` `partner_app`) goes to that app's own endpoints."
    )


def _operation(event_type: EventType, info: EventTypeInfo) -> dict[str, Any]:
    parameters = [
        {
            "name": name,
            "in": "header",
            "required": True,
            "description": description,
            "schema": {"type": "string", "const": event_type.value}
            if name == "Pasar-Event-Type"
            else _SCHEMAS.get(name, {"type": "string"}),
        }
        for name, description in DELIVERY_HEADERS.items()
    ]
    body_schema = {
        "allOf": [{"$ref": "#/components/schemas/EventRead"}],
        "properties": {"type": {"const": event_type.value}},
    }
    return {
        "parameters": parameters,
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": body_schema}},
        },
        "x-scopes": [s.value for s in info.scopes],
    }


async def _documented_only() -> None:
    """Never routed: the webhooks router is only read by the OpenAPI generator."""


for _type, _info in EVENT_TYPES.items():
    router.add_api_route(
        _type.value,
        _documented_only,
        methods=["POST"],
        name=f"event_{_type.name}",
        summary=_info.description,
        description=f"{_audience(_info)} The body is the event as the feed shows it.",
        status_code=200,
        response_class=Response,
        response_description=_ACKNOWLEDGED,
        openapi_extra=_operation(_type, _info),
    )
