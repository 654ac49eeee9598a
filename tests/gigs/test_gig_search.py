"""GET /v1/gigs: filters in every combination, full-text search and keyset pagination."""

from __future__ import annotations

import base64
import itertools
import json
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from app.models import GigStatus
from tests.gigs.conftest import PostGig, SetGig
from tests.gigs.factories import in_days
from tests.helpers import Actor, assert_problem

CATEGORIES = ["packaging-design", "product-photography", "logo-branding"]
REGIONS = ["35.78", "35.15", "33.26", "35", None]
SKILL_SETS = [["pouch-design", "label-design"], ["food-photography"], ["pouch-design"], []]
TITLES = [
    ("Desain kemasan keripik singkong", "Pouch 250 gram dengan jendela transparan dan PIRT."),
    ("Foto produk sambal untuk Shopee", "Dua puluh foto latar putih dan lima foto suasana dapur."),
    ("Logo warung kopi susu", "Logo sederhana yang terbaca jelas di gerobak dan gelas plastik."),
    ("Label botol kemasan jamu", "Label botol 250 ml beserta informasi komposisi dan halal."),
]

Gigs = list[dict[str, Any]]


@pytest.fixture
async def corpus(owner: Actor, business_id: uuid.UUID, post_gig: PostGig, set_gig: SetGig) -> Gigs:
    """20 open gigs that tie on budgets and deadlines, plus one gig in each other status."""
    gigs: Gigs = []
    for i in range(20):
        region = REGIONS[i % 5]
        work_mode = "remote" if region is None else ["onsite", "hybrid", "remote"][i % 3]
        budget_min = 100_000 * (1 + i % 4)
        gig = await post_gig(
            owner,
            business_id,
            title=f"{TITLES[i % 4][0]} #{i}",
            description=TITLES[i % 4][1],
            category=CATEGORIES[i % 3],
            skills=SKILL_SETS[i % 4],
            region_code=region,
            work_mode=work_mode,
            budget_min_idr=budget_min,
            budget_max_idr=budget_min + 250_000 * (i % 3),
            deadline=in_days(10 + i % 4),
        )
        gig["skill_slugs"] = SKILL_SETS[i % 4]
        gigs.append(gig)
    for status in (GigStatus.draft, GigStatus.in_progress, GigStatus.cancelled):
        hidden = await post_gig(owner, business_id, title=f"{TITLES[0][0]} ({status})")
        await set_gig(hidden["id"], status=status)
    return gigs


async def _walk(client: httpx.AsyncClient, params: dict[str, Any]) -> list[str]:
    """Every id the list returns, following next_cursor to the end."""
    ids: list[str] = []
    cursor = None
    for _ in range(100):
        response = await client.get(
            "/v1/gigs", params={**params, "cursor": cursor} if cursor else params
        )
        assert response.status_code == 200, response.text
        page = response.json()
        assert len(page["data"]) <= params.get("limit", 20)
        ids.extend(g["id"] for g in page["data"])
        cursor = page["next_cursor"]
        if cursor is None:
            return ids
    raise AssertionError("pagination did not end")


def _region_matches(wanted: str, gig: dict[str, Any]) -> bool:
    code = gig["region"]["code"] if gig["region"] else None
    if code is None:
        return False
    return code == wanted or ("." not in wanted and code.startswith(wanted + "."))


def _matches(gig: dict[str, Any], filters: dict[str, Any]) -> bool:
    checks: list[Callable[[], bool]] = [
        lambda: "category" not in filters or gig["category"]["slug"] == filters["category"],
        lambda: "region" not in filters or _region_matches(filters["region"], gig),
        lambda: "work_mode" not in filters or gig["work_mode"] == filters["work_mode"],
        lambda: "skill" not in filters or filters["skill"] in gig["skill_slugs"],
        lambda: (
            "budget_min_idr" not in filters or gig["budget_max_idr"] >= filters["budget_min_idr"]
        ),
        lambda: (
            "budget_max_idr" not in filters or gig["budget_min_idr"] <= filters["budget_max_idr"]
        ),
    ]
    return all(check() for check in checks)


FILTER_VALUES: list[list[dict[str, Any]]] = [
    [{}, {"category": "packaging-design"}],
    [{}, {"region": "35"}, {"region": "35.78"}, {"region": "33.26"}],
    [{}, {"work_mode": "hybrid"}],
    [
        {},
        {"budget_min_idr": 450_000},
        {"budget_max_idr": 200_000},
        {"budget_min_idr": 250_000, "budget_max_idr": 300_000},
    ],
    [{}, {"skill": "pouch-design"}],
]


