"""Delivery rules: exactly once per (event, user, channel) with two workers racing, quiet hours
for WhatsApp, retries with backoff ending in a visible failure, and the channel off without
settings."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from app.core import metrics
from app.core.event_types import EventType
from app.models import (
    Gig,
    Notification,
    NotificationChannel,
    NotificationDelivery,
    NotificationDeliveryStatus,
    OutboundEmail,
)
from app.services.events import record_event
from app.services.notifications.fanout import fan_out_notifications, notify_event
from app.services.notifications.schedule import MAX_ATTEMPTS, outside_quiet_hours
from app.services.notifications.sending import send_due_notifications
from tests.conftest import truncate_user_data
from tests.factories import make_user
from tests.helpers import Actor
from tests.mailbox import Mailbox
from tests.notifications.kit import NOON_WIB, channel, deliver_all, notifications, set_contact
from tests.notifications.whatsapp_stub import WhatsAppStub, meta_error
from tests.proposals.factories import make_gig

WIB = timedelta(hours=7)
S = NotificationDeliveryStatus


async def _deadline_reminder(session: AsyncSession, owner: Actor, gig: Gig) -> None:
    """An urgent kind (WhatsApp on by default): the gig-deadline reminder."""
    await record_event(
        session,
        type=EventType.gig_deadline_approaching,
        subject_type="gig",
        subject_id=gig.id,
        actor_user_id=None,
        audience=[owner.id],
        payload={"gig_id": str(gig.id), "deadline": gig.deadline.isoformat()},
    )


async def _whatsapp_of(session: AsyncSession, owner: Actor) -> NotificationDelivery:
    delivery = await session.scalar(
        select(NotificationDelivery)
        .where(
            NotificationDelivery.user_id == owner.id,
            NotificationDelivery.channel == NotificationChannel.whatsapp,
        )
        .execution_options(populate_existing=True)
    )
    assert delivery is not None
    return delivery


async def test_two_workers_racing_notify_and_send_each_once(
    engine: AsyncEngine, whatsapp: WhatsAppStub, smtp_server: Mailbox
) -> None:
    make_session = async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
    try:
        async with make_session() as session:
            owner = await make_user(session, "owner", "Sari Wulandari")
            await set_contact(session, owner, phone="081234567890")
            for i in range(5):
                gig = await make_gig(session, owner, title=f"Gig {i}")
                await _deadline_reminder(session, owner, gig)
            await session.commit()

        async def worker(task: object) -> int:
            handled = 0
            async with make_session() as session:
                while done := await task(session, now=NOON_WIB):  # type: ignore[operator]
                    handled += done
                    await session.commit()
                await session.commit()
            return handled

        await asyncio.gather(worker(fan_out_notifications), worker(fan_out_notifications))
        await asyncio.gather(worker(send_due_notifications), worker(send_due_notifications))

        async with make_session() as session:
            assert await session.scalar(select(func.count()).select_from(Notification)) == 5
            deliveries = await session.scalar(
                select(func.count()).select_from(NotificationDelivery)
            )
            assert deliveries == 10  # email and WhatsApp, each once
            emails = await session.scalar(select(func.count()).select_from(OutboundEmail))
            assert emails == 5
            # A pass over the same event again (a crash before the position moved) adds nothing.
            event_ids = (await session.scalars(select(Notification.event_id))).all()
            from app.models import Event

            for event in (
                await session.scalars(select(Event).where(Event.id.in_(event_ids)))
            ).all():
                assert await notify_event(session, event, now=NOON_WIB) == 0
        assert len(whatsapp.to("6281234567890")) == 5
    finally:
        await truncate_user_data(engine)


def test_quiet_hours_end_at_seven_wib() -> None:
    day = datetime(2026, 12, 7, tzinfo=UTC)
    assert outside_quiet_hours(day + timedelta(hours=13) - WIB) == day + timedelta(hours=13) - WIB
    seven_next_day = day + timedelta(days=1, hours=7) - WIB
    assert outside_quiet_hours(day + timedelta(hours=21) - WIB) == seven_next_day
    assert outside_quiet_hours(day + timedelta(hours=23, minutes=59) - WIB) == seven_next_day
    assert outside_quiet_hours(day + timedelta(days=1, hours=6, minutes=59) - WIB) == seven_next_day
    assert outside_quiet_hours(seven_next_day) == seven_next_day


async def test_whatsapp_waits_for_the_morning_and_email_does_not(
    client: httpx.AsyncClient, session: AsyncSession, whatsapp: WhatsAppStub, smtp_server: Mailbox
) -> None:
    owner = await make_user(session, "owner")
    await set_contact(session, owner, phone="081234567890")
    gig = await make_gig(session, owner)
    await _deadline_reminder(session, owner, gig)
    late_evening = datetime(2026, 12, 7, 22, 30, tzinfo=UTC) - WIB
    await deliver_all(session, now=late_evening)
    assert len(smtp_server.to(owner.email)) == 1
    assert whatsapp.sent == []
    delivery = await _whatsapp_of(session, owner)
    morning = datetime(2026, 12, 8, 7, 0, tzinfo=UTC) - WIB
    assert delivery.status is S.queued and delivery.next_attempt_at == morning
    (item,) = await notifications(client, owner)
    assert channel(item, "whatsapp") == {
        "channel": "whatsapp",
        "status": "queued",
        "delivered": False,
        "reason": None,
    }

    await send_due_notifications(session, now=morning - timedelta(minutes=1))
    assert whatsapp.sent == []
    await send_due_notifications(session, now=morning)
    assert whatsapp.templates_to("6281234567890") == ["pk_gig_deadline_soon"]
    assert (await _whatsapp_of(session, owner)).status is S.sent


async def test_failures_are_retried_with_backoff_then_shown_as_not_delivered(
    client: httpx.AsyncClient, session: AsyncSession, whatsapp: WhatsAppStub
) -> None:
    owner = await make_user(session, "owner")
    await set_contact(session, owner, phone="081234567890")
    await _deadline_reminder(session, owner, await make_gig(session, owner))
    await fan_out_notifications(session, now=NOON_WIB)
    whatsapp.failures = [
        meta_error(131000, "Something went wrong", status=500),
        meta_error(190, "Error validating access token: Session has expired", status=401),
        *[meta_error(131000, "Something went wrong", status=500)] * (MAX_ATTEMPTS - 2),
    ]
    failed_before = metrics.NOTIFICATIONS_SENT.labels("whatsapp", "failed")._value.get()
    now, waits = NOON_WIB, []
    for attempt in range(1, MAX_ATTEMPTS + 1):
        await send_due_notifications(session, now=now)
        delivery = await _whatsapp_of(session, owner)
        assert delivery.attempts == attempt
        if attempt < MAX_ATTEMPTS:
            assert delivery.status is S.queued and delivery.next_attempt_at > now
            waits.append(delivery.next_attempt_at - now)
            # Not due before its time.
            await send_due_notifications(session, now=now + timedelta(seconds=1))
            assert (await _whatsapp_of(session, owner)).attempts == attempt
            now = delivery.next_attempt_at
    assert waits[-1] > waits[0]  # backoff grows
    assert delivery.status is S.failed and delivery.last_error == "whatsapp_131000"
    assert whatsapp.sent == []
    assert metrics.NOTIFICATIONS_SENT.labels("whatsapp", "failed")._value.get() == failed_before + 1
    (item,) = await notifications(client, owner)
    assert channel(item, "whatsapp") == {
        "channel": "whatsapp",
        "status": "failed",
        "delivered": False,
        "reason": "whatsapp_131000",
    }


async def test_an_error_retrying_cannot_fix_fails_at_once(
    session: AsyncSession, whatsapp: WhatsAppStub
) -> None:
    owner = await make_user(session, "owner")
    await set_contact(session, owner, phone="081234567890")
    await _deadline_reminder(session, owner, await make_gig(session, owner))
    await fan_out_notifications(session, now=NOON_WIB)
    whatsapp.failures = [meta_error(131026, "Message undeliverable")]
    await send_due_notifications(session, now=NOON_WIB)
    delivery = await _whatsapp_of(session, owner)
    assert (delivery.status, delivery.attempts, delivery.last_error) == (
        S.failed,
        1,
        "whatsapp_131026",
    )


async def test_a_refused_email_is_shown_as_not_delivered(
    client: httpx.AsyncClient, session: AsyncSession, smtp_server: Mailbox
) -> None:
    owner = await make_user(session, "owner")
    await _deadline_reminder(session, owner, await make_gig(session, owner))
    smtp_server.reply = "550 5.1.1 mailbox unavailable"
    await deliver_all(session)
    (item,) = await notifications(client, owner)
    assert channel(item, "email") == {
        "channel": "email",
        "status": "failed",
        "delivered": False,
        "reason": "smtp_failed",
    }


@pytest.fixture
def no_whatsapp() -> Iterator[None]:
    from tests.notifications.conftest import switch_settings

    yield from switch_settings({"WHATSAPP_ACCESS_TOKEN": "", "WHATSAPP_PHONE_NUMBER_ID": ""})


async def test_without_settings_whatsapp_is_off_and_says_so(
    client: httpx.AsyncClient, session: AsyncSession, no_whatsapp: None
) -> None:
    owner = await make_user(session, "owner")
    await set_contact(session, owner, phone="081234567890")
    await _deadline_reminder(session, owner, await make_gig(session, owner))
    await deliver_all(session)
    (item,) = await notifications(client, owner)
    assert channel(item, "whatsapp")["status"] == "suppressed"
    assert channel(item, "whatsapp")["reason"] == "channel_off"
    preferences = await client.get("/v1/me/notification-preferences", headers=owner.headers)
    assert {
        "channel": "whatsapp",
        "available": False,
        "reason": "channel_off",
    } in preferences.json()["channels"]


def test_delivery_states_move_only_forward() -> None:
    from app.core.errors import InvalidTransition
    from app.services.notifications.schedule import DELIVERY_TRANSITIONS

    assert DELIVERY_TRANSITIONS.can(S.queued, S.sent)
    assert DELIVERY_TRANSITIONS.can(S.queued, S.failed)
    for done in (S.sent, S.failed, S.suppressed):
        assert not DELIVERY_TRANSITIONS.can(done, S.queued)
    with pytest.raises(InvalidTransition):
        DELIVERY_TRANSITIONS.ensure(S.suppressed, S.sent, action="send")
