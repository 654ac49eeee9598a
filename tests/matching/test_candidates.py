"""Candidate generation samples each skill from a point of the gig's own, keeps every local
creative for on-site work, and the text evidence computed in Python equals PostgreSQL's."""

from __future__ import annotations

import uuid
from collections import Counter

import pytest
from sqlalchemy import Float, any_, bindparam, cast, func, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import Uuid

from app.core.clock import jakarta_today
from app.models import CreativeProfile, WorkMode
from app.services.matching import candidates, loading
from app.services.matching.features import GigFeatures
from app.services.matching.recommendations import brief_words
from app.services.matching.words import shared_lexemes
from tests.factories import make_creative, make_gig
from tests.helpers import Actor

# Only pouch design is sought: the brief names no other skill of the category.
POUCH_BRIEF = "Kami mencari desainer untuk standing pouch keripik singkong rasa balado."


async def _gig(session: AsyncSession, owner: Actor, **fields: object) -> GigFeatures:
    gig = await make_gig(
        session,
        owner,
        title="Standing pouch keripik singkong",
        description=POUCH_BRIEF,
        skills=["pouch-design"],
        **fields,  # type: ignore[arg-type]
    )
    features = await loading.load_gig(session, gig.id)
    assert features is not None
    assert loading.needed_skills(features) == {"pouch-design"}
    return features


async def test_each_gig_samples_a_window_of_its_own_and_nobody_is_always_left_out(
    session: AsyncSession, owner: Actor
) -> None:
    # No category listed, so only the skill's window can bring them in.
    designers = {
        (await make_creative(session, skills=["pouch-design"], categories=[])).profile_id
        for _ in range(6)
    }
    seen: Counter[uuid.UUID] = Counter()
    # Enough gigs that a designer whose window arc is small still gets sampled: with 20, a
    # random cluster of ids left one out about once in a few hundred runs.
    gigs = [await _gig(session, owner) for _ in range(120)]
    for gig in gigs:
        ids = await candidates.creative_candidates(session, gig, window=3)
        assert len(ids) == 3 and set(ids) <= designers
        # Stable for one gig.
        assert await candidates.creative_candidates(session, gig, window=3) == ids
        seen.update(ids)
    # Different gigs start at different points: everyone is sampled, nobody every time.
    assert set(seen) == designers
    assert max(seen.values()) < len(gigs)


async def test_creatives_with_more_of_the_needed_skills_come_first(
    session: AsyncSession, owner: Actor
) -> None:
    both = {
        (
            await make_creative(session, skills=["pouch-design", "label-design"], categories=[])
        ).profile_id
        for _ in range(3)
    }
    for _ in range(6):
        await make_creative(session, skills=["pouch-design"], categories=[])
        await make_creative(session, skills=["label-design"], categories=[])
    for _ in range(5):
        gig = await make_gig(session, owner, skills=["pouch-design", "label-design"])
        features = await loading.load_gig(session, gig.id)
        assert features is not None
        ids = await candidates.creative_candidates(session, features, window=5)
        # Whoever of `both` falls in the windows is counted with both skills and leads.
        leading = ids[: len(both & set(ids))]
        assert set(leading) == both & set(ids)


async def test_local_creatives_are_candidates_for_onsite_work_whatever_the_sample(
    session: AsyncSession, owner: Actor
) -> None:
    for _ in range(5):
        await make_creative(session, skills=["pouch-design"], categories=[], region_code="31.71")
    local = await make_creative(session, skills=["pouch-design"], categories=[])
    listing = await make_creative(session, skills=[], categories=["packaging-design"])
    elsewhere = await make_creative(
        session, skills=[], categories=["packaging-design"], region_code="31.71"
    )
    for _ in range(5):
        gig = await _gig(session, owner, work_mode=WorkMode.onsite, region_code="35.78")
        ids = await candidates.creative_candidates(session, gig, window=1, pool=3)
        # One sampled (perhaps the local one), the local one with the skill and the local
        # one listing the category; a creative elsewhere who only lists the category only
        # fills a place left over, last.
        assert {local.profile_id, listing.profile_id} <= set(ids)
        assert ids.index(local.profile_id) < ids.index(listing.profile_id)
        assert elsewhere.profile_id not in ids[:-1]


async def test_text_evidence_equals_postgresql_ts_rank_and_shared_lexemes(
    session: AsyncSession, owner: Actor
) -> None:
    profiles = [
        ("Desainer kemasan standing pouch", "Pengemasan keripik dan label halal sejak 2019."),
        ("Packaging designer", "Pouch, label and dieline for snacks; siap cetak."),
        ("Ilustrator buku anak", "Cat air dan digital."),
        ("Desain kemasan", "Kemasan, kemasan, kemasan: standing pouch, label, kemasan kopi."),
    ]
    creatives = [
        await make_creative(session, headline=headline, bio=bio) for headline, bio in profiles
    ]
    gig = await _gig(session, owner)
    words = await brief_words(session, gig)
    ids = [c.profile_id for c in creatives]
    loaded = await loading.load_creatives(
        session, ids, today=jakarta_today(), against=words, title=gig.title
    )
    in_sql = select(
        CreativeProfile.id,
        cast(func.ts_rank(CreativeProfile.search_vector, words.tsquery()), Float),
        shared_lexemes(CreativeProfile.search_vector.expression, words),
    ).where(CreativeProfile.id == any_(bindparam("ids", type_=ARRAY(Uuid))))
    expected = {row[0]: row[1:] for row in await session.execute(in_sql, {"ids": ids})}
    assert len(loaded) == len(profiles)
    assert sum(evidence.profile_rank > 0 for _, evidence in loaded) == 3
    for creative, evidence in loaded:
        rank, lexemes = expected[creative.id]
        assert evidence.profile_rank == pytest.approx(rank, abs=1e-7)
        assert evidence.shared_words == words.shared(lexemes)
