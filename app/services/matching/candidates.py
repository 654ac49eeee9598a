"""Candidate generation: a bounded set picked in PostgreSQL, whatever the number of creatives.

Creatives for a gig. Everyone who tagged a skill the gig needs is counted from the
(skill_slug, creative_id) index alone; when that yields too few, a second pass does the same
for creatives listing the gig's category, through (category_slug, creative_id). At national
scale a popular skill has thousands of creatives, so at most TAG_SAMPLE go on: those with the
most matching skills, ties broken by a hash of (gig, creative) that is stable for one gig and
different between gigs (no creative is always, or never, in the sample). Those are pre-scored
on narrow columns (the covering index `ix_creative_profiles_matching`): matching skills,
nearness for on-site and hybrid work, availability and an affordable rate. For on-site and
hybrid work every creative of the gig's own regency with a needed skill or the category is
pre-scored too, so nobody nearby is lost to the sample. The best CANDIDATE_POOL go on to
`loading` and `ranking`.

Gigs for a creative. The newest RECENT_OPEN_GIGS open gigs in the creative's categories (and
their skills' categories), through the (status, created_at, id) index, leaving out on-site
gigs in other provinces, passed deadlines and gigs they have a live proposal on, pre-scored on
matching skills, nearness and budget.
"""

from __future__ import annotations

import uuid
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    Integer,
    Select,
    String,
    Uuid,
    all_,
    any_,
    bindparam,
    case,
    exists,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from app.models import (
    LIVE_PROPOSAL_STATUSES,
    Availability,
    CreativeProfile,
    Gig,
    GigStatus,
    Proposal,
    WorkMode,
    creative_categories,
    creative_skills,
    gig_skills,
)
from app.services.matching.features import CreativeFeatures, GigFeatures
from app.services.matching.loading import needed_skills
from app.services.matching.taxonomy import category_of

CANDIDATE_POOL = 100
TAG_SAMPLE = 1000
RECENT_OPEN_GIGS = 1000


def _nearness(region: ColumnElement[Any], code: ColumnElement[Any]) -> ColumnElement[Any]:
    """1.5 for the same regency, 0.75 for the same province; 0 when `code` is null."""
    same_province = func.left(region, 2) == func.left(code, 2)
    return case((region == code, 1.5), (same_province, 0.75), else_=0.0)


def _creative_prescore(points: ColumnElement[Any]) -> ColumnElement[Any]:
    return (
        points
        + _nearness(CreativeProfile.region_code.expression, bindparam("near", type_=String))
        + case((CreativeProfile.availability == Availability.available, 0.5), else_=0.0)
        + case(
            (CreativeProfile.rate_min_idr.is_(None), 0.3),
            (CreativeProfile.rate_min_idr <= bindparam("budget_max", type_=BigInteger), 0.5),
            else_=0.0,
        )
    )


@cache
def _creative_candidates_statement(by_category: bool, with_locals: bool) -> Select[Any]:
    """Built once per shape and bound per call (see the module doc for what it does)."""
    needed = bindparam("needed", type_=ARRAY(String))
    category = bindparam("category", type_=String)
    sample = bindparam("sample", type_=Integer)
    if by_category:
        tagged = (
            select(creative_categories.c.creative_id, literal(1).label("points"))
            .where(
                creative_categories.c.category_slug == category,
                creative_categories.c.creative_id != all_(bindparam("found", type_=ARRAY(Uuid))),
            )
            .subquery("tagged")
        )
    else:
        tagged = (
            select(creative_skills.c.creative_id, (2 * func.count()).label("points"))
            .where(creative_skills.c.skill_slug == any_(needed))
            .group_by(creative_skills.c.creative_id)
            .subquery("tagged")
        )
    # A seeded hash of the id: a stable order for one gig, a different one for the next.
    spread = func.uuid_hash_extended(tagged.c.creative_id, bindparam("seed", type_=BigInteger))
    sampled = (
        select(tagged.c.creative_id, tagged.c.points)
        .order_by(tagged.c.points.desc(), spread)
        .limit(sample)
        .subquery("sampled")
    )
    ranked = [
        select(
            CreativeProfile.id.label("id"), _creative_prescore(sampled.c.points).label("p")
        ).join(sampled, sampled.c.creative_id == CreativeProfile.id)
    ]
    if with_locals:
        skill_points = (
            select(2 * func.count())
            .where(
                creative_skills.c.creative_id == CreativeProfile.id,
                creative_skills.c.skill_slug == any_(needed),
            )
            .scalar_subquery()
        )
        listed = exists().where(
            creative_categories.c.creative_id == CreativeProfile.id,
            creative_categories.c.category_slug == category,
        )
        ranked.append(
            select(CreativeProfile.id.label("id"), _creative_prescore(skill_points).label("p"))
            .where(CreativeProfile.region_code == bindparam("near", type_=String))
            .where(or_(skill_points > 0, listed))
        )
    both = union_all(*ranked).subquery("ranked")
    return (
        select(both.c.id)
        .group_by(both.c.id)
        .order_by(func.max(both.c.p).desc(), both.c.id)
        .limit(bindparam("pool", type_=Integer))
    )


