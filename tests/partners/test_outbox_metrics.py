"""The outbox gauges a scrape reads: events not yet fanned out, deliveries pending and the
age of the oldest, provider events not yet processed; rising with work and draining."""

from __future__ import annotations

import uuid
from datetime import timedelta

import httpx
from prometheus_client import REGISTRY
from sqlalchemy import func, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import ExternalEvent, WebhookDelivery
from app.services.events import record_event
from app.services.outbox_backlog import outbox_backlog
from app.services.partners.delivery import deliver_due_webhooks, fan_out_events
from tests.factories import Creative
from tests.partners.kit import Receiver


async def test_the_backlog_rises_with_work_and_drains_as_the_worker_delivers(
    client: httpx.AsyncClient, session: AsyncSession, creative: Creative, receiver: Receiver
) -> None:
    created = await client.post(
        "/v1/webhook-endpoints",
        json={"url": receiver.url, "events": ["*"]},
        headers=creative.headers,
    )
    assert created.status_code == 201, created.text
    await fan_out_events(session)  # whatever came before this test
    await deliver_due_webhooks(session)
    start = await outbox_backlog(session)

    for _ in range(3):
        await record_event(
            session,
            type="proposal.shortlisted",
            subject_type="proposal",
            subject_id=uuid.uuid4(),
            actor_user_id=None,
            audience=[creative.user_id],
            payload={"price_idr": 2_500_000},
        )
    risen = await outbox_backlog(session)
    assert risen.events_unfanned == start.events_unfanned + 3

    assert await fan_out_events(session) >= 3
    fanned = await outbox_backlog(session)
    assert fanned.events_unfanned == 0
    assert fanned.deliveries_pending == start.deliveries_pending + 3
    # Created an hour ago, say the worker was down: the age is what an alert watches.
    await session.execute(
        update(WebhookDelivery).values(created_at=func.now() - timedelta(hours=1))
    )
    assert (await outbox_backlog(session)).oldest_delivery_age_seconds >= 3600

    sent = (
        REGISTRY.get_sample_value("pasar_webhook_delivery_attempts_total", {"outcome": "succeeded"})
        or 0.0
    )
    while await deliver_due_webhooks(session):
        pass
    assert (
        REGISTRY.get_sample_value("pasar_webhook_delivery_attempts_total", {"outcome": "succeeded"})
        == sent + 3
    )
    drained = await outbox_backlog(session)
    assert drained.deliveries_pending == 0 and drained.oldest_delivery_age_seconds == 0
    assert len(receiver.requests) == 3


async def test_unprocessed_provider_events_and_their_age(session: AsyncSession) -> None:
    before = await outbox_backlog(session)
    session.add(
        ExternalEvent(
            source="stripe",
            external_id=f"evt_{uuid.uuid4().hex}",
            type="payment_intent.succeeded",
            payload={"id": "evt_1"},
            received_at=func.now() - timedelta(minutes=10),
        )
    )
    await session.flush()
    after = await outbox_backlog(session)
    assert after.provider_events_unprocessed == before.provider_events_unprocessed + 1
    assert after.oldest_provider_event_age_seconds >= 600


async def test_a_scrape_reports_the_backlog_it_read(client: httpx.AsyncClient) -> None:
    scraped = (await client.get("/metrics")).text
    assert "pasar_outbox_query_up 1.0" in scraped
    assert "pasar_webhook_deliveries_pending " in scraped
    assert "pasar_provider_event_oldest_unprocessed_age_seconds " in scraped
