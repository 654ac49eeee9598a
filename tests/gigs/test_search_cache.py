"""Public gig searches are answered from a short-lived per-process cache; own lists never are."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncConnection

from app.core.cache import ExpiringCache
from app.core.pagination import Page
from app.schemas.gigs import GigSummary
from app.services import gig_search
from tests.gigs.conftest import PostGig
from tests.helpers import Actor


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    clock = Clock()
    cache: ExpiringCache[str, Page[GigSummary]] = ExpiringCache(
        ttl_seconds=5, max_entries=100, clock=clock, uniform=lambda: 0.0
    )
    monkeypatch.setattr(gig_search, "public_pages", lambda: cache)
    yield clock


async def _ids(client: httpx.AsyncClient, **params: str) -> list[str]:
    response = await client.get("/v1/gigs", params=params)
    assert response.status_code == 200, response.text
    return [gig["id"] for gig in response.json()["data"]]


async def test_a_new_gig_shows_in_search_once_the_cached_page_expires(
    client: httpx.AsyncClient, clock: Clock, owner: Actor, business_id: uuid.UUID, post_gig: PostGig
) -> None:
    first = await post_gig(owner, business_id, title="Desain kemasan rendang kering")
    assert await _ids(client, q="rendang") == [first["id"]]
    second = await post_gig(owner, business_id, title="Foto produk rendang kaleng")

    clock.now += 4.9
    assert await _ids(client, q="rendang") == [first["id"]]  # the same page, not yet refreshed
    # Any other filter, limit or query is another page, computed afresh.
    assert set(await _ids(client, q="rendang", limit="5")) == {first["id"], second["id"]}
    clock.now += 0.2
    assert set(await _ids(client, q="rendang")) == {first["id"], second["id"]}


async def test_an_owners_own_list_is_never_cached(
    client: httpx.AsyncClient, clock: Clock, owner: Actor, business_id: uuid.UUID, post_gig: PostGig
) -> None:
    await post_gig(owner, business_id, title="Desain kemasan sambal roa")
    mine = {"mine": "true"}
    listed = await client.get("/v1/gigs", params=mine, headers=owner.headers)
    assert len(listed.json()["data"]) == 1
    await post_gig(owner, business_id, title="Desain label sambal roa")
    listed = await client.get("/v1/gigs", params=mine, headers=owner.headers)
    assert len(listed.json()["data"]) == 2


def test_the_cache_keeps_the_most_recently_used_pages() -> None:
    clock = Clock()
    cache: ExpiringCache[str, int] = ExpiringCache(
        ttl_seconds=5, max_entries=2, clock=clock, uniform=lambda: 0.0
    )
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1
    cache.put("c", 3)  # evicts "b", the least recently used
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (1, None, 3)
    clock.now += 5
    assert cache.get("a") is None and len(cache) == 1


def test_entries_filled_together_expire_apart_and_costly_ones_refresh_early() -> None:
    clock, draws = Clock(), iter([0.0, 1.0])
    cache: ExpiringCache[str, int] = ExpiringCache(
        ttl_seconds=10, max_entries=10, clock=clock, uniform=lambda: next(draws)
    )
    cache.put("longest", 1)  # lives 100% of the TTL
    cache.put("shortest", 2)  # lives 80%
    clock.now += 8
    assert (cache.get("longest"), cache.get("shortest")) == (1, None)

    early = ExpiringCache[str, int](
        ttl_seconds=10, max_entries=10, clock=clock, uniform=lambda: 0.5
    )
    early.put("cheap", 1, cost_seconds=0.0)
    early.put("costly", 2, cost_seconds=2.0)  # lives 9 s; -2 * ln(0.5) = 1.39 s early
    clock.now += 7.5
    assert (early.get("cheap"), early.get("costly")) == (1, 2)
    clock.now += 0.2
    assert (early.get("cheap"), early.get("costly")) == (1, None)
    assert len(early) == 2  # the costly entry stays for everyone else meanwhile


async def test_concurrent_identical_searches_compute_the_page_once(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    clock: Clock,
    owner: Actor,
    business_id: uuid.UUID,
    post_gig: PostGig,
) -> None:
    gig = await post_gig(owner, business_id, title="Desain kemasan kopi luwak")
    searches: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if "ts_rank" in statement:
            searches.append(statement)

    event.listen(connection.sync_connection, "before_cursor_execute", count)
    try:
        pages = await asyncio.gather(*(_ids(client, q="luwak") for _ in range(5)))
    finally:
        event.remove(connection.sync_connection, "before_cursor_execute", count)
    assert pages == [[gig["id"]]] * 5
    assert len(searches) == 1


async def test_a_signed_in_reader_sees_their_own_change_at_once(
    client: httpx.AsyncClient, clock: Clock, owner: Actor, business_id: uuid.UUID, post_gig: PostGig
) -> None:
    gig = await post_gig(owner, business_id, title="Desain kemasan abon sapi")
    assert await _ids(client, q="abon") == [gig["id"]]  # an anonymous page, now cached
    cancelled = await client.post(f"/v1/gigs/{gig['id']}/cancel", headers=owner.headers)
    assert cancelled.status_code == 200, cancelled.text
    own_view = await client.get("/v1/gigs", params={"q": "abon"}, headers=owner.headers)
    assert own_view.json()["data"] == []
