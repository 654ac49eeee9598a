"""Search through the one shared Indonesian module: every word form finds the others, on gigs
and creatives alike, combined with filters and stable cursor paging."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import WorkMode
from app.services.search.indonesian import (
    STOP_WORDS,
    content_words,
    expanded_tsquery_text,
    indonesian_variants,
    restore_nasal_roots,
    uses_websearch_syntax,
)
from tests.factories import make_creative, make_gig
from tests.helpers import Actor


async def _walk(client: httpx.AsyncClient, path: str, params: dict[str, Any]) -> list[str]:
    ids: list[str] = []
    cursor = None
    for _ in range(50):
        paged = {**params, **({"cursor": cursor} if cursor else {})}
        response = await client.get(path, params=paged)
        assert response.status_code == 200, response.text
        page = response.json()
        ids += [item["id"] for item in page["data"]]
        cursor = page["next_cursor"]
        if cursor is None:
            return ids
    raise AssertionError("paging did not end")


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        # Snowball gives "pengemasan" -> "emas" and "kemasan" -> "masan": only the shared word
        # forms let each find the other.
        ("kemasan", {"pengemasan", "kemasan", "dikemas"}),
        ("pengemasan", {"pengemasan", "kemasan", "dikemas"}),
        ("mengemas", {"pengemasan", "kemasan", "dikemas"}),
        ("penulisan", {"tulisan"}),
        ("tulisan", {"tulisan"}),
        ('"jasa pengemasan"', {"pengemasan"}),
        ("kemasan -ulang", {"kemasan", "dikemas"}),
    ],
)
async def test_gig_search_finds_every_word_form(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor, q: str, expected: set[str]
) -> None:
    titles = {
        "pengemasan": "Jasa pengemasan ulang produk kering",
        "kemasan": "Desain kemasan keripik pisang",
        "dikemas": "Kopi bubuk dikemas dalam pouch",
        "tulisan": "Tulisan caption Instagram toko batik",
        "foto": "Foto produk latar putih",
    }
    ids = {}
    for key, title in titles.items():
        gig = await make_gig(session, owner, title=title, description="Detail lewat WhatsApp.")
        ids[str(gig.id)] = key
    found = await _walk(client, "/v1/gigs", {"q": q, "limit": 2})
    assert {ids[i] for i in found if i in ids} == expected


async def test_creative_search_finds_every_word_form_with_filters_and_pages(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    neutral = "Siap membantu UMKM."
    surabaya = [
        await make_creative(session, headline="Jasa pengemasan ulang", bio=neutral),
        await make_creative(session, headline="Desain kemasan kopi", region_code="35.73", bio="-"),
        await make_creative(session, headline="Label dikemas rapi", bio=neutral),
    ]
    elsewhere = await make_creative(
        session, headline="Desain kemasan sambal", bio=neutral, region_code="32.73"
    )
    photographer = await make_creative(session, headline="Fotografer produk", bio=neutral)
    for q in ("kemasan", "pengemasan", "mengemas"):
        found = await _walk(client, "/v1/creatives", {"q": q, "region": "35", "limit": 1})
        assert set(found) == {str(c.profile_id) for c in surabaya}, q
        assert len(found) == len(set(found))
    everywhere = await _walk(client, "/v1/creatives", {"q": "kemasan", "limit": 2})
    assert (
        str(elsewhere.profile_id) in everywhere and str(photographer.profile_id) not in everywhere
    )


async def test_gig_search_combines_text_with_every_filter(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor
) -> None:
    match = await make_gig(
        session, owner, title="Pengemasan hampers", work_mode=WorkMode.hybrid, region_code="35.78"
    )
    other_region = await make_gig(
        session, owner, title="Kemasan hampers", work_mode=WorkMode.hybrid, region_code="32.73"
    )
    remote = await make_gig(session, owner, title="Kemasan hampers", work_mode=WorkMode.remote)
    params = {"q": "kemasan", "region": "35", "work_mode": "hybrid", "skill": "pouch-design"}
    assert await _walk(client, "/v1/gigs", params) == [str(match.id)]
    assert not {str(other_region.id), str(remote.id)} & set(await _walk(client, "/v1/gigs", params))


def test_one_module_serves_every_search() -> None:
    assert {"kemas", "kemasan", "mengemas"} <= indonesian_variants("pengemasan")
    assert restore_nasal_roots("pengemasan dan penulisan") == "kemasan dan tulisan"
    assert uses_websearch_syntax('"desain kemasan"') and uses_websearch_syntax("kopi -susu")
    assert not uses_websearch_syntax("desain kemasan kopi")
    assert expanded_tsquery_text('"desain kemasan"') is None
    expanded = expanded_tsquery_text("kemasan -kopi")
    assert expanded is not None and expanded.endswith("& !kopi") and "mengemas" in expanded
    # A brief turns into its content words: no function words, no numbers, no repeats.
    brief = "Kami butuh desain kemasan untuk keripik 150 gram, desain baru"
    assert content_words([brief], limit=10) == ["desain", "kemasan", "keripik", "gram"]
    assert {"yang", "untuk", "kami", "the", "and"} <= STOP_WORDS
    assert content_words(["satu dua tiga empat lima"], limit=2) == ["satu", "dua"]
