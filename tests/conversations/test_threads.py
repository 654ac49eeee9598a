"""Who may open a thread and read it; listing with unread counts; marking read."""

from __future__ import annotations

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Conversation, Message
from tests.conversations.talk import Pair, make_pair, open_thread, say
from tests.factories import make_creative, make_profile, make_user
from tests.helpers import assert_problem


async def test_owner_and_creative_talk_with_unread_counts(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    pair = await make_pair(client, session)
    conversation_id = await open_thread(client, pair)
    # Opening again finds the same thread, from either side.
    assert await open_thread(client, pair, pair.creative.actor) == conversation_id

    question = await say(client, pair.owner, conversation_id, "Bisa kirim contoh pouch?")
    answer = await say(
        client, pair.creative.actor, conversation_id, "Bisa, lihat https://contoh.id/pouch"
    )
    assert answer["body"] == "Bisa, lihat https://contoh.id/pouch"  # links stay text

    listed = await client.get("/v1/conversations?mine=true", headers=pair.owner.headers)
    assert listed.status_code == 200, listed.text
    [summary] = listed.json()["data"]
    assert summary["id"] == conversation_id
    assert summary["unread_count"] == 1  # the creative's answer; not the owner's own question
    assert summary["last_message"]["id"] == answer["id"]

    read = await client.post(
        f"/v1/conversations/{conversation_id}/read",
        json={"up_to_message_id": answer["id"]},
        headers=pair.owner.headers,
    )
    assert read.status_code == 200, read.text
    assert read.json()["unread_count"] == 0
    # Marking an older message read does not move the position back.
    back = await client.post(
        f"/v1/conversations/{conversation_id}/read",
        json={"up_to_message_id": question["id"]},
        headers=pair.owner.headers,
    )
    assert back.json()["unread_count"] == 0

    creative_view = await client.get("/v1/conversations", headers=pair.creative.headers)
    assert creative_view.json()["data"][0]["unread_count"] == 1


async def test_messages_page_back_and_poll_forward(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    pair = await make_pair(client, session)
    conversation_id = await open_thread(client, pair)
    sent = [await say(client, pair.owner, conversation_id, f"Pesan {i}") for i in range(5)]
    url = f"/v1/conversations/{conversation_id}/messages"

    newest = (await client.get(f"{url}?limit=2", headers=pair.owner.headers)).json()
    assert [m["body"] for m in newest["data"]] == ["Pesan 4", "Pesan 3"]
    older = await client.get(
        f"{url}?limit=2&before={newest['next_cursor']}", headers=pair.owner.headers
    )
    assert [m["body"] for m in older.json()["data"]] == ["Pesan 2", "Pesan 1"]

    since = await client.get(f"{url}?after={sent[2]['id']}", headers=pair.creative.headers)
    assert [m["body"] for m in since.json()["data"]] == ["Pesan 3", "Pesan 4"]
    assert since.json()["next_cursor"] == sent[4]["id"]
    nothing_new = await client.get(f"{url}?after={sent[4]['id']}", headers=pair.creative.headers)
    assert nothing_new.json() == {"data": [], "next_cursor": None}


async def test_no_cold_messages(client: httpx.AsyncClient, session: AsyncSession) -> None:
    pair = await make_pair(client, session)
    # A creative who never proposed nor was invited cannot open a thread with the owner ...
    cold = await make_creative(session)
    cold_opening = {"gig_id": str(pair.gig.id), "creative_id": str(cold.profile.id)}
    response = await client.post("/v1/conversations", json=cold_opening, headers=cold.headers)
    assert_problem(response, 403, "conversation_not_allowed")
    # ... and the owner cannot start one with them either.
    response = await client.post("/v1/conversations", json=cold_opening, headers=pair.owner.headers)
    assert_problem(response, 403, "conversation_not_allowed")
    assert await session.scalar(select(func.count()).select_from(Conversation)) == 0


async def test_invited_creative_may_talk(client: httpx.AsyncClient, session: AsyncSession) -> None:
    pair = await make_pair(client, session)
    invited = await make_creative(session)
    invitation = await client.post(
        f"/v1/gigs/{pair.gig.id}/invitations",
        json={"creative_id": str(invited.profile.id)},
        headers=pair.owner.headers,
    )
    assert invitation.status_code == 201, invitation.text
    response = await client.post(
        "/v1/conversations",
        json={"gig_id": str(pair.gig.id), "creative_id": str(invited.profile.id)},
        headers=invited.headers,
    )
    assert response.status_code == 201, response.text


async def test_strangers_get_404_everywhere(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    pair = await make_pair(client, session)
    conversation_id = await open_thread(client, pair)
    message = await say(client, pair.owner, conversation_id, "Halo Dimas")
    stranger = await make_user(session, "creative")
    await make_profile(session, stranger)
    base = f"/v1/conversations/{conversation_id}"
    h = stranger.headers
    assert_problem(await client.get(f"{base}/messages", headers=h), 404, "conversation_not_found")
    assert_problem(
        await client.post(f"{base}/messages", json={"body": "halo"}, headers=h),
        404,
        "conversation_not_found",
    )
    assert_problem(
        await client.post(f"{base}/read", json={"up_to_message_id": message["id"]}, headers=h),
        404,
        "conversation_not_found",
    )
    assert_problem(
        await client.post(f"{base}/messages/{message['id']}/retract", headers=h),
        404,
        "conversation_not_found",
    )
    assert_problem(
        await client.post("/v1/conversations", json=pair.opening, headers=h),
        404,
        "conversation_not_found",
    )
    listed = await client.get("/v1/conversations", headers=h)
    assert listed.json()["data"] == []
    assert_problem(
        await client.get("/v1/conversations?mine=false", headers=h), 400, "mine_required"
    )
    assert await session.scalar(select(func.count()).select_from(Message)) == 1


async def test_partner_app_scopes(client: httpx.AsyncClient, session: AsyncSession) -> None:
    from tests.factories import partner_headers

    pair: Pair = await make_pair(client, session)
    conversation_id = await open_thread(client, pair)
    reader = await partner_headers(session, pair.creative.actor.id, "messages:read")
    writer = await partner_headers(
        session, pair.creative.actor.id, "messages:read", "messages:write"
    )
    listed = await client.get("/v1/conversations", headers=reader)
    assert listed.status_code == 200 and len(listed.json()["data"]) == 1
    assert_problem(
        await client.post(
            f"/v1/conversations/{conversation_id}/messages", json={"body": "x"}, headers=reader
        ),
        403,
        "insufficient_scope",
    )
    posted = await client.post(
        f"/v1/conversations/{conversation_id}/messages",
        json={"body": "Terima kasih, file menyusul."},
        headers=writer,
    )
    assert posted.status_code == 201, posted.text
    row = await session.get(Message, posted.json()["id"])
    assert row is not None and row.sender_user_id == pair.creative.actor.id
    assert row.via_client_id is not None  # both identities kept
    unscoped = await partner_headers(session, pair.creative.actor.id, "proposals:read")
    assert_problem(await client.get("/v1/conversations", headers=unscoped), 403)
