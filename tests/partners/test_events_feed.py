"""Polling `GET /v1/events`: who sees what, filters, the cursor, and commit-safe order."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.core.principal import Caller
from app.models import Event, User, UserRole
from app.services.events import record_event
from app.services.partners.feed import read_feed
from tests.factories import Creative
from tests.helpers import Actor, assert_problem, signup
from tests.partners.kit import RegisteredApp, bearer, connect


async def _record(session: AsyncSession, type_: str, *audience: uuid.UUID) -> Event:
    return await record_event(
        session,
        type=type_,
        subject_type=type_.split(".")[0],
        subject_id=uuid.uuid4(),
        actor_user_id=None,
        audience=audience,
        payload={"catatan": type_},
    )


async def test_a_user_sees_only_events_addressed_to_them(
    client: httpx.AsyncClient, session: AsyncSession, creative: Creative, owner: Actor
) -> None:
    mine = await _record(session, "proposal.accepted", creative.user_id, owner.id)
    await _record(session, "gig.published", owner.id)
    response = await client.get("/v1/events", headers=creative.headers)
    assert response.status_code == 200
    assert [e["id"] for e in response.json()["data"]] == [str(mine.id)]
    assert len((await client.get("/v1/events", headers=owner.headers)).json()["data"]) == 2
    stranger = await signup(client, "creative")
    assert (await client.get("/v1/events", headers=stranger.headers)).json()["data"] == []
    assert_problem(await client.get("/v1/events"), 401, "invalid_token")


async def test_a_partner_token_sees_only_the_types_its_scopes_cover(
    client: httpx.AsyncClient, session: AsyncSession, partner: RegisteredApp, creative: Creative
) -> None:
    proposal_event = await _record(session, "proposal.shortlisted", creative.user_id)
    await _record(session, "contract.created", creative.user_id)
    await _record(session, "something.internal", creative.user_id)
    token = await connect(client, partner, creative.actor, scope="gigs:read proposals:read")
    feed = (await client.get("/v1/events", headers=bearer(token["access_token"]))).json()
    assert [e["id"] for e in feed["data"]] == [str(proposal_event.id)]
    everything = (await client.get("/v1/events", headers=creative.headers)).json()
    assert len(everything["data"]) == 3


async def test_the_cursor_resumes_and_types_filter(
    client: httpx.AsyncClient, session: AsyncSession, creative: Creative
) -> None:
    events = [
        await _record(session, t, creative.user_id)
        for t in ("proposal.submitted", "proposal.shortlisted", "contract.created")
    ]
    first = (await client.get("/v1/events", params={"limit": 2}, headers=creative.headers)).json()
    assert [e["id"] for e in first["data"]] == [str(e.id) for e in events[:2]]
    assert first["next_after"] == first["data"][-1]["cursor"]
    rest = await client.get(
        "/v1/events", params={"after": first["next_after"]}, headers=creative.headers
    )
    assert [e["id"] for e in rest.json()["data"]] == [str(events[2].id)]
    empty = await client.get(
        "/v1/events", params={"after": rest.json()["next_after"]}, headers=creative.headers
    )
    assert empty.json() == {"data": [], "next_after": rest.json()["next_after"]}
    typed = await client.get(
        "/v1/events",
        params={"types": "contract.created,proposal.submitted"},
        headers=creative.headers,
    )
    assert [e["type"] for e in typed.json()["data"]] == ["proposal.submitted", "contract.created"]


@pytest.mark.parametrize(
    "params",
    [{"after": "bukan-kursor"}, {"types": "proposal"}, {"types": "a.b\x00"}, {"limit": "0"}],
)
async def test_bad_feed_parameters_are_client_errors(
    client: httpx.AsyncClient, creative: Creative, params: dict[str, str]
) -> None:
    response = await client.get("/v1/events", params=params, headers=creative.headers)
    assert response.status_code in (400, 422), response.text


async def test_an_event_committed_late_is_never_skipped(engine: AsyncEngine) -> None:
    """Two writers: the one that allocated the lower cursor commits last. A reader that
    already saw the other event must still get this one afterwards."""
    reader_id, slow_id, fast_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()

    async with engine.connect() as reader_conn:
        try:
            async with AsyncSession(reader_conn, expire_on_commit=False) as setup:
                setup.add(
                    User(
                        id=reader_id,
                        email=f"pembaca-{reader_id.hex[:8]}@contoh.id",
                        password_hash="x",
                        full_name="Pembaca Feed",
                        role=UserRole.creative,
                    )
                )
                await setup.commit()
                user = await setup.get_one(User, reader_id)
            caller = Caller(user=user, scopes=frozenset({"*"}), client_id=None)

            async with engine.connect() as slow_conn, engine.connect() as fast_conn:
                slow_tx, fast_tx = await slow_conn.begin(), await fast_conn.begin()
                async with AsyncSession(slow_conn) as slow, AsyncSession(fast_conn) as fast:
                    slow_event = await _record(slow, "proposal.submitted", reader_id)
                    fast_event = await _record(fast, "proposal.shortlisted", reader_id)
                    assert slow_event.cursor < fast_event.cursor
                    slow_id, fast_id = slow_event.id, fast_event.id
                    await fast_tx.commit()

                    async with AsyncSession(reader_conn, expire_on_commit=False) as reading:
                        page = await read_feed(reading, caller, after=None, types=[], limit=50)
                        await reading.commit()
                    # The fast event is committed, but the slow writer might still commit a
                    # lower cursor: the feed holds it back rather than skip ahead.
                    assert page.events == []

                    await slow_tx.commit()
                    async with AsyncSession(reader_conn, expire_on_commit=False) as reading:
                        page = await read_feed(reading, caller, after=None, types=[], limit=50)
                        await reading.commit()
                    assert [e.id for e in page.events] == [slow_id, fast_id]
        finally:
            async with engine.begin() as conn:
                await conn.execute(delete(Event).where(Event.id.in_([slow_id, fast_id])))
                await conn.execute(delete(User).where(User.id == reader_id))
