"""New-message emails: at most one per conversation per 15 minutes; what arrives inside the
window waits for its end and goes out as one email counting every message."""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import NotificationChannel, NotificationDelivery, NotificationDeliveryStatus
from app.services.notifications.sending import send_due_notifications
from tests.conversations.talk import make_pair, open_thread, say
from tests.mailbox import Mailbox
from tests.notifications.kit import NOON_WIB, deliver_all, notifications


def _message_mails(mailbox: Mailbox, address: str) -> list[str]:
    return [m.text for m in mailbox.to(address) if m.subject == "Pesan baru"]


async def test_one_email_per_conversation_per_window(
    client: httpx.AsyncClient, session: AsyncSession, smtp_server: Mailbox
) -> None:
    pair = await make_pair(client, session)
    thread = await open_thread(client, pair)
    creative = pair.creative.actor
    await say(client, creative, thread, "Selamat siang, Bu.")
    await deliver_all(session, now=NOON_WIB)
    assert len(_message_mails(smtp_server, pair.owner.email)) == 1

    # Three more inside the window: no email yet, each still counted in-app.
    for body in ("Saya sudah baca brief-nya.", "Ada pertanyaan soal ukuran.", "Pouch 14x22?"):
        await say(client, creative, thread, body)
    five_minutes = NOON_WIB + timedelta(minutes=5)
    await deliver_all(session, now=five_minutes)
    await deliver_all(session, now=NOON_WIB + timedelta(minutes=14))
    assert len(_message_mails(smtp_server, pair.owner.email)) == 1
    kinds = [n["kind"] for n in await notifications(client, pair.owner)]
    assert kinds.count("message_received") == 4
    waiting = (
        await session.scalars(
            select(NotificationDelivery).where(
                NotificationDelivery.user_id == pair.owner.id,
                NotificationDelivery.channel == NotificationChannel.email,
                NotificationDelivery.status == NotificationDeliveryStatus.queued,
            )
        )
    ).all()
    assert len(waiting) == 3
    assert {d.next_attempt_at for d in waiting} == {NOON_WIB + timedelta(minutes=15)}

    # At the window's end, one email for the three.
    await deliver_all(session, now=NOON_WIB + timedelta(minutes=15))
    mails = _message_mails(smtp_server, pair.owner.email)
    assert len(mails) == 2 and "3 pesan baru" in mails[1]
    await send_due_notifications(session, now=NOON_WIB + timedelta(minutes=15))
    statuses = {
        d.status
        for d in (
            await session.scalars(
                select(NotificationDelivery)
                .where(
                    NotificationDelivery.user_id == pair.owner.id,
                    NotificationDelivery.channel == NotificationChannel.email,
                )
                .execution_options(populate_existing=True)
            )
        ).all()
    }
    assert statuses == {NotificationDeliveryStatus.sent}


async def test_windows_are_per_conversation(
    client: httpx.AsyncClient, session: AsyncSession, smtp_server: Mailbox
) -> None:
    first = await make_pair(client, session)
    second = await make_pair(client, session)
    for pair in (first, second):
        thread = await open_thread(client, pair)
        await say(client, pair.creative.actor, thread, "Halo, Bu.")
    await deliver_all(session, now=NOON_WIB)
    for pair in (first, second):
        assert len(_message_mails(smtp_server, pair.owner.email)) == 1
    # The owner writes back: the creative's window is their own.
    thread = await open_thread(client, first)
    await say(client, first.owner, thread, "Halo juga, Mas.")
    await deliver_all(session, now=NOON_WIB + timedelta(minutes=1))
    assert len(_message_mails(smtp_server, first.creative.actor.email)) == 1