async def test_every_filter_combination_returns_exactly_the_matching_gigs(
    client: httpx.AsyncClient, corpus: Gigs
) -> None:
    non_empty = 0
    for parts in itertools.product(*FILTER_VALUES):
        filters = {k: v for part in parts for k, v in part.items()}
        expected = {g["id"] for g in corpus if _matches(g, filters)}
        ids = await _walk(client, {**filters, "limit": 7})
        assert len(ids) == len(set(ids)), filters
        assert set(ids) == expected, filters
        non_empty += bool(expected)
    assert non_empty > 40  # the corpus really exercises the filters


async def test_filters_combine_with_text_search(client: httpx.AsyncClient, corpus: Gigs) -> None:
    for filters in ({}, {"region": "35"}, {"category": "packaging-design", "work_mode": "onsite"}):
        expected = {
            g["id"] for g in corpus if "kemasan" in g["title"].lower() and _matches(g, filters)
        }
        ids = await _walk(client, {**filters, "q": "kemasan", "limit": 3})
        assert len(ids) == len(set(ids))
        assert set(ids) == expected, filters


def _expected_order(corpus: Gigs, sort: str) -> list[str]:
    def by_id(g: dict[str, Any]) -> uuid.UUID:
        return uuid.UUID(g["id"])

    if sort == "newest":
        ordered = sorted(corpus, key=lambda g: (g["created_at"], by_id(g)), reverse=True)
    elif sort == "budget_high":
        ordered = sorted(corpus, key=lambda g: (g["budget_max_idr"], by_id(g)), reverse=True)
    elif sort == "budget_low":
        ordered = sorted(corpus, key=lambda g: (g["budget_max_idr"], by_id(g)))
    else:
        ordered = sorted(corpus, key=lambda g: (g["deadline"], by_id(g)))
    return [g["id"] for g in ordered]


@pytest.mark.parametrize("sort", ["newest", "budget_high", "budget_low", "deadline"])
@pytest.mark.parametrize("limit", [1, 3, 20, 100])
async def test_walking_every_page_of_a_sort_misses_and_repeats_nothing(
    client: httpx.AsyncClient, corpus: Gigs, sort: str, limit: int
) -> None:
    ids = await _walk(client, {"sort": sort, "limit": limit})
    assert ids == _expected_order(corpus, sort)


@pytest.mark.parametrize("limit", [1, 2, 5])
async def test_relevance_pages_are_stable_despite_tied_ranks(
    client: httpx.AsyncClient, corpus: Gigs, limit: int
) -> None:
    everything = await _walk(client, {"q": "kemasan", "limit": 100})
    assert len(everything) == 10  # five "Desain kemasan" and five "Label botol kemasan" gigs
    assert await _walk(client, {"q": "kemasan", "limit": limit}) == everything
    explicit = await _walk(client, {"q": "kemasan", "sort": "relevance", "limit": limit})
    assert explicit == everything


async def test_a_search_can_use_any_sort(client: httpx.AsyncClient, corpus: Gigs) -> None:
    matching = [g for g in corpus if "kemasan" in g["title"].lower()]
    ids = await _walk(client, {"q": "kemasan", "sort": "budget_low", "limit": 3})
    assert ids == _expected_order(matching, "budget_low")


# --- cursors ---------------------------------------------------------------------------------


