"""Public reference endpoints: categories, skill search and Kemendagri regions."""

from __future__ import annotations

import httpx
import pytest

from app.reference.categories import CATEGORIES
from app.reference.regions import PROVINCE_COUNT, REGENCY_COUNT, load_regions
from app.reference.skills import SKILLS
from tests.helpers import assert_problem, signup


async def test_categories_are_listed_in_curated_order(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/categories")
    assert response.status_code == 200
    data = response.json()["data"]
    assert [c["slug"] for c in data] == [c.slug for c in CATEGORIES]
    assert set(data[0]) == {"slug", "name_id", "name_en", "description_id", "description_en"}
    assert data[0]["name_id"] == "Desain Kemasan"


async def test_reference_endpoints_need_no_token_and_ignore_one(client: httpx.AsyncClient) -> None:
    owner = await signup(client, "owner")
    for path in ("/v1/categories", "/v1/skills", "/v1/regions", "/v1/regions/35"):
        assert (await client.get(path)).status_code == 200
        assert (await client.get(path, headers=owner.headers)).status_code == 200


async def test_indonesian_query_finds_packaging_design_first(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/skills", params={"q": "desain kemasan"})
    assert response.status_code == 200
    data = response.json()["data"]
    assert data[0]["slug"] == "packaging-design"
    assert data[0] == {
        "slug": "packaging-design",
        "name_id": "Desain Kemasan",
        "name_en": "Packaging Design",
        "category_slug": "packaging-design",
        "synonyms": list(next(s for s in SKILLS if s.slug == "packaging-design").synonyms),
    }


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Packaging Design", "packaging-design"),  # English name, any case
        ("KEMASAN PRODUK", "packaging-design"),  # a synonym, shouted
        ("standing pouch", "pouch-design"),
        ("desain kemasn", "packaging-design"),  # a typo still finds it by trigram similarity
    ],
)
async def test_skill_search_matches_names_synonyms_and_typos(
    client: httpx.AsyncClient, q: str, expected: str
) -> None:
    data = (await client.get("/v1/skills", params={"q": q})).json()["data"]
    assert expected in [s["slug"] for s in data[:3]], data


async def test_skill_search_takes_like_wildcards_literally(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/skills", params={"q": "%_%"})
    assert response.status_code == 200
    assert response.json()["data"] == []


async def test_skill_search_filters_by_category_and_limits(client: httpx.AsyncClient) -> None:
    data = (
        await client.get("/v1/skills", params={"category": "packaging-design", "limit": 100})
    ).json()["data"]
    expected = {s.slug for s in SKILLS if s.category_slug == "packaging-design"}
    assert {s["slug"] for s in data} == expected

    combined = (
        await client.get("/v1/skills", params={"category": "logo-branding", "q": "desain"})
    ).json()["data"]
    assert combined and all(s["category_slug"] == "logo-branding" for s in combined)

    assert len((await client.get("/v1/skills")).json()["data"]) == 20
    assert len((await client.get("/v1/skills", params={"limit": 3})).json()["data"]) == 3
    assert len((await client.get("/v1/skills", params={"limit": 100})).json()["data"]) == 100


async def test_skill_search_rejects_unknown_category(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/skills", params={"category": "tukang-pijat"})
    body = assert_problem(response, 422, "unknown_category")
    assert "tukang-pijat" in body["detail"]


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": 101},
        {"limit": 10**30},
        {"q": "a\x00b"},
        {"q": "x" * 201},
        {"q": "   "},
        {"category": "Bukan Slug"},
    ],
)
async def test_skill_search_rejects_bad_input(
    client: httpx.AsyncClient, params: dict[str, object]
) -> None:
    assert_problem(await client.get("/v1/skills", params=params), 422, "validation_error")


