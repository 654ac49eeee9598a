"""GET /v1/creatives: filters, full-text search and keyset paging."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.creatives.factories import put_profile
from tests.helpers import assert_problem, signup


async def _walk(client: httpx.AsyncClient, params: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    cursor: str | None = None
    for _ in range(200):
        response = await client.get(
            "/v1/creatives", params={**params, **({"cursor": cursor} if cursor else {})}
        )
        assert response.status_code == 200, response.text
        page = response.json()
        assert len(page["data"]) <= params.get("limit", 20)
        found.extend(page["data"])
        cursor = page["next_cursor"]
        if cursor is None:
            return found
    raise AssertionError("pagination did not terminate")


async def _new_profile(client: httpx.AsyncClient, **overrides: Any) -> str:
    creative = await signup(client, "creative")
    return str((await put_profile(client, creative, **overrides))["id"])


async def test_directory_lists_newest_first_across_pages(client: httpx.AsyncClient) -> None:
    ids = [await _new_profile(client, headline=f"Kreator nomor {n}") for n in range(5)]
    for limit in (1, 2, 100):
        walked = [c["id"] for c in await _walk(client, {"limit": limit})]
        assert len(walked) == len(set(walked))
        assert [i for i in walked if i in ids] == list(reversed(ids))


async def test_directory_entries_are_summaries(client: httpx.AsyncClient) -> None:
    creative = await signup(client, "creative", name="Rani Kusuma", phone="0812-9999-0000")
    profile = await put_profile(client, creative)
    entry = next(c for c in await _walk(client, {"limit": 100}) if c["id"] == profile["id"])
    assert entry == {
        k: v
        for k, v in profile.items()
        if k not in {"bio", "portfolio", "updated_at", "training", "hubs"}
    }
    assert creative.email not in str(entry) and "phone" not in entry


async def test_filters_combine(client: httpx.AsyncClient) -> None:
    surabaya_pack = await _new_profile(
        client,
        skills=["packaging-design"],
        categories=["packaging-design"],
        region_code="35.78",
    )
    malang_pack_busy = await _new_profile(
        client,
        skills=["packaging-design", "logo-design"],
        categories=["packaging-design", "logo-branding"],
        region_code="35.73",
        availability="busy",
    )
    jatim_logo = await _new_profile(
        client, skills=["logo-design"], categories=["logo-branding"], region_code="35"
    )
    cimahi_logo = await _new_profile(
        client, skills=["logo-design"], categories=["logo-branding"], region_code="32.77"
    )
    ours = {surabaya_pack, malang_pack_busy, jatim_logo, cimahi_logo}

    async def found(**params: Any) -> set[str]:
        return {c["id"] for c in await _walk(client, {"limit": 100, **params})} & ours

    assert await found(skill="packaging-design") == {surabaya_pack, malang_pack_busy}
    assert await found(category="logo-branding") == {malang_pack_busy, jatim_logo, cimahi_logo}
    assert await found(region="35") == {surabaya_pack, malang_pack_busy, jatim_logo}
    assert await found(region="35.78") == {surabaya_pack}
    assert await found(region="32") == {cimahi_logo}
    assert await found(availability="busy") == {malang_pack_busy}
    assert await found(availability="available", region="35", skill="logo-design") == {jatim_logo}
    assert await found(category="logo-branding", skill="packaging-design") == {malang_pack_busy}
    assert await found(region="33", skill="logo-design") == set()


async def test_indonesian_stemming_finds_related_words(client: httpx.AsyncClient) -> None:
    kemasan = await _new_profile(
        client,
        headline="Desainer grafis",
        bio="Spesialis kemasan makanan ringan dan label botol sambal.",
    )
    other = await _new_profile(
        client, headline="Fotografer produk", bio="Foto katalog untuk toko online."
    )
    hits = {c["id"] for c in await _walk(client, {"q": "pengemasan", "limit": 100})}
    assert kemasan in hits and other not in hits
    # ... and the reverse direction, and a prefixed verb form.
    dikemas = await _new_profile(client, headline="Kopi dikemas rapi", bio="Label siap cetak.")
    for q in ("kemasan", "mengemas"):
        hits = {c["id"] for c in await _walk(client, {"q": q, "limit": 100})}
        assert {kemasan, dikemas} <= hits and other not in hits, q


async def test_english_words_are_stemmed_too(client: httpx.AsyncClient) -> None:
    english = await _new_profile(client, headline="Packaging designer for food brands")
    hits = {c["id"] for c in await _walk(client, {"q": "packages", "limit": 100})}
    assert english in hits


async def test_search_ranks_headline_matches_first_and_pages_stably(
    client: httpx.AsyncClient,
) -> None:
    headline_hits = [
        await _new_profile(client, headline="Desain kemasan profesional", bio="Siap membantu.")
        for _ in range(4)
    ]
    bio_hits = [
        await _new_profile(client, headline="Desainer grafis", bio="Sering membuat kemasan.")
        for _ in range(3)
    ]
    misses = [await _new_profile(client, headline="Penulis konten", bio="Artikel SEO.")]
    everything = await _walk(client, {"q": "kemasan", "limit": 100})
    ids = [c["id"] for c in everything]
    assert set(headline_hits) | set(bio_hits) <= set(ids)
    assert not set(misses) & set(ids)
    # Ties in rank fall back to id, newest first.
    assert ids[:4] == sorted(headline_hits, reverse=True)
    assert ids[4:7] == sorted(bio_hits, reverse=True)
    for limit in (1, 2, 3):
        walked = [c["id"] for c in await _walk(client, {"q": "kemasan", "limit": limit})]
        assert walked == ids


async def test_search_combines_with_filters(client: httpx.AsyncClient) -> None:
    surabaya = await _new_profile(client, bio="Desain kemasan keripik.", region_code="35.78")
    cimahi = await _new_profile(client, bio="Desain kemasan kopi.", region_code="32.77")
    hits = {c["id"] for c in await _walk(client, {"q": "kemasan", "region": "35"})}
    assert surabaya in hits and cimahi not in hits


async def test_search_operators_and_stop_words_do_not_break(client: httpx.AsyncClient) -> None:
    await _new_profile(client, bio="Desain kemasan keripik.")
    for q in ['"desain kemasan"', "kemasan -kopi", "kemasan OR logo", "dan", "!!! &&& |||", "'"]:
        response = await client.get("/v1/creatives", params={"q": q})
        assert response.status_code == 200, (q, response.text)


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"skill": "ilmu-gaib"}, 422, "unknown_skill"),
        ({"category": "ilmu-gaib"}, 422, "unknown_category"),
        ({"region": "99"}, 422, "unknown_region"),
        ({"region": "jatim"}, 422, "validation_error"),
        ({"availability": "cuti"}, 422, "validation_error"),
        ({"q": "kemasan\x00"}, 422, "validation_error"),
        ({"q": "k" * 201}, 422, "validation_error"),
        ({"q": ""}, 422, "validation_error"),
        ({"skill": "A" * 65}, 422, "validation_error"),
        ({"limit": 10**25}, 422, "validation_error"),
        ({"limit": -1}, 422, "validation_error"),
        ({"cursor": "bm90LWpzb24"}, 400, "invalid_cursor"),
    ],
)
async def test_list_rejects_bad_parameters(
    client: httpx.AsyncClient, params: dict[str, Any], status: int, code: str
) -> None:
    assert_problem(await client.get("/v1/creatives", params=params), status, code)


async def test_cursor_of_one_ordering_is_refused_by_the_other(client: httpx.AsyncClient) -> None:
    for _ in range(2):
        await _new_profile(client, bio="Desain kemasan keripik.")
    newest = (await client.get("/v1/creatives", params={"limit": 1})).json()["next_cursor"]
    ranked = (await client.get("/v1/creatives", params={"limit": 1, "q": "kemasan"})).json()[
        "next_cursor"
    ]
    assert newest and ranked
    response = await client.get("/v1/creatives", params={"cursor": newest, "q": "kemasan"})
    assert_problem(response, 400, "invalid_cursor")
    response = await client.get("/v1/creatives", params={"cursor": ranked})
    assert_problem(response, 400, "invalid_cursor")


async def test_every_unknown_filter_is_named_in_one_answer(client: httpx.AsyncClient) -> None:
    params = {"skill": "ilmu-gaib", "category": "sulap", "region": "99"}
    problem = assert_problem(
        await client.get("/v1/creatives", params=params), 422, "validation_error"
    )
    assert {e["loc"]: e["code"] for e in problem["errors"]} == {
        "query.skill": "unknown_skill",
        "query.category": "unknown_category",
        "query.region": "unknown_region",
    }
