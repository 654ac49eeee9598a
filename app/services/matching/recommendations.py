"""The matching use cases: a gig's best creatives, a creative's best open gigs, and scoring a
given set of creatives (the proposals on a gig) with the same score."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import jakarta_today
from app.core.principal import Principal, require_role
from app.models import CreativeProfile, UserRole
from app.reference.categories import CATEGORIES
from app.repositories import gigs as gig_repository
from app.schemas.gigs import GigSummary
from app.schemas.matching import (
    CreativeMatchList,
    GigMatch,
    GigMatchList,
    MatchReason,
)
from app.services.creatives import ProfileMissing
from app.services.gigs import GigNotFound, NotGigOwner, is_gig_visible
from app.services.hubs.pool_access import ensure_pool_exists, in_exclusive_window
from app.services.matching import candidates, loading
from app.services.matching.features import CreativeFeatures, GigFeatures, Pair
from app.services.matching.ranking import Scored, rank_creatives, rank_gigs
from app.services.matching.reasons import explain
from app.services.matching.signals import Signal
from app.services.matching.taxonomy import CATEGORY_NAMES, SKILL_BY_SLUG
from app.services.matching.words import BRIEF_WORDS, PROFILE_WORDS, QueryWords, query_words

MAX_MATCHES = 50
_CATEGORY_POSITION = {category.slug: n for n, category in enumerate(CATEGORIES)}


async def score_creatives_for_gig(
    session: AsyncSession,
    gig: GigFeatures,
    creative_ids: Sequence[uuid.UUID] | None = None,
    *,
    disabled: Collection[Signal] = (),
    words: QueryWords | None = None,
) -> list[Scored]:
    """Creatives ranked for the gig: the given ones, or candidates generated in PostgreSQL."""
    if creative_ids is None:
        creative_ids = await candidates.creative_candidates(session, gig)
    if words is None:
        words = await brief_words(session, gig)
    loaded = await loading.load_creatives(
        session, creative_ids, today=jakarta_today(), against=words, title=gig.title
    )
    pairs = [
        Pair(gig, creative, loading.with_mentions(evidence, gig, creative))
        for creative, evidence in loaded
    ]
    return rank_creatives(pairs, disabled=disabled)


async def brief_words(session: AsyncSession, gig: GigFeatures) -> QueryWords:
    return await query_words(session, [gig.title, gig.description], limit=BRIEF_WORDS)


async def load_gig_for_owner(
    session: AsyncSession, principal: Principal, gig_id: uuid.UUID
) -> GigFeatures:
    """The gig's matching features; strangers get 404 for drafts and 403 for public gigs."""
    gig = await loading.load_gig(session, gig_id)
    if gig is None or not is_gig_visible(gig.status, gig.owner_id, principal):
        raise GigNotFound()
    if gig.owner_id != principal.id:
        raise NotGigOwner()
    return gig


async def match_creatives(
    session: AsyncSession,
    principal: Principal,
    gig_id: uuid.UUID,
    *,
    limit: int,
    pool: uuid.UUID | None = None,
) -> CreativeMatchList:
    """The gig's owner sees the creatives most likely to do the gig well, with reasons; with
    `pool`, only that talent pool's members. While the gig's own pool has it exclusively, its
    members are the ones ranked (nobody else may propose yet)."""
    gig = await load_gig_for_owner(session, principal, gig_id)
    if pool is not None:
        await ensure_pool_exists(session, pool)
    elif gig.pool_id is not None and in_exclusive_window(gig.pool_exclusive_until):
        pool = gig.pool_id
    words = await brief_words(session, gig)
    creative_ids = None if pool is None else await candidates.pool_candidates(session, gig, pool)
    ranked = await score_creatives_for_gig(session, gig, creative_ids, words=words)
    return creative_match_list(gig, ranked, limit=limit, pool_id=pool)


