"""Message rules: plain text within limits, retraction within the window, system messages
from the outbox exactly once, and the evidence admins read in a dispute."""

from __future__ import annotations

import uuid
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Conversation, Event, Message, MessageKind
from tests.conversations.talk import make_pair, open_thread, run_worker, say
from tests.escrow.factories import act, fund, submit
from tests.factories import make_deal, make_user
from tests.helpers import assert_problem


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ("   \n\t ", 422, None),
        ("\u200b\u200d\ufeff \u2060", 422, "message_blank"),
        ("x" * 5001, 422, "validation_error"),
        ("nul\x00byte", 422, "validation_error"),
    ],
)
async def test_bad_bodies_store_nothing(
    client: httpx.AsyncClient, session: AsyncSession, body: str, status: int, code: str | None
) -> None:
    pair = await make_pair(client, session)
    conversation_id = await open_thread(client, pair)
    response = await client.post(
        f"/v1/conversations/{conversation_id}/messages",
        json={"body": body},
        headers=pair.owner.headers,
    )
    assert_problem(response, status, code)
    assert await session.scalar(select(func.count()).select_from(Message)) == 0


async def test_a_message_of_exactly_the_limit_is_kept_as_sent(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    pair = await make_pair(client, session)
    conversation_id = await open_thread(client, pair)
    body = "<b>tebal</b> " + "a" * 4987
    assert len(body) == 5000
    message = await say(client, pair.owner, conversation_id, body)
    assert message["body"] == body  # stored and returned as text, never rendered


async def test_retract_within_the_window_hides_the_body_but_keeps_it(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    pair = await make_pair(client, session)
    conversation_id = await open_thread(client, pair)
    message = await say(client, pair.owner, conversation_id, "Nomor WA saya 0812-3456-7890")
    url = f"/v1/conversations/{conversation_id}/messages/{message['id']}/retract"
    assert_problem(await client.post(url, headers=pair.creative.headers), 403, "not_message_sender")
    retracted = await client.post(url, headers=pair.owner.headers)
    assert retracted.status_code == 200, retracted.text
    assert retracted.json()["status"] == "retracted" and retracted.json()["body"] is None
    seen = await client.get(
        f"/v1/conversations/{conversation_id}/messages", headers=pair.creative.headers
    )
    assert seen.json()["data"][0]["body"] is None
    row = await session.get(Message, uuid.UUID(message["id"]), populate_existing=True)
    assert row is not None and row.body == "Nomor WA saya 0812-3456-7890"
    again = await client.post(url, headers=pair.owner.headers)
    assert_problem(again, 409, "invalid_state_transition")


async def test_late_retract_is_refused(client: httpx.AsyncClient, session: AsyncSession) -> None:
    pair = await make_pair(client, session)
    conversation_id = await open_thread(client, pair)
    message = await say(client, pair.owner, conversation_id, "Harga final 2,5 juta")
    await session.execute(
        update(Message)
        .where(Message.id == uuid.UUID(message["id"]))
        .values(created_at=func.now() - timedelta(minutes=10, seconds=1))
    )
    response = await client.post(
        f"/v1/conversations/{conversation_id}/messages/{message['id']}/retract",
        headers=pair.owner.headers,
    )
    assert_problem(response, 409, "retract_window_closed")
    row = await session.get(Message, uuid.UUID(message["id"]), populate_existing=True)
    assert row is not None and row.status.value == "sent" and row.retracted_at is None


async def test_posting_records_an_event_with_ids_only(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    pair = await make_pair(client, session)
    conversation_id = await open_thread(client, pair)
    message = await say(client, pair.owner, conversation_id, "Rahasia dagang kami")
    event = await session.scalar(select(Event).where(Event.type == "message.posted"))
    assert event is not None
    assert event.payload["message_id"] == message["id"]
    assert "Rahasia" not in str(event.payload)
    assert set(event.audience_user_ids) == {pair.owner.id, pair.creative.actor.id}


async def test_system_messages_follow_the_deal_and_the_thread_carries_over(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    pair = await make_pair(client, session)
    await run_worker(session)
    # The proposal opened the thread by itself.
    conversation = await session.scalar(
        select(Conversation).where(Conversation.gig_id == pair.gig.id)
    )
    assert conversation is not None and conversation.contract_id is None
    await say(client, pair.creative.actor, str(conversation.id), "Saya siap mulai minggu ini.")
    shortlisted = await client.post(
        f"/v1/proposals/{pair.proposal['id']}/shortlist", headers=pair.owner.headers
    )
    assert shortlisted.status_code == 200, shortlisted.text
    accepted = await client.post(
        f"/v1/proposals/{pair.proposal['id']}/accept", headers=pair.owner.headers
    )
    assert accepted.status_code == 201, accepted.text
    await run_worker(session)
    await run_worker(session)  # a second pass (or worker) posts nothing twice

    await session.refresh(conversation)
    assert str(conversation.contract_id) == accepted.json()["id"]
    thread = await client.get(
        f"/v1/conversations/{conversation.id}/messages?limit=100", headers=pair.owner.headers
    )
    kinds = [(m["kind"], m["system_kind"]) for m in reversed(thread.json()["data"])]
    assert kinds == [
        ("system", "proposal.submitted"),
        ("text", None),
        ("system", "proposal.shortlisted"),
        ("system", "contract.created"),
    ]
    assert (
        await session.scalar(
            select(func.count()).select_from(Conversation).where(Conversation.gig_id == pair.gig.id)
        )
        == 1
    )


async def test_admin_reads_the_disputed_contracts_thread(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    deal = await make_deal(session)
    admin = await make_user(session, "admin")
    await fund(client, deal)
    assert (await submit(client, deal)).status_code == 200
    disputed = await act(client, deal.owner, deal.milestone_id, "dispute")
    assert disputed.status_code == 201, disputed.text
    await run_worker(session)
    conversation = await session.scalar(
        select(Conversation).where(Conversation.contract_id == deal.contract_id)
    )
    assert conversation is not None
    said = await say(client, deal.creative, str(conversation.id), "Maaf, salah kirim file.")
    await client.post(
        f"/v1/conversations/{conversation.id}/messages/{said['id']}/retract",
        headers=deal.creative.headers,
    )
    dispute_id = disputed.json()["id"]
    url = f"/v1/admin/disputes/{dispute_id}/evidence"
    assert_problem(await client.get(url, headers=deal.owner.headers), 403, "role_required")
    evidence = await client.get(url, headers=admin.headers)
    assert evidence.status_code == 200, evidence.text
    messages = evidence.json()["messages"]
    assert [m["system_kind"] for m in messages if m["kind"] == MessageKind.system] == [
        "milestone.funded",
        "milestone.submitted",
        "dispute.opened",
    ]
    retracted = messages[-1]
    assert retracted["status"] == "retracted" and retracted["body"] is None
    assert retracted["original_body"] == "Maaf, salah kirim file."
    missing = await client.get(f"/v1/admin/disputes/{uuid.uuid4()}/evidence", headers=admin.headers)
    assert_problem(missing, 404)