def _cursor(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


async def test_a_cursor_from_another_sort_is_rejected(
    client: httpx.AsyncClient, corpus: Gigs
) -> None:
    newest = (await client.get("/v1/gigs", params={"limit": 2})).json()["next_cursor"]
    relevance = (await client.get("/v1/gigs", params={"q": "kemasan", "limit": 2})).json()
    for sort in ("deadline", "budget_high", "budget_low"):
        response = await client.get("/v1/gigs", params={"sort": sort, "cursor": newest})
        assert_problem(response, 400, "invalid_cursor")
    response = await client.get("/v1/gigs", params={"cursor": relevance["next_cursor"]})
    assert_problem(response, 400, "invalid_cursor")
    response = await client.get(
        "/v1/gigs", params={"q": "kemasan", "sort": "relevance", "cursor": newest}
    )
    assert_problem(response, 400, "invalid_cursor")


@pytest.mark.parametrize(
    ("params", "values"),
    [
        ({}, ["newest", "kemarin", str(uuid.uuid4())]),
        ({}, ["newest", "2026-11-25T10:00:00", str(uuid.uuid4())]),
        ({}, ["newest", "2026-11-25T10:00:00+07:00"]),
        ({}, ["newest", "2026-11-25T10:00:00+07:00", "bukan-uuid"]),
        ({"sort": "deadline"}, ["deadline", "2026-02-30", str(uuid.uuid4())]),
        ({"sort": "budget_high"}, ["budget_high", 2**70, str(uuid.uuid4())]),
        ({"sort": "budget_high"}, ["budget_high", True, str(uuid.uuid4())]),
        ({"sort": "budget_low"}, ["budget_low", "1000", str(uuid.uuid4())]),
        ({"q": "kemasan"}, ["relevance", "tinggi", str(uuid.uuid4())]),
        ({"q": "kemasan"}, ["relevance", None, str(uuid.uuid4())]),
        ({}, [["newest"], 1, 2]),
        ({}, {"sort": "newest"}),
    ],
)
async def test_tampered_cursors_are_400(
    client: httpx.AsyncClient, params: dict[str, str], values: Any
) -> None:
    response = await client.get("/v1/gigs", params={**params, "cursor": _cursor(values)})
    assert_problem(response, 400, "invalid_cursor")


async def test_garbage_cursors_are_rejected(client: httpx.AsyncClient) -> None:
    assert_problem(await client.get("/v1/gigs", params={"cursor": "bm90LWpzb24"}), 400)
    assert_problem(await client.get("/v1/gigs", params={"cursor": "a!b"}), 422)
    assert_problem(await client.get("/v1/gigs", params={"cursor": "A" * 600}), 422)


# --- query validation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"q": "kemasan\x00"},
        {"q": "k" * 201},
        {"q": "   "},
        {"budget_min_idr": 2**70},
        {"budget_max_idr": -1},
        {"budget_min_idr": "sejuta"},
        {"limit": 0},
        {"limit": 101},
        {"sort": "termurah"},
        {"status": "arsip"},
        {"region": "3578"},
        {"region": "35.78.01"},
        {"category": "Desain Kemasan"},
        {"work_mode": "wfh"},
        {"skill": ["a", "b", "c", "d", "e", "f"]},
        {"mine": "mungkin"},
    ],
)
async def test_malformed_query_parameters_are_422(
    client: httpx.AsyncClient, params: dict[str, Any]
) -> None:
    assert_problem(await client.get("/v1/gigs", params=params), 422, "validation_error")


async def test_inverted_budget_filter_is_422(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/v1/gigs", params={"budget_min_idr": 500_000, "budget_max_idr": 100_000}
    )
    assert_problem(response, 422, "budget_range_invalid")


async def test_relevance_needs_a_query(client: httpx.AsyncClient) -> None:
    assert_problem(
        await client.get("/v1/gigs", params={"sort": "relevance"}), 422, "sort_requires_q"
    )


async def test_unknown_filter_values_simply_match_nothing(
    client: httpx.AsyncClient, corpus: Gigs
) -> None:
    for params in ({"category": "sulap"}, {"region": "99"}, {"skill": "memasak"}):
        response = await client.get("/v1/gigs", params=params)
        assert response.status_code == 200, response.text
        assert response.json() == {"data": [], "next_cursor": None}


async def test_repeated_skills_require_all_of_them(client: httpx.AsyncClient, corpus: Gigs) -> None:
    both = {"pouch-design", "label-design"}
    expected = {g["id"] for g in corpus if both <= set(g["skill_slugs"])}
    ids = await _walk(client, {"skill": sorted(both), "limit": 4})
    assert expected and set(ids) == expected


async def test_list_items_carry_an_excerpt_not_the_description(
    client: httpx.AsyncClient, owner: Actor, business_id: uuid.UUID, post_gig: PostGig
) -> None:
    long_description = "Kemasan hampers lebaran dengan pita dan kartu ucapan. " * 20
    await post_gig(owner, business_id, description=long_description)
    item = (await client.get("/v1/gigs")).json()["data"][0]
    assert "description" not in item
    assert item["excerpt"] == long_description[:280]


async def test_mine_combines_with_search_and_filters(
    client: httpx.AsyncClient, owner: Actor, business_id: uuid.UUID, post_gig: PostGig
) -> None:
    draft = await post_gig(owner, business_id, title="Desain kemasan rahasia", status="draft")
    photos = "Dua puluh foto bakpia untuk katalog marketplace dan Instagram."
    await post_gig(owner, business_id, title="Foto bakpia", description=photos, status="draft")
    await post_gig(owner, business_id, title="Desain kemasan bakpia", work_mode="onsite")
    params = {"mine": "true", "q": "pengemasan", "work_mode": "hybrid"}
    response = await client.get("/v1/gigs", params=params, headers=owner.headers)
    assert [g["id"] for g in response.json()["data"]] == [draft["id"]]
