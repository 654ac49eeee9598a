"""Full-text search on gigs: Indonesian stemming, English, typos, websearch syntax, ranking."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.gigs.conftest import PostGig
from tests.helpers import Actor

FILLER = "Detail lengkap akan dibagikan lewat WhatsApp setelah diskusi awal."


@pytest.fixture
async def gigs(owner: Actor, business_id: uuid.UUID, post_gig: PostGig) -> dict[str, str]:
    texts = {
        "kemasan": ("Desain kemasan keripik pisang", FILLER),
        "kopi": ("Desain kemasan kopi bubuk Temanggung", FILLER),
        "tulisan": ("Tulisan caption Instagram untuk toko batik", FILLER),
        "kiriman": ("Foto kiriman paket hampers lebaran", FILLER),
        "packaging": ("Premium packaging for chocolate bars", "Export-ready, English copy."),
        "described": (
            "Bantuan untuk usaha sambal rumahan",
            "Kami perlu kemasan baru untuk sambal bawang dalam botol kaca. " + FILLER,
        ),
    }
    ids = {}
    for key, (title, description) in texts.items():
        gig = await post_gig(owner, business_id, title=title, description=description)
        ids[key] = gig["id"]
    return ids


async def _search(client: httpx.AsyncClient, q: str, **params: str) -> list[str]:
    response = await client.get("/v1/gigs", params={"q": q, **params})
    assert response.status_code == 200, response.text
    return [g["id"] for g in response.json()["data"]]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        # Indonesian stemming, with the k/t a nasal prefix drops restored.
        ("pengemasan", {"kemasan", "kopi", "described"}),
        ("kemasan", {"kemasan", "kopi", "described"}),
        ("penulisan caption", {"tulisan"}),
        ("pengiriman", {"kiriman"}),
        ("tulisannya", {"tulisan"}),
        # English stemming, for loanwords and English copy.
        ("packages", {"packaging"}),
        ("chocolates", {"packaging"}),
        # A misspelt word is corrected to the closest title word, then searched everywhere.
        ("kemsan", {"kemasan", "kopi", "described"}),
        ("Temangung", {"kopi"}),
        # websearch syntax: exclusion, phrases, OR.
        ("kemasan -kopi", {"kemasan", "described"}),
        ('"kemasan kopi"', {"kopi"}),
        ("pisang or hampers", {"kemasan", "kiriman"}),
    ],
)
async def test_search_finds_what_the_owner_meant(
    client: httpx.AsyncClient, gigs: dict[str, str], q: str, expected: set[str]
) -> None:
    assert set(await _search(client, q)) == {gigs[key] for key in expected}


async def test_title_matches_rank_above_description_matches(
    client: httpx.AsyncClient, gigs: dict[str, str]
) -> None:
    ids = await _search(client, "kemasan")
    assert ids[-1] == gigs["described"]


@pytest.mark.parametrize(
    "q", ["yang dan", "&", "kemasan & | ! ( ) : * <-> \\", "'; DROP TABLE gigs; --", "🍜 mie"]
)
async def test_odd_queries_never_fail(
    client: httpx.AsyncClient, gigs: dict[str, str], q: str
) -> None:
    assert isinstance(await _search(client, q), list)


async def test_search_and_filters_ignore_other_owners_drafts(
    client: httpx.AsyncClient,
    gigs: dict[str, str],
    owner: Actor,
    business_id: uuid.UUID,
    post_gig: PostGig,
) -> None:
    draft = await post_gig(owner, business_id, title="Desain kemasan rahasia", status="draft")
    assert draft["id"] not in await _search(client, "kemasan")
    assert draft["id"] not in await _search(client, "kemasan", sort="newest")


async def test_a_retitled_gig_teaches_search_its_new_words(
    client: httpx.AsyncClient,
    gigs: dict[str, str],
    owner: Actor,
    business_id: uuid.UUID,
    post_gig: PostGig,
) -> None:
    gig = await post_gig(owner, business_id, title="Desain brosur promo", description=FILLER)
    assert await _search(client, "maskott") == []
    response = await client.patch(
        f"/v1/gigs/{gig['id']}", headers=owner.headers, json={"title": "Ilustrasi maskot rendang"}
    )
    assert response.status_code == 200, response.text
    assert await _search(client, "maskott") == [gig["id"]]


async def test_corrections_need_a_close_word_and_skip_precise_queries(
    client: httpx.AsyncClient, gigs: dict[str, str]
) -> None:
    # Nothing in the vocabulary resembles it: no results rather than loosely related ones.
    assert await _search(client, "zqxwv") == []
    # Quotes ask for exactly this word, misspelt or not.
    assert await _search(client, '"kemsan"') == []
    assert set(await _search(client, "kemsan")) == {
        gigs["kemasan"],
        gigs["kopi"],
        gigs["described"],
    }
