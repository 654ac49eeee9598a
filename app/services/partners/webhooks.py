"""Webhook endpoints: registering, listing and removing them, their deliveries and
redelivery. Endpoints belong to whoever registered them: an app (for all its connected
users), an app acting for one user, or a user directly."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.encryption import decrypt_secret, encrypt_secret, reencrypt_secret
from app.core.errors import Conflict, InsufficientScope, NotFound, Unprocessable
from app.core.event_types import ALL_EVENTS, event_scopes, is_event_type
from app.core.pagination import Page, PageParams, apply_keyset, paginate, paginate_rows
from app.core.principal import FULL_ACCESS, Caller
from app.models import (
    DeliveryStatus,
    Event,
    PartnerApp,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEndpointStatus,
)
from app.schemas.events import WebhookDeliveryRead, WebhookEndpointCreated, WebhookEndpointRead
from app.services.partners.states import DELIVERY_TRANSITIONS, WEBHOOK_ENDPOINT_TRANSITIONS
from app.services.partners.targets import check_webhook_url

SIGNING_SECRET_PREFIX = "whsec_"
MAX_ENDPOINTS_PER_OWNER = 10


class WebhookEndpointNotFound(NotFound):
    code, title = "webhook_endpoint_not_found", "No such webhook endpoint"


class WebhookDeliveryNotFound(NotFound):
    code, title = "webhook_delivery_not_found", "No such delivery for this endpoint"


class TooManyWebhookEndpoints(Conflict):
    code, title = "webhook_endpoint_limit", "This owner already has the maximum of endpoints"


class WebhookEndpointDisabled(Conflict):
    code, title = "webhook_endpoint_disabled", "The endpoint is disabled; enable it first"


class UnknownEventType(Unprocessable):
    code, title = "unknown_event_type", "An event type is not one the API emits"


def signing_secret(endpoint: WebhookEndpoint) -> str:
    """The endpoint's secret, decrypted: the same in every process that shares SECRET_KEY."""
    return decrypt_secret(endpoint.signing_secret_encrypted)


def _new_signing_secret() -> str:
    return SIGNING_SECRET_PREFIX + secrets.token_urlsafe(32)


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    """`Pasar-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">` (Stripe's scheme)."""
    signed = str(timestamp).encode() + b"." + body
    return f"t={timestamp},v1={hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()}"


async def _owner(
    session: AsyncSession, caller: Caller
) -> tuple[uuid.UUID | None, uuid.UUID | None]:
    user_id = caller.user.id if caller.user else None
    if caller.client_id is None:
        return None, user_id
    app_id = await session.scalar(
        select(PartnerApp.id).where(PartnerApp.client_id == caller.client_id)
    )
    return app_id, user_id


def _owned_by(app_id: uuid.UUID | None, user_id: uuid.UUID | None) -> ColumnElement[bool]:
    return and_(
        WebhookEndpoint.app_id.is_(None) if app_id is None else WebhookEndpoint.app_id == app_id,
        WebhookEndpoint.user_id.is_(None)
        if user_id is None
        else WebhookEndpoint.user_id == user_id,
    )


async def _callers_scopes(session: AsyncSession, caller: Caller) -> set[str]:
    if caller.user is not None or caller.client_id is None:
        return set(caller.scopes)
    # An app token subscribes on behalf of all its users: what the app may ever be granted.
    allowed = await session.scalar(
        select(PartnerApp.allowed_scopes).where(PartnerApp.client_id == caller.client_id)
    )
    return set(allowed or ())


async def create_endpoint(
    session: AsyncSession, caller: Caller, *, url: str, events: Sequence[str]
) -> WebhookEndpointCreated:
    """Register a URL for some event types; the signing secret is returned once."""
    unknown = sorted(t for t in set(events) if t != ALL_EVENTS and not is_event_type(t))
    if unknown:
        raise UnknownEventType(f"Unknown event type(s): {', '.join(unknown)}", unknown=unknown)
    scopes = await _callers_scopes(session, caller)
    if FULL_ACCESS not in scopes:
        unreadable = [t for t in events if t != ALL_EVENTS and not set(event_scopes(t)) & scopes]
        if unreadable:
            raise InsufficientScope(f"No scope lets this token see: {', '.join(unreadable)}")
    await check_webhook_url(url)
    app_id, user_id = await _owner(session, caller)
    count = await session.scalar(
        select(func.count()).select_from(WebhookEndpoint).where(_owned_by(app_id, user_id))
    )
    if (count or 0) >= MAX_ENDPOINTS_PER_OWNER:
        raise TooManyWebhookEndpoints()
    secret = _new_signing_secret()
    endpoint = WebhookEndpoint(
        app_id=app_id,
        user_id=user_id,
        url=url,
        events=sorted(set(events)),
        signing_secret_encrypted=encrypt_secret(secret),
        status=WebhookEndpointStatus.enabled,
        consecutive_failures=0,
    )
    session.add(endpoint)
    await session.flush()
    return WebhookEndpointCreated.with_secret(endpoint, caller.client_id, secret)


async def list_endpoints(
    session: AsyncSession, caller: Caller, page: PageParams
) -> Page[WebhookEndpointRead]:
    app_id, user_id = await _owner(session, caller)
    columns: list[ColumnElement[Any]] = [
        WebhookEndpoint.created_at.expression,
        WebhookEndpoint.id.expression,
    ]
    stmt = select(WebhookEndpoint).where(_owned_by(app_id, user_id))
    endpoints = (await session.scalars(apply_keyset(stmt, columns, page, descending=False))).all()
    return paginate(
        endpoints,
        page.limit,
        key=lambda e: (e.created_at, str(e.id)),
        read=lambda e: WebhookEndpointRead.from_row(e, caller.client_id),
    )


