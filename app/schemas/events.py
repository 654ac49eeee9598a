"""The event feed and webhook endpoints."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Annotated, Any

from pydantic import ConfigDict, Field, StringConstraints

from app.core.event_types import ALL_EVENTS, EventType
from app.models import (
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEndpointStatus,
)
from app.schemas.common import RequestModel, ResponseModel, Timestamp, Url

# Where FastAPI puts the `EventType` enum (present because responses below use it).
EVENT_TYPE_REF = "#/components/schemas/EventType"
_ALL_EVENTS_SCHEMA = {"type": "string", "const": ALL_EVENTS, "description": "Every type"}


def _documented_as_event_type(schema: dict[str, Any]) -> None:
    schema.update(schema.pop("anyOf")[0])


def _documented_as_subscription(schema: dict[str, Any]) -> None:
    schema.clear()
    schema["anyOf"] = [{"$ref": EVENT_TYPE_REF}, _ALL_EVENTS_SCHEMA]


# Documented as the registry's enum (app/core/event_types.py). Read as any string, so a row
# whose type was since retired still reads; what is recorded is typed `EventType`.
EventTypeValue = Annotated[EventType | str, Field(json_schema_extra=_documented_as_event_type)]
# A subscription: an event type or `*`. Checked against the registry by the service, which
# answers 422 `unknown_event_type`; the pattern only bounds the input.
EventTypeName = Annotated[
    str,
    StringConstraints(min_length=1, max_length=64, pattern=r"^(\*|[a-z_]+\.[a-z_]+)$"),
    Field(json_schema_extra=_documented_as_subscription),
]
SubscribedType = Annotated[EventType | str, Field(json_schema_extra=_documented_as_subscription)]

_EVENT_EXAMPLE: dict[str, Any] = {
    "id": "01937b6e-4c1d-7a2b-8e3f-5a6b7c8d9e0f",
    "type": "proposal.accepted",
    "cursor": "WzczNjQsMTJd",
    "occurred_at": "2026-11-25T03:15:00Z",
    "subject_type": "proposal",
    "subject_id": "01937b6e-2f4a-7c3e-9a51-6a1d2b3c4d5e",
    "actor_user_id": "01937b6e-1111-7c3e-9a51-6a1d2b3c4d5e",
    "data": {"gig_id": "01937b6e-2222-7c3e-9a51-6a1d2b3c4d5e", "price_idr": 2500000},
}


class EventRead(ResponseModel):
    """An outbox event; webhook bodies carry exactly this JSON."""

    model_config = ConfigDict(json_schema_extra={"example": _EVENT_EXAMPLE})

    id: uuid.UUID = Field(description="Stable id; deduplicate on it (delivery is at-least-once)")
    type: EventTypeValue
    cursor: str = Field(description="Pass as `after` to continue the feed after this event")
    occurred_at: Timestamp
    subject_type: str
    subject_id: uuid.UUID
    actor_user_id: uuid.UUID | None
    data: dict[str, Any]


class EventFeed(ResponseModel):
    model_config = ConfigDict(
        json_schema_extra={"example": {"data": [_EVENT_EXAMPLE], "next_after": "WzczNjQsMTJd"}}
    )

    data: list[EventRead]
    next_after: str | None = Field(
        description="Pass as `after` on the next poll (repeat it when `data` is empty)"
    )


class WebhookEndpointCreate(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "url": "https://app.ejsc-hub.id/webhooks/pasar",
                "events": ["proposal.accepted", "contract.created"],
            }
        }
    )

    url: Url
    events: list[EventTypeName] = Field(
        min_length=1, max_length=50, description="Event types, or `*` for all"
    )


_ENDPOINT_EXAMPLE: dict[str, Any] = {
    "id": "01937b6e-3333-7c3e-9a51-6a1d2b3c4d5e",
    "url": "https://app.ejsc-hub.id/webhooks/pasar",
    "events": ["contract.created", "proposal.accepted"],
    "status": "enabled",
    "client_id": "pkapp_3f9a1c2b7d8e4f5a6b7c",
    "user_id": None,
    "consecutive_failures": 0,
    "disabled_reason": None,
    "created_at": "2026-11-25T03:00:00Z",
}


class WebhookEndpointRead(ResponseModel):
    model_config = ConfigDict(json_schema_extra={"example": _ENDPOINT_EXAMPLE})

    id: uuid.UUID
    url: str
    events: list[SubscribedType]
    status: WebhookEndpointStatus
    client_id: str | None = Field(description="The app that owns it (null: a user's own)")
    user_id: uuid.UUID | None = Field(description="Only this user's events (null: all users)")
    consecutive_failures: int
    disabled_reason: str | None
    created_at: Timestamp

    @classmethod
    def from_row(cls, endpoint: WebhookEndpoint, client_id: str | None) -> WebhookEndpointRead:
        return cls(
            id=endpoint.id,
            url=endpoint.url,
            events=endpoint.events,
            status=endpoint.status,
            client_id=client_id,
            user_id=endpoint.user_id,
            consecutive_failures=endpoint.consecutive_failures,
            disabled_reason=endpoint.disabled_reason,
            created_at=endpoint.created_at,
        )


class WebhookEndpointCreated(WebhookEndpointRead):
    model_config = ConfigDict(
        json_schema_extra={"example": {**_ENDPOINT_EXAMPLE, "signing_secret": "whsec_9Yk2..."}}
    )

    signing_secret: str = Field(description="Verifies `Pasar-Signature`; shown only here")

    @classmethod
    def with_secret(
        cls, endpoint: WebhookEndpoint, client_id: str | None, signing_secret: str
    ) -> WebhookEndpointCreated:
        read = WebhookEndpointRead.from_row(endpoint, client_id)
        return cls(**read.model_dump(), signing_secret=signing_secret)


class WebhookAttemptRead(ResponseModel):
    model_config = ConfigDict(from_attributes=True)

    attempted_at: Timestamp
    status_code: int | None
    error: str | None
    duration_ms: int


class WebhookDeliveryRead(ResponseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": "01937b6e-4444-7c3e-9a51-6a1d2b3c4d5e",
                "event_id": "01937b6e-4c1d-7a2b-8e3f-5a6b7c8d9e0f",
                "event_type": "proposal.accepted",
                "status": "succeeded",
                "attempt_count": 2,
                "next_attempt_at": None,
                "delivered_at": "2026-11-25T03:16:02Z",
                "attempts": [
                    {
                        "attempted_at": "2026-11-25T03:15:01Z",
                        "status_code": 503,
                        "error": "HTTP 503",
                        "duration_ms": 120,
                    },
                    {
                        "attempted_at": "2026-11-25T03:16:02Z",
                        "status_code": 200,
                        "error": None,
                        "duration_ms": 85,
                    },
                ],
            }
        }
    )

    id: uuid.UUID
    event_id: uuid.UUID
    event_type: EventTypeValue
    status: DeliveryStatus
    attempt_count: int
    next_attempt_at: Timestamp | None
    delivered_at: Timestamp | None
    attempts: list[WebhookAttemptRead]

    @classmethod
    def from_row(
        cls, delivery: WebhookDelivery, event_type: str, attempts: Sequence[WebhookAttempt]
    ) -> WebhookDeliveryRead:
        return cls(
            id=delivery.id,
            event_id=delivery.event_id,
            event_type=event_type,
            status=delivery.status,
            attempt_count=delivery.attempt_count,
            next_attempt_at=delivery.next_attempt_at,
            delivered_at=delivery.delivered_at,
            attempts=[WebhookAttemptRead.model_validate(a) for a in attempts],
        )