async def creative_candidates(
    session: AsyncSession,
    gig: GigFeatures,
    *,
    pool: int = CANDIDATE_POOL,
    sample: int = TAG_SAMPLE,
) -> list[uuid.UUID]:
    """Up to `pool` creatives for the gig, best pre-scored first (see the module doc)."""
    near = None if gig.work_mode is WorkMode.remote else gig.region_code
    with_locals = near is not None and "." in near
    params = {
        "needed": sorted(needed_skills(gig)),
        "category": gig.category_slug,
        "sample": sample,
        "pool": pool,
        "seed": gig.id.int & 0x7FFF_FFFF_FFFF_FFFF,
        "near": near,
        "budget_max": gig.budget_max_idr,
    }
    found = list(await session.scalars(_creative_candidates_statement(False, with_locals), params))
    if len(found) < pool:
        # Rare skills (or none sought): fill up with creatives who list the gig's category.
        statement = _creative_candidates_statement(True, with_locals)
        params |= {"pool": pool - len(found), "found": found}
        found += await session.scalars(statement, params)
    return found


async def gig_candidates(
    session: AsyncSession,
    creative: CreativeFeatures,
    *,
    today: date,
    pool: int = CANDIDATE_POOL,
) -> list[uuid.UUID]:
    """Up to `pool` open gigs in the creative's fields they have not proposed on, best first."""
    fields = set(creative.categories) | {
        c for c in (category_of(s) for s in creative.skills) if c is not None
    }
    proposed = exists().where(
        Proposal.gig_id == Gig.id,
        Proposal.creative_id == creative.id,
        Proposal.status.in_(LIVE_PROPOSAL_STATUSES),
    )
    recent = (
        select(Gig.id, Gig.region_code, Gig.work_mode, Gig.budget_max_idr, Gig.created_at)
        .where(
            Gig.status == GigStatus.open,
            Gig.category_slug.in_(sorted(fields)),
            Gig.deadline > today,
            or_(
                Gig.work_mode != WorkMode.onsite,
                func.left(Gig.region_code, 2) == creative.region_code[:2],
            ),
            ~proposed,
        )
        .order_by(Gig.created_at.desc(), Gig.id.desc())
        .limit(RECENT_OPEN_GIGS)
        .subquery("recent")
    )
    hits = (
        select(func.count())
        .where(
            gig_skills.c.gig_id == recent.c.id,
            gig_skills.c.skill_slug.in_(sorted(creative.skills)),
        )
        .scalar_subquery()
    )
    near = case(
        (recent.c.work_mode == WorkMode.remote, 0.75),
        else_=_nearness(recent.c.region_code, literal(creative.region_code)),
    )
    affordable = case(
        (literal(creative.rate_min_idr is None), 0.3),
        (recent.c.budget_max_idr >= (creative.rate_min_idr or 0), 0.5),
        else_=0.0,
    )
    stmt = (
        select(recent.c.id)
        .order_by((2 * hits + near + affordable).desc(), recent.c.created_at.desc(), recent.c.id)
        .limit(pool)
    )
    return list(await session.scalars(stmt))
