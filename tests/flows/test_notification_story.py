"""Story: Sari (keripik tempe) and Dimas (packaging designer, reads English) talk about her gig,
sign, Dimas delivers the print file, Sari downloads it and approves; each hears what the other
did, in the app, by email (a real SMTP server) and by WhatsApp for money and deadlines (Meta's
API stubbed at the HTTP layer). A stranger can read none of it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Locale
from tests.conversations.talk import say
from tests.factories import make_creative, make_user
from tests.files.samples import PDF, file_store, uploaded
from tests.helpers import assert_problem
from tests.mailbox import Mailbox
from tests.notifications.conftest import switch_settings
from tests.notifications.kit import channel, deliver_all, notifications, set_contact
from tests.notifications.whatsapp_stub import SETTINGS, WhatsAppStub, run_stub
from tests.proposals.factories import make_gig, submitted_proposal

__all__ = ["file_store"]

SARI_PHONE, DIMAS_PHONE = "0812-3456-7890", "+62 857 1111 2222"


@pytest.fixture
def whatsapp(smtp_server: Mailbox) -> Iterator[WhatsAppStub]:
    for _ in switch_settings(SETTINGS):
        yield from run_stub()


def _idem(headers: dict[str, str]) -> dict[str, str]:
    return {**headers, "Idempotency-Key": str(uuid.uuid4())}


async def test_both_sides_hear_what_happened_on_every_channel(
    client: httpx.AsyncClient,
    session: AsyncSession,
    smtp_server: Mailbox,
    whatsapp: WhatsAppStub,
    file_store: Path,
) -> None:
    sari = await make_user(session, "owner", "Sari Wulandari")
    await set_contact(session, sari, phone=SARI_PHONE)
    gig = await make_gig(session, sari, title="Desain kemasan keripik tempe")
    dimas = await make_creative(session, name="Dimas Prasetyo")
    await set_contact(session, dimas.actor, phone=DIMAS_PHONE, locale=Locale.en)
    proposal = await submitted_proposal(client, dimas, gig.id)
    await deliver_all(session)

    # Sari hears of the proposal in the app and by email (not WhatsApp: no money moved yet).
    (received,) = await notifications(client, sari)
    assert received["kind"] == "proposal_received"
    assert received["title"] == "Proposal baru"
    assert "Desain kemasan keripik tempe" in received["body"]
    assert [(d["channel"], d["status"]) for d in received["deliveries"]] == [
        ("in_app", "sent"),
        ("email", "sent"),
        ("whatsapp", "suppressed"),
    ]
    assert channel(received, "whatsapp")["reason"] == "preference_off"
    mail = smtp_server.last_to(sari.email)
    assert mail.subject == "Proposal baru"
    assert "Rp" in mail.text and "Berhenti berlangganan" in mail.text
    assert mail.message["List-Unsubscribe"].startswith("<http://localhost:8000/v1/notifications/")
    assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # They talk; Dimas's two quick answers reach Sari as one email.
    opened = await client.post(
        "/v1/conversations",
        json={"gig_id": str(gig.id), "creative_id": str(dimas.profile.id)},
        headers=sari.headers,
    )
    thread = opened.json()["id"]
    await say(client, sari, thread, "Mas Dimas, bisa kirim contoh kemasan pouch?")
    await say(client, dimas.actor, thread, "Bisa, Bu.")
    await say(client, dimas.actor, thread, "Saya kirim sore ini.")
    await deliver_all(session)
    message_mails = [m for m in smtp_server.to(sari.email) if m.subject == "Pesan baru"]
    assert len(message_mails) == 1
    assert "2 pesan baru" in message_mails[0].text
    assert smtp_server.last_to(dimas.actor.email).subject == "New messages"

    # Sari accepts and pays; Dimas delivers; Sari approves.
    accepted = await client.post(f"/v1/proposals/{proposal['id']}/accept", headers=sari.headers)
    milestone = accepted.json()["milestones"][0]
    funding = await client.post(
        f"/v1/milestones/{milestone['id']}/fund", headers=_idem(sari.headers)
    )
    paid = await client.post(
        f"/v1/sandbox/payments/{funding.json()['payment_id']}/succeed", headers=sari.headers
    )
    assert paid.status_code == 200, paid.text
    await deliver_all(session)
    artwork = await uploaded(client, dimas.actor, "deliverable", PDF, "kemasan-final.ai")
    delivered = await client.post(
        f"/v1/milestones/{milestone['id']}/submit",
        json={"note": "File siap cetak.", "files": [artwork["id"]]},
        headers=dimas.headers,
    )
    assert delivered.status_code == 200, delivered.text
    await deliver_all(session)
    details = await client.get(f"/v1/files/{artwork['id']}", headers=sari.headers)
    assert (await client.get(details.json()["download_url"])).content == PDF
    approved = await client.post(
        f"/v1/milestones/{milestone['id']}/approve", headers=_idem(sari.headers)
    )
    assert approved.status_code == 200, approved.text
    await deliver_all(session)

    sari_kinds = [n["kind"] for n in await notifications(client, sari)]
    assert sari_kinds == [
        "milestone_delivered",
        "message_received",
        "message_received",
        "proposal_received",
    ]
    dimas_items = await notifications(client, dimas.actor)
    assert [n["kind"] for n in dimas_items] == [
        "milestone_paid",
        "milestone_funded",
        "proposal_accepted",
        "message_received",
    ]
    funded = dimas_items[1]
    amount = f"Rp{milestone['amount_idr']:,}".replace(",", ".")
    assert funded["body"].startswith(f"{amount} for ")  # English, rupiah written the Indonesian way
    assert all(channel(n, "whatsapp")["delivered"] for n in dimas_items[:3])

    # WhatsApp carried the money and deadline news, as approved templates.
    assert whatsapp.templates_to("6285711112222") == [
        "pk_proposal_accepted",
        "pk_milestone_funded",
        "pk_milestone_paid",
    ]
    assert whatsapp.templates_to("6281234567890") == ["pk_milestone_delivered"]
    funded_message = whatsapp.to("6285711112222")[1]["template"]
    assert funded_message["language"] == {"code": "en"}
    assert funded_message["components"][0]["parameters"] == [
        {"type": "text", "text": "Desain kemasan keripik tempe"},
        {"type": "text", "text": amount},
    ]
    dimas_subjects = [m.subject for m in smtp_server.to(dimas.actor.email)]
    assert "Milestone approved and paid" in dimas_subjects

    # Reading: everything up to the newest is read; the unread filter is then empty.
    newest = dimas_items[0]["id"]
    marked = await client.post(
        "/v1/notifications/read", json={"up_to_notification_id": newest}, headers=dimas.headers
    )
    assert marked.json() == {"marked": 4, "unread": 0}
    assert await notifications(client, dimas.actor, "&unread_only=true") == []

    # A stranger reads none of it and cannot touch it.
    stranger = await make_user(session, "creative")
    assert await notifications(client, stranger) == []
    assert_problem(
        await client.post(
            "/v1/notifications/read", json={"ids": [newest]}, headers=stranger.headers
        ),
        404,
        "notification_not_found",
    )
