"""Preferences per kind x channel with sensible defaults, and the unsubscribe link every
notification email carries (no sign-in; RFC 8058 one-click POST too)."""

from __future__ import annotations

import re

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import NotificationKind
from tests.conversations.talk import make_pair
from tests.factories import make_user
from tests.helpers import assert_problem
from tests.mailbox import Mailbox
from tests.notifications.kit import channel, deliver_all, notifications, set_contact
from tests.notifications.whatsapp_stub import WhatsAppStub

URL = "/v1/me/notification-preferences"


def _choice(body: dict[str, object], kind: str, channel_name: str) -> bool:
    preferences = body["preferences"]
    assert isinstance(preferences, list)
    (found,) = [p for p in preferences if p["kind"] == kind and p["channel"] == channel_name]
    enabled: bool = found["enabled"]
    return enabled


async def test_defaults_everything_in_app_and_email_whatsapp_for_money_and_deadlines(
    client: httpx.AsyncClient, session: AsyncSession, whatsapp: WhatsAppStub
) -> None:
    owner = await make_user(session, "owner")
    body = (await client.get(URL, headers=owner.headers)).json()
    assert len(body["preferences"]) == len(NotificationKind) * 3
    assert all(
        _choice(body, k.value, "in_app") and _choice(body, k.value, "email")
        for k in NotificationKind
    )
    assert _choice(body, "milestone_funded", "whatsapp")
    assert _choice(body, "gig_deadline_soon", "whatsapp")
    assert not _choice(body, "message_received", "whatsapp")
    # Configured, but this account has no phone number.
    assert {"channel": "whatsapp", "available": False, "reason": "no_phone"} in body["channels"]
    await set_contact(session, owner, phone="0812-3456-7890")
    body = (await client.get(URL, headers=owner.headers)).json()
    assert {"channel": "whatsapp", "available": True, "reason": None} in body["channels"]


async def test_choices_are_kept_and_followed(
    client: httpx.AsyncClient, session: AsyncSession, smtp_server: Mailbox
) -> None:
    pair = await make_pair(client, session)
    changed = await client.put(
        URL,
        json={
            "preferences": [
                {"kind": "message_received", "channel": "email", "enabled": False},
                {"kind": "message_received", "channel": "whatsapp", "enabled": True},
            ]
        },
        headers=pair.owner.headers,
    )
    assert changed.status_code == 200, changed.text
    assert not _choice(changed.json(), "message_received", "email")
    assert _choice(changed.json(), "message_received", "whatsapp")
    assert _choice(changed.json(), "proposal_received", "email")  # others untouched
    again = await client.get(URL, headers=pair.owner.headers)
    assert not _choice(again.json(), "message_received", "email")

    opened = await client.post("/v1/conversations", json=pair.opening, headers=pair.owner.headers)
    await client.post(
        f"/v1/conversations/{opened.json()['id']}/messages",
        json={"body": "Halo, Bu."},
        headers=pair.creative.headers,
    )
    await deliver_all(session)
    message, proposal = await notifications(client, pair.owner)
    assert channel(message, "email")["status"] == "suppressed"
    assert channel(message, "email")["reason"] == "preference_off"
    assert channel(proposal, "email")["status"] == "sent"
    assert [m.subject for m in smtp_server.to(pair.owner.email)] == ["Proposal baru"]


async def test_bad_choices_are_refused_and_nothing_changes(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_user(session, "owner")
    in_app_off = {
        "preferences": [
            {"kind": "payout_sent", "channel": "email", "enabled": False},
            {"kind": "payout_sent", "channel": "in_app", "enabled": False},
        ]
    }
    assert_problem(
        await client.put(URL, json=in_app_off, headers=owner.headers),
        422,
        "notification_in_app_always_on",
    )
    unknown = {"preferences": [{"kind": "newsletter", "channel": "email", "enabled": False}]}
    assert_problem(await client.put(URL, json=unknown, headers=owner.headers), 422)
    pigeon = {"preferences": [{"kind": "payout_sent", "channel": "pigeon", "enabled": True}]}
    assert_problem(await client.put(URL, json=pigeon, headers=owner.headers), 422)
    assert_problem(await client.put(URL, json={"preferences": []}, headers=owner.headers), 422)
    body = (await client.get(URL, headers=owner.headers)).json()
    assert _choice(body, "payout_sent", "email")
    assert_problem(await client.get(URL), 401)
    assert_problem(await client.put(URL, json=unknown), 401)


async def test_the_unsubscribe_link_turns_that_kind_of_email_off_without_sign_in(
    client: httpx.AsyncClient, session: AsyncSession, smtp_server: Mailbox
) -> None:
    pair = await make_pair(client, session)
    await deliver_all(session)
    mail = smtp_server.last_to(pair.owner.email)
    found = re.search(r"(/v1/notifications/unsubscribe\?token=[A-Za-z0-9_.\-%]+)", mail.text)
    assert found, mail.text
    link = found.group(1)
    assert mail.message["List-Unsubscribe"] == f"<http://localhost:8000{link}>"

    tampered = link[:-3] + ("000" if not link.endswith("000") else "111")
    assert_problem(await client.get(tampered), 400, "unsubscribe_token_invalid")
    assert_problem(
        await client.get("/v1/notifications/unsubscribe?token=bm90LWEtdG9rZW4.abc123"),
        400,
        "unsubscribe_token_invalid",
    )
    done = await client.get(link)
    assert done.status_code == 200, done.text
    assert done.json() == {"kind": "proposal_received", "channel": "email", "enabled": False}
    # RFC 8058: the mail client's one-click POST does the same, again harmlessly.
    one_click = await client.post(
        link,
        content="List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert one_click.status_code == 200, one_click.text
    body = (await client.get(URL, headers=pair.owner.headers)).json()
    assert not _choice(body, "proposal_received", "email")
    assert _choice(body, "message_received", "email")  # only that kind