def creative_match_list(
    gig: GigFeatures, ranked: list[Scored], *, limit: int, pool_id: uuid.UUID | None = None
) -> CreativeMatchList:
    """The response: the first `limit` of the ranked creatives, each with its reasons."""
    # Plain fields validated once as a whole: constructing the nested models one by one
    # (some 300 per response) costs several times more.
    return CreativeMatchList.model_validate(
        {
            "gig_id": gig.id,
            "candidates_considered": len(ranked),
            "pool_id": pool_id,
            "data": [
                {
                    "creative": _creative_summary_fields(item.pair.creative),
                    "score": item.score,
                    "reasons": _reason_fields(item, item.pair.text.shared_words),
                }
                for item in ranked[:limit]
            ],
        }
    )


async def recommend_gigs(
    session: AsyncSession, principal: Principal, *, limit: int
) -> GigMatchList:
    """A creative with a profile sees open gigs they fit best, with reasons."""
    require_role(principal, UserRole.creative)
    profile_id = await session.scalar(
        select(CreativeProfile.id).where(CreativeProfile.user_id == principal.id)
    )
    if profile_id is None:
        raise ProfileMissing()
    today = jakarta_today()
    ((creative, _),) = await loading.load_creatives(session, [profile_id], today=today)
    skill_words = [
        f"{SKILL_BY_SLUG[slug].name_id} {SKILL_BY_SLUG[slug].name_en}"
        for slug in sorted(creative.skills)
        if slug in SKILL_BY_SLUG
    ]
    words = await query_words(
        session, [creative.headline, *skill_words, creative.text], limit=PROFILE_WORDS
    )
    gig_ids = await candidates.gig_candidates(session, creative, today=today)
    loaded = await loading.load_gigs(session, gig_ids, against=words, headline=creative.headline)
    ranked = rank_gigs(
        Pair(gig, creative, loading.with_mentions(evidence, gig, creative))
        for gig, evidence in loaded
    )[:limit]
    shared = await loading.shared_gig_words(session, [i.pair.gig.id for i in ranked], words)
    views = await gig_repository.get_gig_summary_views(session, [i.pair.gig.id for i in ranked])
    return GigMatchList(
        creative_id=creative.id,
        candidates_considered=len(loaded),
        data=[
            GigMatch(
                gig=GigSummary.model_validate(
                    {**gig_repository.gig_fields(view), "excerpt": view.excerpt}
                ),
                score=item.score,
                reasons=_reasons(item, shared.get(item.pair.gig.id, ())),
            )
            for item in ranked
            if (view := views.get(item.pair.gig.id)) is not None
        ],
    )


def _reason_fields(item: Scored, shared_words: tuple[str, ...]) -> list[dict[str, Any]]:
    words = tuple(dict.fromkeys([*shared_words, *item.pair.text.portfolio_words]))
    pair = replace(item.pair, text=replace(item.pair.text, shared_words=words))
    return [
        {
            "signal": reason.signal.value,
            "contribution": reason.contribution,
            "text_id": reason.text_id,
            "text_en": reason.text_en,
        }
        for reason in explain(pair, item.contributions)
    ]


def _reasons(item: Scored, shared_words: tuple[str, ...]) -> list[MatchReason]:
    return [MatchReason.model_validate(f) for f in _reason_fields(item, shared_words)]


def _creative_summary_fields(creative: CreativeFeatures) -> dict[str, Any]:
    """The directory entry (`CreativeSummary`) of a matched creative, from its features."""
    skills = sorted(
        (SKILL_BY_SLUG[slug] for slug in creative.skills if slug in SKILL_BY_SLUG),
        key=lambda skill: skill.name_id,
    )
    categories = sorted(creative.categories, key=lambda slug: _CATEGORY_POSITION.get(slug, 99))
    return {
        "id": creative.id,
        "display_name": creative.display_name,
        "headline": creative.headline,
        "skills": [{"slug": s.slug, "name_id": s.name_id, "name_en": s.name_en} for s in skills],
        "categories": [
            {"slug": slug, "name_id": CATEGORY_NAMES[slug][0], "name_en": CATEGORY_NAMES[slug][1]}
            for slug in categories
            if slug in CATEGORY_NAMES
        ],
        "region": {"code": creative.region_code, "name": creative.region_name},
        "rate_min_idr": creative.rate_min_idr,
        "availability": creative.availability,
        "rating": {"average": creative.rating_avg, "count": creative.rating_count},
        "completed_contracts": creative.completed_contracts,
        "member_since": creative.member_since,
    }