async def get_endpoint(
    session: AsyncSession, caller: Caller, endpoint_id: uuid.UUID, *, for_update: bool = False
) -> WebhookEndpoint:
    """The caller's own endpoint; anyone else's is reported as not found."""
    app_id, user_id = await _owner(session, caller)
    stmt = select(WebhookEndpoint).where(
        WebhookEndpoint.id == endpoint_id, _owned_by(app_id, user_id)
    )
    endpoint = await session.scalar(stmt.with_for_update() if for_update else stmt)
    if endpoint is None:
        raise WebhookEndpointNotFound()
    return endpoint


async def delete_endpoint(session: AsyncSession, caller: Caller, endpoint_id: uuid.UUID) -> None:
    endpoint = await get_endpoint(session, caller, endpoint_id, for_update=True)
    await session.delete(endpoint)
    await session.flush()


async def enable_endpoint(
    session: AsyncSession, caller: Caller, endpoint_id: uuid.UUID
) -> WebhookEndpointRead:
    """Re-enable an endpoint that was disabled after sustained failure; deliveries still
    pending are due at once. Events from while it was disabled were not queued for it (the
    feed has them)."""
    endpoint = await get_endpoint(session, caller, endpoint_id, for_update=True)
    await check_webhook_url(endpoint.url)
    WEBHOOK_ENDPOINT_TRANSITIONS.ensure(
        endpoint.status, WebhookEndpointStatus.enabled, action="enable"
    )
    endpoint.status = WebhookEndpointStatus.enabled
    endpoint.consecutive_failures, endpoint.failing_since = 0, None
    endpoint.disabled_at, endpoint.disabled_reason = None, None
    await session.execute(
        update(WebhookDelivery)
        .where(
            WebhookDelivery.endpoint_id == endpoint.id,
            WebhookDelivery.status == DeliveryStatus.pending,
        )
        .values(next_attempt_at=datetime.now(UTC))
    )
    await session.flush()
    return WebhookEndpointRead.from_row(endpoint, caller.client_id)


async def list_deliveries(
    session: AsyncSession, caller: Caller, endpoint_id: uuid.UUID, page: PageParams
) -> Page[WebhookDeliveryRead]:
    """Newest deliveries first, each with every attempt made."""
    await get_endpoint(session, caller, endpoint_id)
    stmt = (
        select(WebhookDelivery, Event.type)
        .join(Event, Event.id == WebhookDelivery.event_id)
        .where(WebhookDelivery.endpoint_id == endpoint_id)
    )
    stmt = apply_keyset(
        stmt, [WebhookDelivery.created_at.expression, WebhookDelivery.id.expression], page
    )
    rows, next_cursor = paginate_rows(
        (await session.execute(stmt)).all(),
        page.limit,
        key=lambda row: (row[0].created_at, row[0].id),
    )
    data = await _with_attempts(session, [(delivery, type_) for delivery, type_ in rows])
    return Page(data=data, next_cursor=next_cursor)


async def _with_attempts(
    session: AsyncSession, rows: Sequence[tuple[WebhookDelivery, str]]
) -> list[WebhookDeliveryRead]:
    attempts: dict[uuid.UUID, list[WebhookAttempt]] = {delivery.id: [] for delivery, _ in rows}
    if attempts:
        for attempt in await session.scalars(
            select(WebhookAttempt)
            .where(WebhookAttempt.delivery_id.in_(attempts))
            .order_by(WebhookAttempt.attempted_at)
        ):
            attempts[attempt.delivery_id].append(attempt)
    return [WebhookDeliveryRead.from_row(d, t, attempts[d.id]) for d, t in rows]


async def redeliver(
    session: AsyncSession, caller: Caller, endpoint_id: uuid.UUID, delivery_id: uuid.UUID
) -> WebhookDeliveryRead:
    """Queue a delivery again now, whatever its outcome so far."""
    endpoint = await get_endpoint(session, caller, endpoint_id)
    if endpoint.status is not WebhookEndpointStatus.enabled:
        raise WebhookEndpointDisabled()
    row = (
        await session.execute(
            select(WebhookDelivery, Event.type)
            .join(Event, Event.id == WebhookDelivery.event_id)
            .where(WebhookDelivery.id == delivery_id, WebhookDelivery.endpoint_id == endpoint_id)
            .with_for_update(of=WebhookDelivery)
        )
    ).first()
    if row is None:
        raise WebhookDeliveryNotFound()
    delivery, event_type = row
    DELIVERY_TRANSITIONS.ensure(delivery.status, DeliveryStatus.pending, action="redeliver")
    delivery.status = DeliveryStatus.pending
    delivery.next_attempt_at = datetime.now(UTC)
    await session.flush()
    return (await _with_attempts(session, [(delivery, event_type)]))[0]


async def reencrypt_signing_secrets(session: AsyncSession) -> int:
    """After a SECRET_KEY rotation: store every signing secret under the current key."""
    endpoints = (await session.scalars(select(WebhookEndpoint).with_for_update())).all()
    for endpoint in endpoints:
        endpoint.signing_secret_encrypted = reencrypt_secret(endpoint.signing_secret_encrypted)
    await session.flush()
    return len(endpoints)
