"""The live stream across replicas: a message written through one app instance reaches a
stream opened on another (PostgreSQL LISTEN/NOTIFY), resumes with Last-Event-ID, sends
heartbeats, shows a user only their own threads, and is bounded per user."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from app.core import db
from app.core.config import get_settings
from app.models import StreamSlot
from tests.conftest import truncate_user_data
from tests.conversations.replicas import EventReader, committed_thread, replica
from tests.helpers import assert_problem


@pytest.fixture
def fast_heartbeat(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("STREAM_HEARTBEAT_SECONDS", "0.2")
    get_settings.cache_clear()
    yield
    monkeypatch.undo()
    get_settings.cache_clear()


@pytest.fixture
async def live_engine(migrated_url: str, engine: AsyncEngine) -> AsyncIterator[AsyncEngine]:
    db.use_engine(engine, async_sessionmaker(engine, expire_on_commit=False, autoflush=False))
    yield engine
    db.use_engine(None, None)
    await truncate_user_data(engine)


async def test_a_message_posted_on_one_replica_reaches_a_stream_on_another(
    live_engine: AsyncEngine,
) -> None:
    async with replica() as first, replica() as second:
        thread = await committed_thread(live_engine, first.http)
        url = f"/v1/conversations/{thread.conversation_id}/messages"
        async with second.http.stream(
            "GET", "/v1/me/stream", headers=thread.creative.headers
        ) as stream:
            assert stream.status_code == 200
            assert stream.headers["content-type"].startswith("text/event-stream")
            reader = EventReader(stream)
            await reader.frame()  # the opening comment: subscribed from here on
            posted = await first.http.post(
                url, json={"body": "Halo dari replika satu"}, headers=thread.owner.headers
            )
            assert posted.status_code == 201, posted.text
            frame = await reader.message()
            assert frame["id"] == posted.json()["id"]
            assert frame["data"]["body"] == "Halo dari replika satu"
            assert frame["data"]["conversation_id"] == thread.conversation_id
            # The first replica holds no stream of this user: the message crossed through
            # PostgreSQL, not through process memory.
            assert first.app.state.stream_hub.local_streams == 0


async def test_last_event_id_replays_what_was_missed(live_engine: AsyncEngine) -> None:
    async with replica() as api:
        thread = await committed_thread(live_engine, api.http)
        url = f"/v1/conversations/{thread.conversation_id}/messages"
        sent = []
        for body in ("Satu", "Dua", "Tiga"):
            response = await api.http.post(url, json={"body": body}, headers=thread.owner.headers)
            sent.append(response.json()["id"])
        headers = {**thread.creative.headers, "Last-Event-ID": sent[0]}
        async with api.http.stream("GET", "/v1/me/stream", headers=headers) as stream:
            reader = EventReader(stream)
            replayed = [await reader.message(), await reader.message()]
            assert [f["id"] for f in replayed] == sent[1:]
            later = await api.http.post(url, json={"body": "Empat"}, headers=thread.owner.headers)
            assert (await reader.message())["id"] == later.json()["id"]


async def test_heartbeats_and_only_my_threads(
    live_engine: AsyncEngine, fast_heartbeat: None
) -> None:
    async with replica() as api:
        mine = await committed_thread(live_engine, api.http)
        others = await committed_thread(live_engine, api.http)
        async with api.http.stream("GET", "/v1/me/stream", headers=mine.owner.headers) as stream:
            reader = EventReader(stream)
            await reader.frame()
            assert (await reader.frame())["comments"] == ["heartbeat"]
            await api.http.post(
                f"/v1/conversations/{others.conversation_id}/messages",
                json={"body": "Bukan untukmu"},
                headers=others.owner.headers,
            )
            own = await api.http.post(
                f"/v1/conversations/{mine.conversation_id}/messages",
                json={"body": "Untukmu"},
                headers=mine.creative.headers,
            )
            assert (await reader.message())["id"] == own.json()["id"]


async def test_streams_per_user_are_bounded_and_given_back(live_engine: AsyncEngine) -> None:
    async with replica() as first, replica() as second:
        thread = await committed_thread(live_engine, first.http)
        headers = thread.owner.headers
        async with AsyncExitStack() as streams:
            for i in range(5):
                api = (first, second)[i % 2]
                stream = await streams.enter_async_context(
                    api.http.stream("GET", "/v1/me/stream", headers=headers)
                )
                assert stream.status_code == 200
            # The limit counts streams on every replica.
            refused = await first.http.get("/v1/me/stream", headers=headers)
            assert_problem(refused, 429, "too_many_streams")
            assert refused.headers["retry-after"]
        # Closed streams give their slots back.
        async with AsyncSession(live_engine) as session:
            for _ in range(500):
                left = await session.scalar(select(func.count()).select_from(StreamSlot))
                if left == 0:
                    break
                await asyncio.sleep(0.01)
            assert left == 0


async def test_strangers_and_partner_scopes(live_engine: AsyncEngine) -> None:
    async with replica() as api:
        anonymous = await api.http.get("/v1/me/stream")
        assert_problem(anonymous, 401)
        thread = await committed_thread(live_engine, api.http)
        from tests.factories import partner_headers

        async with AsyncSession(live_engine, expire_on_commit=False) as session:
            unscoped = await partner_headers(session, thread.creative.id, "proposals:read")
            await session.commit()
        assert_problem(await api.http.get("/v1/me/stream", headers=unscoped), 403)
