"""The state tables of partner apps, webhook endpoints and deliveries, and the one rule they
add to delivery: a failure recorded late never overturns a success."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import TypeVar

import httpx
import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import InvalidTransition
from app.core.event_types import EventType
from app.core.state_machine import StateMachine
from app.models import (
    DeliveryStatus,
    PartnerAppStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpointStatus,
)
from app.services.events import record_event
from app.services.partners.delivery import deliver_due_webhooks, fan_out_events
from app.services.partners.states import (
    DELIVERY_TRANSITIONS,
    PARTNER_APP_TRANSITIONS,
    WEBHOOK_ENDPOINT_TRANSITIONS,
)
from tests.factories import Creative
from tests.partners.kit import Receiver

D, E, A = DeliveryStatus, WebhookEndpointStatus, PartnerAppStatus
S = TypeVar("S", bound=StrEnum)


def allowed_moves(machine: StateMachine[S], states: type[S]) -> set[tuple[S, S]]:
    return {(a, b) for a in states for b in states if machine.can(a, b)}


def test_the_tables_are_the_documented_ones() -> None:
    assert allowed_moves(DELIVERY_TRANSITIONS, DeliveryStatus) == {
        (D.pending, D.pending),  # redelivered while still pending
        (D.pending, D.succeeded),
        (D.pending, D.failed),
        (D.succeeded, D.pending),
        (D.failed, D.pending),
        (D.failed, D.succeeded),  # an attempt that outlived its lease got through after all
    }
    assert allowed_moves(WEBHOOK_ENDPOINT_TRANSITIONS, WebhookEndpointStatus) == {
        (E.enabled, E.enabled),
        (E.enabled, E.disabled),
        (E.disabled, E.enabled),
    }
    # Admin switches: pressing one twice is harmless.
    assert allowed_moves(PARTNER_APP_TRANSITIONS, PartnerAppStatus) == {
        (a, b) for a in PartnerAppStatus for b in PartnerAppStatus
    }


@pytest.mark.parametrize(
    ("machine", "current", "target"),
    [
        (DELIVERY_TRANSITIONS, D.succeeded, D.failed),
        (DELIVERY_TRANSITIONS, D.succeeded, D.succeeded),
        (WEBHOOK_ENDPOINT_TRANSITIONS, E.disabled, E.disabled),
    ],
)
def test_a_forbidden_move_raises_invalid_transition(
    machine: StateMachine[StrEnum], current: StrEnum, target: StrEnum
) -> None:
    with pytest.raises(InvalidTransition) as raised:
        machine.ensure(current, target, action="mark")
    assert raised.value.extra == {
        "entity": machine.entity,
        "action": "mark",
        "current_status": current.value,
    }


async def test_a_late_failure_does_not_overturn_a_delivered_webhook(
    client: httpx.AsyncClient, session: AsyncSession, creative: Creative, receiver: Receiver
) -> None:
    response = await client.post(
        "/v1/webhook-endpoints",
        json={"url": receiver.url, "events": ["proposal.accepted"]},
        headers=creative.headers,
    )
    assert response.status_code == 201, response.text
    await record_event(
        session,
        type=EventType.proposal_accepted,
        subject_type="proposal",
        subject_id=uuid.uuid4(),
        actor_user_id=None,
        audience=[creative.user_id],
        payload={"price_idr": 2_500_000},
    )
    await fan_out_events(session)
    # At the end of its retry window: a failure recorded now would be the last word.
    await session.execute(
        update(WebhookDelivery).values(created_at=datetime.now(UTC) - timedelta(days=3, minutes=1))
    )

    async def stalled_partner(request: httpx.Request) -> httpx.Response:
        # While worker A waits on this partner its lease runs out, and worker B delivers.
        await session.execute(
            update(WebhookDelivery).values(next_attempt_at=datetime.now(UTC) - timedelta(seconds=1))
        )
        assert await deliver_due_webhooks(session) == 1
        return httpx.Response(503)

    async with httpx.AsyncClient(transport=httpx.MockTransport(stalled_partner)) as stalled:
        assert await deliver_due_webhooks(session, stalled) == 1

    delivery = await session.scalar(
        select(WebhookDelivery).execution_options(populate_existing=True)
    )
    assert delivery is not None and len(receiver.requests) == 1
    assert delivery.status is DeliveryStatus.succeeded and delivery.delivered_at is not None
    codes = await session.scalars(
        select(WebhookAttempt.status_code).where(WebhookAttempt.delivery_id == delivery.id)
    )
    assert sorted(code or 0 for code in codes) == [200, 503]
