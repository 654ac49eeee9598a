"""GET /v1/gigs/{id}/matches: for every signal, the creative who fits better ranks higher."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import jakarta_today
from app.models import Availability, ContractStatus, Gig, WorkMode
from tests.factories import Creative, make_creative, make_gig
from tests.helpers import Actor
from tests.matching.factories import make_contract


async def matches(
    client: httpx.AsyncClient, owner: Actor, gig: Gig, **params: Any
) -> list[dict[str, Any]]:
    response = await client.get(f"/v1/gigs/{gig.id}/matches", headers=owner.headers, params=params)
    assert response.status_code == 200, response.text
    data: list[dict[str, Any]] = response.json()["data"]
    return data


def in_order(data: list[dict[str, Any]], *creatives: Creative) -> bool:
    """These creatives appear in the ranking in this order (others may sit between them)."""
    ids = [entry["creative"]["id"] for entry in data]
    positions = [ids.index(str(c.profile_id)) for c in creatives]
    return positions == sorted(positions)


def reason(entry: dict[str, Any], signal: str) -> dict[str, Any]:
    found = [r for r in entry["reasons"] if r["signal"] == signal]
    assert len(found) == 1, entry["reasons"]
    return found[0]


def entry_of(data: list[dict[str, Any]], creative: Creative) -> dict[str, Any]:
    return next(e for e in data if e["creative"]["id"] == str(creative.profile_id))


async def test_tagged_skills_beat_a_mention_which_beats_a_sibling_skill(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor
) -> None:
    gig = await make_gig(session, owner, skills=["pouch-design", "label-design"])
    neutral = {"headline": "Desainer grafis", "bio": "Desain untuk UMKM."}
    # The same words for the first two, so only how the skills are known differs.
    wording = {"headline": "Desainer grafis · standing pouch dan label produk", "bio": "UMKM."}
    tagged = await make_creative(session, skills=["pouch-design", "label-design"], **wording)
    mentioned = await make_creative(session, skills=["packaging-mockup"], **wording)
    sibling = await make_creative(session, skills=["packaging-mockup"], **neutral)
    unrelated = await make_creative(
        session, skills=["logo-design"], categories=["logo-branding", "packaging-design"], **neutral
    )
    data = await matches(client, owner, gig)
    assert in_order(data, tagged, mentioned, sibling, unrelated)
    assert "Desain Standing Pouch" in reason(entry_of(data, tagged), "skills")["text_id"]
    assert "profile mentions" in reason(entry_of(data, mentioned), "skills")["text_en"]


async def test_skills_named_in_the_brief_count_when_the_owner_tagged_none(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor
) -> None:
    gig = await make_gig(
        session,
        owner,
        skills=[],
        title="Foto produk untuk toko online",
        description="Butuh foto latar putih untuk 40 produk rajut, siap upload ke Shopee.",
        category="product-photography",
    )
    white = await make_creative(
        session, skills=["white-background-photography"], categories=["product-photography"]
    )
    food = await make_creative(
        session, skills=["food-photography"], categories=["product-photography"]
    )
    data = await matches(client, owner, gig)
    assert in_order(data, white, food)
    assert "Foto Latar Putih Marketplace" in reason(entry_of(data, white), "skills")["text_id"]


async def test_brief_wording_in_profile_and_portfolio_ranks_higher(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor
) -> None:
    gig = await make_gig(session, owner)
    same = {"skills": ["packaging-design"], "headline": "Desainer kemasan"}
    close = await make_creative(
        session,
        **same,
        bio="Spesialis kemasan keripik tempe dan sambal, standing pouch siap cetak.",
        portfolio=[
            ("Pouch keripik pedas", "Label halal dan PIRT untuk keripik", "packaging-design")
        ],
    )
    far = await make_creative(session, **same, bio="Mengerjakan desain untuk berbagai klien.")
    data = await matches(client, owner, gig)
    assert in_order(data, close, far)
    text = reason(entry_of(data, close), "text")
    assert {"keripik", "tempe", "pouch"} <= set(
        text["text_en"].rstrip(".").split(": ")[1].split(", ")
    )


async def test_indonesian_word_forms_match_across_the_stemmer_gap(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor
) -> None:
    # Snowball stems "pengemasan" to "emas" and "kemasan" to "masan": the shared module's word
    # forms still connect a brief saying "kemasan" with a bio saying "pengemasan".
    gig = await make_gig(session, owner, title="Kemasan baru", description="Perlu kemasan baru.")
    creative = await make_creative(
        session, headline="Jasa pengemasan ulang", bio="Pengemasan produk UMKM."
    )
    (entry,) = await matches(client, owner, gig)
    assert entry["creative"]["id"] == str(creative.profile_id)
    assert "kemasan" in reason(entry, "text")["text_id"]


async def test_a_misspelt_headline_still_scores_through_trigrams(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor
) -> None:
    gig = await make_gig(session, owner, title="Desain kemasan keripik tempe")
    same = {"skills": ["packaging-design"], "bio": "Berpengalaman lima tahun."}
    typo = await make_creative(session, headline="Desain kemsan kripik tempe", **same)
    other = await make_creative(session, headline="Jasa grafis serba bisa", **same)
    data = await matches(client, owner, gig)
    assert in_order(data, typo, other)
    assert (
        reason(entry_of(data, typo), "text")["contribution"]
        > reason(entry_of(data, other), "text")["contribution"]
    )


async def test_onsite_work_prefers_the_same_regency_then_the_province(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor
) -> None:
    gig = await make_gig(session, owner, work_mode=WorkMode.onsite, region_code="33.26")
    pekalongan = await make_creative(session, region_code="33.26")
    semarang = await make_creative(session, region_code="33.74")
    surabaya = await make_creative(session, region_code="35.78")
    data = await matches(client, owner, gig)
    assert in_order(data, pekalongan, semarang, surabaya)
    assert "Kabupaten Pekalongan" in reason(entry_of(data, pekalongan), "place")["text_id"]
    assert reason(entry_of(data, surabaya), "place")["contribution"] == 0


async def test_remote_work_ignores_place(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor
) -> None:
    gig = await make_gig(session, owner, work_mode=WorkMode.remote, region_code="33.26")
    near = await make_creative(session, region_code="33.26")
    far = await make_creative(session, region_code="12.71")
    data = await matches(client, owner, gig)
    assert entry_of(data, near)["score"] == entry_of(data, far)["score"]
    assert all(r["signal"] != "place" for e in data for r in e["reasons"])


async def test_a_rate_within_budget_ranks_above_one_beyond_it(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor
) -> None:
    gig = await make_gig(session, owner, budget=(750_000, 1_500_000))
    fits = await make_creative(session, rate_min_idr=1_000_000)
    unknown = await make_creative(session, rate_min_idr=None)
    dear = await make_creative(session, rate_min_idr=2_000_000)
    data = await matches(client, owner, gig)
    assert in_order(data, fits, unknown, dear)
    assert "Rp2.000.000" in reason(entry_of(data, dear), "price")["text_id"]


async def test_many_good_reviews_beat_a_single_perfect_one(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor
) -> None:
    gig = await make_gig(session, owner)
    proven = await make_creative(session, rating_avg=4.8, rating_count=20, completed_contracts=22)
    lucky = await make_creative(session, rating_avg=5.0, rating_count=1, completed_contracts=1)
    weak = await make_creative(session, rating_avg=3.1, rating_count=15, completed_contracts=16)
    data = await matches(client, owner, gig)
    assert in_order(data, proven, lucky)
    assert in_order(data, proven, weak)
    assert "4,8 dari 20 ulasan" in reason(entry_of(data, proven), "reputation")["text_id"]


async def test_on_time_delivery_counts(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor
) -> None:
    gig = await make_gig(session, owner)
    punctual = await make_creative(session)
    late = await make_creative(session)
    due = jakarta_today() - timedelta(days=20)
    on_time = datetime.now(UTC) - timedelta(days=25)
    too_late = datetime.now(UTC) - timedelta(days=5)
    for creative, submitted in ((punctual, on_time), (late, too_late)):
        await make_contract(
            session,
            creative,
            status=ContractStatus.completed,
            milestones=[(due, submitted), (due, submitted), (due, submitted)],
        )
    data = await matches(client, owner, gig)
    assert in_order(data, punctual, late)
    assert "100% milestone tepat waktu" in reason(entry_of(data, punctual), "reputation")["text_id"]
    assert "0% of milestones on time" in reason(entry_of(data, late), "reputation")["text_en"]


async def test_availability_and_current_load(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor
) -> None:
    gig = await make_gig(session, owner)
    free = await make_creative(session)
    loaded = await make_creative(session)
    busy = await make_creative(session, availability=Availability.busy)
    for _ in range(2):
        await make_contract(session, loaded)
    data = await matches(client, owner, gig)
    assert in_order(data, free, loaded, busy)
    assert reason(entry_of(data, loaded), "availability")["text_en"] == (
        "Available, 2 active contracts."
    )