async def test_region_search_is_case_insensitive(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/regions", params={"q": "surabaya"})
    assert response.status_code == 200
    assert response.json()["data"] == [
        {"code": "35.78", "name": "Kota Surabaya", "level": "regency", "parent_code": "35"}
    ]


async def test_regions_filter_by_level_and_parent(client: httpx.AsyncClient) -> None:
    provinces = (await client.get("/v1/regions", params={"level": "province", "limit": 100})).json()
    assert len(provinces["data"]) == PROVINCE_COUNT
    assert provinces["next_cursor"] is None
    assert all(r["parent_code"] is None for r in provinces["data"])

    east_java = (await client.get("/v1/regions", params={"parent": "35", "limit": 100})).json()
    expected = [r.code for r in load_regions() if r.parent_code == "35"]
    assert [r["code"] for r in east_java["data"]] == expected

    kota_in_east_java = (
        await client.get("/v1/regions", params={"parent": "35", "q": "kota", "level": "regency"})
    ).json()["data"]
    assert {r["name"] for r in kota_in_east_java} >= {"Kota Surabaya", "Kota Malang"}
    assert all(r["name"].startswith("Kota") for r in kota_in_east_java)

    none = await client.get("/v1/regions", params={"parent": "35", "level": "province"})
    assert none.json() == {"data": [], "next_cursor": None}


async def test_walking_all_region_pages_returns_each_region_once(
    client: httpx.AsyncClient,
) -> None:
    seen: list[str] = []
    cursor: str | None = None
    while True:
        params: dict[str, str | int] = {"limit": 37}
        if cursor:
            params["cursor"] = cursor
        page = (await client.get("/v1/regions", params=params)).json()
        seen.extend(r["code"] for r in page["data"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == PROVINCE_COUNT + REGENCY_COUNT
    assert seen == sorted(r.code for r in load_regions())


async def test_region_cursor_keeps_filters_apart_from_position(
    client: httpx.AsyncClient,
) -> None:
    first = (await client.get("/v1/regions", params={"q": "kota", "limit": 5})).json()
    second = (
        await client.get(
            "/v1/regions", params={"q": "kota", "limit": 5, "cursor": first["next_cursor"]}
        )
    ).json()
    codes = [r["code"] for r in first["data"] + second["data"]]
    assert len(set(codes)) == 10 and codes == sorted(codes)
    assert all("kota" in r["name"].lower() for r in second["data"])


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"level": "village"}, "validation_error"),
        ({"parent": "35.78"}, "validation_error"),  # a regency has no children to list
        ({"parent": "3"}, "validation_error"),
        ({"parent": "99"}, "unknown_region"),
        ({"q": "kota\x00"}, "validation_error"),
        ({"limit": 10**20}, "validation_error"),
    ],
)
async def test_region_list_rejects_bad_filters(
    client: httpx.AsyncClient, params: dict[str, object], code: str
) -> None:
    assert_problem(await client.get("/v1/regions", params=params), 422, code)


@pytest.mark.parametrize(
    "cursor",
    [
        "!!!",
        "bm90LWpzb24",  # not JSON
        "WzEsMiwzLDQsNV0",  # [1,2,3,4,5]
        "W251bGxd",  # [null]
    ],
)
async def test_region_list_rejects_forged_cursors(client: httpx.AsyncClient, cursor: str) -> None:
    response = await client.get("/v1/regions", params={"cursor": cursor})
    assert response.status_code in (400, 422), response.text
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_get_region_by_code(client: httpx.AsyncClient) -> None:
    regency = (await client.get("/v1/regions/33.26")).json()
    assert regency == {
        "code": "33.26",
        "name": "Kabupaten Pekalongan",
        "level": "regency",
        "parent_code": "33",
    }
    province = (await client.get("/v1/regions/35")).json()
    assert province["name"] == "Jawa Timur" and province["level"] == "province"


async def test_get_region_unknown_or_malformed(client: httpx.AsyncClient) -> None:
    assert_problem(await client.get("/v1/regions/99.99"), 404, "region_not_found")
    assert_problem(await client.get("/v1/regions/35.7"), 422, "validation_error")
    assert_problem(await client.get("/v1/regions/surabaya"), 422, "validation_error")
