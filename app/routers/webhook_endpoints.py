"""Webhook endpoints: where events are pushed, signed, with every attempt recorded."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Security, status

from app.core.auth import get_caller
from app.core.db import SessionDep
from app.core.errors import InsufficientScope, InvalidCursor, InvalidToken, RateLimited
from app.core.idempotency import Idempotency, IdempotencyKeyInProgress, IdempotencyKeyReused
from app.core.pagination import Page, PageParamsDep
from app.core.principal import Caller
from app.core.problems import problem_responses
from app.core.scopes import Scope
from app.schemas.events import (
    WebhookDeliveryRead,
    WebhookEndpointCreate,
    WebhookEndpointCreated,
    WebhookEndpointRead,
)
from app.services.partners import webhooks
from app.services.partners.targets import UnsafeWebhookUrl
from app.services.partners.webhooks import (
    TooManyWebhookEndpoints,
    UnknownEventType,
    WebhookDeliveryNotFound,
    WebhookEndpointDisabled,
    WebhookEndpointNotFound,
)

router = APIRouter(tags=["webhooks"])

WebhookManager = Annotated[Caller, Security(get_caller, scopes=[Scope.webhooks_manage])]
_AUTH_ERRORS = (InvalidToken, InsufficientScope, RateLimited)


@router.post(
    "/v1/webhook-endpoints",
    status_code=status.HTTP_201_CREATED,
    summary="Register a webhook endpoint",
    responses=problem_responses(
        *_AUTH_ERRORS,
        UnknownEventType,
        UnsafeWebhookUrl,
        TooManyWebhookEndpoints,
        IdempotencyKeyReused,
        IdempotencyKeyInProgress,
    ),
)
async def create_webhook_endpoint(
    body: WebhookEndpointCreate,
    caller: WebhookManager,
    session: SessionDep,
    idempotency: Idempotency,
) -> WebhookEndpointCreated:
    """Events are POSTed as JSON signed with `Pasar-Signature`; the secret is shown only here.
    An app token's endpoint receives events of every user who connected the app."""
    created = await webhooks.create_endpoint(session, caller, url=body.url, events=body.events)
    return await idempotency.complete(created, status_code=status.HTTP_201_CREATED, secret=True)


@router.get(
    "/v1/webhook-endpoints",
    summary="List webhook endpoints",
    responses=problem_responses(*_AUTH_ERRORS),
)
async def list_webhook_endpoints(
    caller: WebhookManager, session: SessionDep, page: PageParamsDep
) -> Page[WebhookEndpointRead]:
    """The caller's endpoints, oldest first."""
    return await webhooks.list_endpoints(session, caller, page)


@router.delete(
    "/v1/webhook-endpoints/{endpoint_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a webhook endpoint",
    responses=problem_responses(*_AUTH_ERRORS, WebhookEndpointNotFound),
)
async def delete_webhook_endpoint(
    endpoint_id: uuid.UUID, caller: WebhookManager, session: SessionDep
) -> None:
    """Stops deliveries at once; pending ones are dropped."""
    await webhooks.delete_endpoint(session, caller, endpoint_id)


@router.post(
    "/v1/webhook-endpoints/{endpoint_id}/enable",
    summary="Re-enable a disabled webhook endpoint",
    responses=problem_responses(*_AUTH_ERRORS, WebhookEndpointNotFound, UnsafeWebhookUrl),
)
async def enable_webhook_endpoint(
    endpoint_id: uuid.UUID, caller: WebhookManager, session: SessionDep
) -> WebhookEndpointRead:
    """After a disable for sustained failure: deliveries still within 3 days resume."""
    return await webhooks.enable_endpoint(session, caller, endpoint_id)


@router.get(
    "/v1/webhook-endpoints/{endpoint_id}/deliveries",
    summary="List deliveries to an endpoint",
    responses=problem_responses(*_AUTH_ERRORS, WebhookEndpointNotFound, InvalidCursor),
)
async def list_webhook_deliveries(
    endpoint_id: uuid.UUID, caller: WebhookManager, session: SessionDep, page: PageParamsDep
) -> Page[WebhookDeliveryRead]:
    """Newest first, each with every attempt: time, HTTP status or error, duration."""
    return await webhooks.list_deliveries(session, caller, endpoint_id, page)


@router.post(
    "/v1/webhook-endpoints/{endpoint_id}/deliveries/{delivery_id}/redeliver",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Redeliver an event",
    responses=problem_responses(
        *_AUTH_ERRORS, WebhookEndpointNotFound, WebhookDeliveryNotFound, WebhookEndpointDisabled
    ),
)
async def redeliver_webhook(
    endpoint_id: uuid.UUID, delivery_id: uuid.UUID, caller: WebhookManager, session: SessionDep
) -> WebhookDeliveryRead:
    """Queues the delivery again now (the worker sends it within about a second)."""
    return await webhooks.redeliver(session, caller, endpoint_id, delivery_id)
