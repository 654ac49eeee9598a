"""GET /v1/businesses: the public directory and `mine=true`, filters and paging."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.businesses.factories import create_business
from tests.helpers import Actor, assert_problem, signup


async def _walk(
    client: httpx.AsyncClient, params: dict[str, Any], headers: dict[str, str] | None = None
) -> list[str]:
    ids: list[str] = []
    cursor: str | None = None
    while True:
        page_params = {**params, **({"cursor": cursor} if cursor else {})}
        response = await client.get("/v1/businesses", params=page_params, headers=headers)
        assert response.status_code == 200, response.text
        page = response.json()
        assert len(page["data"]) <= params.get("limit", 20)
        ids.extend(b["id"] for b in page["data"])
        cursor = page["next_cursor"]
        if cursor is None:
            return ids


@pytest.fixture
async def owners(client: httpx.AsyncClient) -> tuple[Actor, Actor]:
    return await signup(client, "owner"), await signup(client, "owner")


async def test_mine_lists_only_the_callers_businesses_newest_first(
    client: httpx.AsyncClient, owners: tuple[Actor, Actor]
) -> None:
    sari, budi = owners
    sari_ids = [(await create_business(client, sari, name=f"Sari {n}"))["id"] for n in range(7)]
    await create_business(client, budi)
    walked = await _walk(client, {"mine": "true", "limit": 3}, sari.headers)
    assert walked == list(reversed(sari_ids))

    creative = await signup(client, "creative")
    empty = await client.get("/v1/businesses", params={"mine": "true"}, headers=creative.headers)
    assert empty.json() == {"data": [], "next_cursor": None}


async def test_mine_needs_a_token(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/businesses", params={"mine": "true"})
    assert_problem(response, 401, "invalid_token")
    response = await client.get(
        "/v1/businesses", params={"mine": "true"}, headers={"Authorization": "Bearer nope"}
    )
    assert_problem(response, 401, "invalid_token")


async def test_public_directory_shows_everyone_once_in_order(
    client: httpx.AsyncClient, owners: tuple[Actor, Actor]
) -> None:
    sari, budi = owners
    created = []
    for n in range(5):
        created.append((await create_business(client, sari, name=f"Sari {n}"))["id"])
        created.append((await create_business(client, budi, name=f"Budi {n}"))["id"])
    for params in ({"limit": 4}, {"limit": 1}, {"limit": 100}, {"mine": "false", "limit": 3}):
        walked = await _walk(client, params)
        assert len(walked) == len(set(walked))
        ours = [business_id for business_id in walked if business_id in set(created)]
        assert ours == list(reversed(created))
    # A token does not narrow the public list.
    walked = await _walk(client, {"limit": 50}, sari.headers)
    assert set(created) <= set(walked)


async def test_filters_by_region_and_scale(
    client: httpx.AsyncClient, owners: tuple[Actor, Actor]
) -> None:
    sari, budi = owners
    surabaya_mikro = (await create_business(client, sari, region_code="35.78"))["id"]
    surabaya_kecil = (await create_business(client, budi, region_code="35.78", scale="kecil"))["id"]
    malang_kecil = (await create_business(client, sari, region_code="35.73", scale="kecil"))["id"]
    jatim_itself = (await create_business(client, sari, region_code="35", scale="menengah"))["id"]
    cimahi_kecil = (await create_business(client, budi, region_code="32.77", scale="kecil"))["id"]
    ours = {surabaya_mikro, surabaya_kecil, malang_kecil, jatim_itself, cimahi_kecil}

    async def found(params: dict[str, Any]) -> set[str]:
        return set(await _walk(client, {"limit": 100, **params})) & ours

    assert await found({"region": "35.78"}) == {surabaya_mikro, surabaya_kecil}
    assert await found({"region": "35"}) == {
        surabaya_mikro,
        surabaya_kecil,
        malang_kecil,
        jatim_itself,
    }
    assert await found({"scale": "kecil"}) == {surabaya_kecil, malang_kecil, cimahi_kecil}
    assert await found({"region": "35", "scale": "kecil"}) == {surabaya_kecil, malang_kecil}
    assert await found({"region": "32", "scale": "mikro"}) == set()
    mine = await _walk(client, {"mine": "true", "region": "35", "scale": "kecil"}, sari.headers)
    assert mine == [malang_kecil]


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"region": "99"}, 422, "unknown_region"),
        ({"region": "35.7"}, 422, "validation_error"),
        ({"region": "35\x00"}, 422, "validation_error"),
        ({"scale": "besar"}, 422, "validation_error"),
        ({"mine": "mungkin"}, 422, "validation_error"),
        ({"limit": 0}, 422, "validation_error"),
        ({"limit": 10**40}, 422, "validation_error"),
        ({"cursor": "a" * 600}, 422, "validation_error"),
        ({"cursor": "bm90LWpzb24"}, 400, "invalid_cursor"),
        ({"cursor": "WyJ4IiwieSJd"}, 400, "invalid_cursor"),  # ["x","y"]: not (time, uuid)
    ],
)
async def test_list_rejects_bad_parameters(
    client: httpx.AsyncClient, params: dict[str, Any], status: int, code: str
) -> None:
    assert_problem(await client.get("/v1/businesses", params=params), status, code)
