"""A new notification reaches the user's live stream (on any replica); notifications,
deliveries and preferences are in the account export and gone after erasure; strangers and
anonymous callers reach none of it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from app.core import db
from app.models import Notification, NotificationDelivery, NotificationPreference
from app.services.notifications.fanout import fan_out_notifications
from tests.conftest import truncate_user_data
from tests.conversations.replicas import EventReader, committed_thread, replica
from tests.factories import make_creative
from tests.helpers import PASSWORD, assert_problem, signup
from tests.mailbox import Mailbox
from tests.notifications.kit import NOON_WIB, deliver_all, notifications
from tests.proposals.factories import make_gig, submitted_proposal


@pytest.fixture
async def live_engine(migrated_url: str, engine: AsyncEngine) -> AsyncIterator[AsyncEngine]:
    db.use_engine(engine, async_sessionmaker(engine, expire_on_commit=False, autoflush=False))
    yield engine
    db.use_engine(None, None)
    await truncate_user_data(engine)


async def test_a_new_notification_arrives_on_the_stream(live_engine: AsyncEngine) -> None:
    async with replica() as api:
        thread = await committed_thread(live_engine, api.http)
        async with api.http.stream("GET", "/v1/me/stream", headers=thread.owner.headers) as stream:
            reader = EventReader(stream)
            await reader.frame()  # subscribed
            posted = await api.http.post(
                f"/v1/conversations/{thread.conversation_id}/messages",
                json={"body": "Contoh desain sudah saya unggah."},
                headers=thread.creative.headers,
            )
            assert posted.status_code == 201, posted.text
            async with AsyncSession(live_engine, expire_on_commit=False) as session:
                while await fan_out_notifications(session, now=NOON_WIB):
                    await session.commit()
                await session.commit()
            while (frame := await reader.frame()).get("event") != "notification":
                pass
            assert frame["data"]["kind"] == "message_received"
            assert frame["data"]["params"]["conversation_id"] == thread.conversation_id
            assert frame["id"] == frame["data"]["id"]
        # The creative, who wrote, was not notified.
        mine = await api.http.get("/v1/notifications", headers=thread.creative.headers)
        assert mine.json()["data"] == []


async def test_export_holds_notifications_and_erasure_removes_them(
    client: httpx.AsyncClient, session: AsyncSession, smtp_server: Mailbox
) -> None:
    owner = await signup(client, "owner", name="Sari Wulandari")
    gig = await make_gig(session, owner)
    creative = await make_creative(session, name="Dimas Prasetyo")
    await submitted_proposal(client, creative, gig.id)
    await client.put(
        "/v1/me/notification-preferences",
        json={"preferences": [{"kind": "review_published", "channel": "email", "enabled": False}]},
        headers=owner.headers,
    )
    await deliver_all(session)
    exported = (await client.get("/v1/me/export", headers=owner.headers)).json()
    (notification,) = exported["notifications"]
    assert notification["kind"] == "proposal_received"
    assert {d["channel"]: d["status"] for d in notification["deliveries"]} == {
        "email": "sent",
        "whatsapp": "suppressed",
    }
    assert exported["notification_preferences"][0]["kind"] == "review_published"

    erased = await client.request(
        "DELETE", "/v1/me", json={"password": PASSWORD}, headers=owner.headers
    )
    assert erased.status_code == 200, erased.text
    for model in (Notification, NotificationDelivery, NotificationPreference):
        left = await session.scalar(
            select(func.count()).select_from(model).where(model.user_id == owner.id)
        )
        assert left == 0, model


async def test_anonymous_callers_get_401_everywhere(client: httpx.AsyncClient) -> None:
    assert_problem(await client.get("/v1/notifications"), 401)
    assert_problem(
        await client.post("/v1/notifications/read", json={"ids": [str(NOON_WIB.year)]}), 401
    )


async def test_marking_read_needs_ids_that_are_mine(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await signup(client, "owner")
    gig = await make_gig(session, owner)
    await submitted_proposal(client, await make_creative(session), gig.id)
    await deliver_all(session)
    (item,) = await notifications(client, owner)
    both = {"up_to_notification_id": item["id"], "ids": [item["id"]]}
    assert_problem(
        await client.post("/v1/notifications/read", json=both, headers=owner.headers), 422
    )
    assert_problem(await client.post("/v1/notifications/read", json={}, headers=owner.headers), 422)
    marked = await client.post(
        "/v1/notifications/read", json={"ids": [item["id"]]}, headers=owner.headers
    )
    assert marked.json() == {"marked": 1, "unread": 0}
    again = await client.post(
        "/v1/notifications/read", json={"ids": [item["id"]]}, headers=owner.headers
    )
    assert again.json() == {"marked": 0, "unread": 0}
    assert (await notifications(client, owner))[0]["read_at"] is not None


async def test_shortlist_reject_and_invitation_reach_the_creative(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await signup(client, "owner")
    gig = await make_gig(session, owner)
    other_gig = await make_gig(session, owner, title="Label botol sambal")
    creative = await make_creative(session)
    proposal = await submitted_proposal(client, creative, gig.id)
    for action in ("shortlist", "reject"):
        done = await client.post(f"/v1/proposals/{proposal['id']}/{action}", headers=owner.headers)
        assert done.status_code == 200, done.text
    invited = await client.post(
        f"/v1/gigs/{other_gig.id}/invitations",
        json={"creative_id": str(creative.profile.id)},
        headers=owner.headers,
    )
    assert invited.status_code == 201, invited.text
    await deliver_all(session)
    items = await notifications(client, creative.actor)
    assert [n["kind"] for n in items] == [
        "invitation_received",
        "proposal_declined",
        "proposal_shortlisted",
    ]
    assert "Label botol sambal" in items[0]["body"]
