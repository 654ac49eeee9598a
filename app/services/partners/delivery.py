"""Webhook delivery, run by the worker: fan events out to endpoints, then deliver them.

At-least-once: a delivery is claimed with a lease (committed), sent outside any
transaction, and its outcome recorded in a third step; a worker that dies mid-way leaves
the lease to expire and the delivery is sent again. Partners deduplicate on the event id.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import Select, and_, func, literal, or_, select, tuple_
from sqlalchemy.dialects.postgresql import array, insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.core import backoff, metrics
from app.core.event_types import ALL_EVENTS, EventType
from app.core.json import dumps
from app.models import (
    DeliveryStatus,
    Event,
    PartnerGrant,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEndpointStatus,
    WebhookFanoutPosition,
)
from app.services.events import record_event
from app.services.partners.feed import event_document, grant_admits_type, settled
from app.services.partners.states import DELIVERY_TRANSITIONS, WEBHOOK_ENDPOINT_TRANSITIONS
from app.services.partners.targets import webhook_client
from app.services.partners.webhooks import signature_header, signing_secret

logger = logging.getLogger("app.webhooks")

FANOUT_BATCH = 500
DELIVERY_BATCH = 100
CONCURRENT_SENDS = 10
LEASE = timedelta(seconds=60)
RETRY_WINDOW = timedelta(days=3)
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=12)
# An endpoint is disabled once it has failed without a single success for this long (and
# at least this many times): by then its oldest deliveries are being given up on.
DISABLE_AFTER = timedelta(days=3)
DISABLE_AFTER_FAILURES = 10


def retry_delay(attempts_made: int) -> timedelta:
    """Exponential backoff with jitter: ~30 s, 1 min, 2 min ... capped at 12 h."""
    return backoff.retry_delay(attempts_made, base=FIRST_RETRY, cap=LONGEST_RETRY, jitter=True)


async def fan_out_events(session: AsyncSession) -> int:
    """Create a delivery for every enabled endpoint that should receive each new event."""
    await session.execute(
        insert(WebhookFanoutPosition)
        .values(id=1, tx_id=0, cursor=0)
        .on_conflict_do_nothing(index_elements=["id"])
    )
    position = await session.scalar(
        select(WebhookFanoutPosition)
        .where(WebhookFanoutPosition.id == 1)
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    )
    if position is None:  # another worker is fanning out
        return 0
    batch = (
        await session.execute(
            select(Event.id, Event.tx_id, Event.cursor)
            .where(
                settled(),
                tuple_(Event.tx_id, Event.cursor)
                > tuple_(literal(position.tx_id), literal(position.cursor)),
            )
            .order_by(Event.tx_id, Event.cursor)
            .limit(FANOUT_BATCH)
        )
    ).all()
    if not batch:
        return 0
    # One statement for the whole batch: every (event, endpoint) pair that should be sent.
    pairs = _recipients([row.id for row in batch])
    await session.execute(
        insert(WebhookDelivery)
        .from_select(
            ["id", "endpoint_id", "event_id", "status", "attempt_count", "next_attempt_at"],
            pairs,
        )
        .on_conflict_do_nothing(constraint="uq_webhook_deliveries_endpoint_event")
    )
    position.tx_id, position.cursor = batch[-1].tx_id, batch[-1].cursor
    await session.flush()
    return len(batch)


def _recipients(event_ids: list[uuid.UUID]) -> Select[Any]:
    """Rows for new deliveries: each event with every enabled endpoint subscribed to its type
    whose owner may see it (the user themself, an app the user granted a scope covering the
    type, or the app an app-level notice is about)."""
    first_party = and_(
        WebhookEndpoint.app_id.is_(None),
        WebhookEndpoint.user_id == func.any(Event.audience_user_ids),
    )
    granted = (
        select(literal(1))
        .where(
            PartnerGrant.app_id == WebhookEndpoint.app_id,
            PartnerGrant.revoked_at.is_(None),
            PartnerGrant.user_id == func.any(Event.audience_user_ids),
            or_(WebhookEndpoint.user_id.is_(None), WebhookEndpoint.user_id == PartnerGrant.user_id),
            grant_admits_type(PartnerGrant.scopes),
        )
        .exists()
    )
    about_app = and_(
        Event.subject_type == "partner_app",
        WebhookEndpoint.app_id == Event.subject_id,
        WebhookEndpoint.user_id.is_(None),
    )
    return (
        select(
            func.gen_random_uuid(),
            WebhookEndpoint.id,
            Event.id,
            literal(DeliveryStatus.pending.value),
            literal(0),
            func.now(),
        )
        .select_from(Event)
        .join(
            WebhookEndpoint,
            and_(
                WebhookEndpoint.status == WebhookEndpointStatus.enabled,
                or_(
                    WebhookEndpoint.events.op("@>")(array([Event.type])),
                    WebhookEndpoint.events.op("@>")(array([literal(ALL_EVENTS)])),
                ),
            ),
        )
        .where(Event.id.in_(event_ids), or_(first_party, granted, about_app))
    )


@dataclass
class _Outcome:
    delivery_id: uuid.UUID
    endpoint_id: uuid.UUID
    attempted_at: datetime
    status_code: int | None
    error: str | None
    duration_ms: int

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


async def deliver_due_webhooks(
    session: AsyncSession, client: httpx.AsyncClient | None = None
) -> int:
    """Send due deliveries; three phases: claim with a lease and commit, send, record."""
    now = datetime.now(UTC)
    rows = (
        await session.execute(
            select(WebhookDelivery, WebhookEndpoint, Event)
            .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
            .join(Event, Event.id == WebhookDelivery.event_id)
            .where(
                WebhookDelivery.status == DeliveryStatus.pending,
                WebhookDelivery.next_attempt_at <= now,
                WebhookEndpoint.status == WebhookEndpointStatus.enabled,
            )
            .order_by(WebhookDelivery.next_attempt_at)
            .limit(DELIVERY_BATCH)
            .with_for_update(of=WebhookDelivery, skip_locked=True)
        )
    ).all()
    if not rows:
        return 0
    for delivery, _, _ in rows:
        delivery.next_attempt_at = now + LEASE
        delivery.attempt_count += 1
    jobs = [
        (delivery.id, endpoint.id, endpoint.url, signing_secret(endpoint), event, delivery)
        for delivery, endpoint, event in rows
    ]
    await session.commit()

    limit = asyncio.Semaphore(CONCURRENT_SENDS)
    owned_client = client is None
    http = client or webhook_client(max_connections=CONCURRENT_SENDS)
    try:

        async def send(
            job: tuple[uuid.UUID, uuid.UUID, str, str, Event, WebhookDelivery],
        ) -> _Outcome:
            delivery_id, endpoint_id, url, secret, event, delivery = job
            async with limit:
                return await _send(http, delivery_id, endpoint_id, url, secret, event, delivery)

        outcomes = await asyncio.gather(*(send(job) for job in jobs))
    finally:
        if owned_client:
            await http.aclose()

    await _record(session, outcomes)
    return len(outcomes)


async def _send(
    http: httpx.AsyncClient,
    delivery_id: uuid.UUID,
    endpoint_id: uuid.UUID,
    url: str,
    secret: str,
    event: Event,
    delivery: WebhookDelivery,
) -> _Outcome:
    body = dumps(event_document(event))
    attempted_at = datetime.now(UTC)
    timestamp = int(attempted_at.timestamp())
    headers = {
        "Content-Type": "application/json",
        "Pasar-Signature": signature_header(secret, timestamp, body),
        "Pasar-Event-Id": str(event.id),
        "Pasar-Event-Type": event.type,
        "Pasar-Delivery-Id": str(delivery_id),
        "Pasar-Delivery-Attempt": str(delivery.attempt_count),
    }
    started = time.perf_counter()
    status_code: int | None = None
    error: str | None = None
    try:
        response = await http.post(url, content=body, headers=headers)
        status_code = response.status_code
        if not 200 <= status_code < 300:
            error = f"HTTP {status_code}" + (
                " (redirects are not followed)" if 300 <= status_code < 400 else ""
            )
    except httpx.HTTPError as exc:
        error = f"{type(exc).__name__}: {exc}"[:500]
    duration_ms = int((time.perf_counter() - started) * 1000)
    return _Outcome(delivery_id, endpoint_id, attempted_at, status_code, error, duration_ms)


async def _record(session: AsyncSession, outcomes: list[_Outcome]) -> None:
    now = datetime.now(UTC)
    endpoint_ids = sorted({o.endpoint_id for o in outcomes})
    # Endpoints are locked in id order so concurrent workers never deadlock on them.
    endpoints = {
        e.id: e
        for e in await session.scalars(
            select(WebhookEndpoint)
            .where(WebhookEndpoint.id.in_(endpoint_ids))
            .order_by(WebhookEndpoint.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    }
    deliveries = {
        d.id: d
        for d in await session.scalars(
            select(WebhookDelivery)
            .where(WebhookDelivery.id.in_([o.delivery_id for o in outcomes]))
            .execution_options(populate_existing=True)
        )
    }
    for outcome in sorted(outcomes, key=lambda o: o.attempted_at):
        delivery, endpoint = deliveries.get(outcome.delivery_id), endpoints.get(outcome.endpoint_id)
        if delivery is None or endpoint is None:  # the endpoint was deleted meanwhile
            continue
        session.add(
            WebhookAttempt(
                delivery_id=delivery.id,
                attempted_at=outcome.attempted_at,
                status_code=outcome.status_code,
                error=outcome.error,
                duration_ms=outcome.duration_ms,
            )
        )
        delivery.last_status_code = outcome.status_code
        # Counted as sent, whether or not this transaction commits: the request went out.
        metrics.WEBHOOK_ATTEMPTS.labels("succeeded" if outcome.succeeded else "failed").inc()
        if outcome.succeeded:
            if DELIVERY_TRANSITIONS.can(delivery.status, DeliveryStatus.succeeded):
                delivery.status = DeliveryStatus.succeeded
                delivery.delivered_at, delivery.next_attempt_at = outcome.attempted_at, None
            endpoint.consecutive_failures, endpoint.failing_since = 0, None
            continue
        deadline = delivery.created_at + RETRY_WINDOW
        # Only a pending delivery moves: another attempt may have settled it while this one
        # outlived its lease, and a late failure never overturns that.
        if not DELIVERY_TRANSITIONS.can(delivery.status, DeliveryStatus.failed):
            pass
        elif now >= deadline:
            delivery.status, delivery.next_attempt_at = DeliveryStatus.failed, None
        else:
            delivery.next_attempt_at = min(now + retry_delay(delivery.attempt_count), deadline)
        endpoint.consecutive_failures += 1
        endpoint.failing_since = endpoint.failing_since or outcome.attempted_at
        if (
            endpoint.status is WebhookEndpointStatus.enabled
            and endpoint.consecutive_failures >= DISABLE_AFTER_FAILURES
            and now - endpoint.failing_since >= DISABLE_AFTER
        ):
            await _disable(session, endpoint, now)
    await session.flush()


async def _disable(session: AsyncSession, endpoint: WebhookEndpoint, now: datetime) -> None:
    """Stop sending to an endpoint that keeps failing, and say so in the event feed."""
    WEBHOOK_ENDPOINT_TRANSITIONS.ensure(
        endpoint.status, WebhookEndpointStatus.disabled, action="disable"
    )
    endpoint.status = WebhookEndpointStatus.disabled
    endpoint.disabled_at = now
    since = endpoint.failing_since or now
    failures = endpoint.consecutive_failures
    endpoint.disabled_reason = (
        f"{failures} failed deliveries in a row since {since:%Y-%m-%d %H:%M} UTC"
    )
    logger.warning(
        "webhook endpoint disabled",
        extra={"endpoint_id": str(endpoint.id), "reason": endpoint.disabled_reason},
    )
    await record_event(
        session,
        type=EventType.webhook_endpoint_disabled,
        subject_type="partner_app" if endpoint.app_id else "webhook_endpoint",
        subject_id=endpoint.app_id or endpoint.id,
        actor_user_id=None,
        audience=[endpoint.user_id] if endpoint.user_id else [],
        payload={
            "endpoint_id": str(endpoint.id),
            "url": endpoint.url,
            "reason": endpoint.disabled_reason,
        },
    )
