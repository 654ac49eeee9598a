"""Candidate generation: a bounded set picked in PostgreSQL, whatever the number of creatives.

Creatives for a gig. Each skill the gig needs is sampled from the index that holds its
creatives in the order of a hash of their id (`ix_creative_skills_matching_sample`): the
SKILL_WINDOW entries after a point the gig's id picks, wrapping around at the end. The point
differs between gigs, so no creative is always, or never, sampled; for one gig it is stable.
Each window is cut where the narrowest (most popular skill's) window ends, so every sampled
creative is counted with all of their matching skills. Those are pre-scored on narrow columns
(the covering index `ix_creative_profiles_matching`): matching skills, nearness for on-site and
hybrid work, availability and an affordable rate. For on-site and hybrid work every creative
of the gig's own regency with a needed skill is pre-scored too (so no local creative with a
needed skill is lost to the sample), and up to LOCAL_LISTED who only list the gig's
category. When skills yield too few (rare skills, or none sought), creatives listing the gig's
category fill the pool, sampled the same way through `ix_creative_categories_matching_sample`.
The best CANDIDATE_POOL go on to `loading` and `ranking`.

Gigs for a creative. The newest RECENT_OPEN_GIGS open gigs in the creative's categories (and
their skills' categories), through the (status, created_at, id) index, leaving out on-site
gigs in other provinces, passed deadlines and gigs they have a live proposal on, pre-scored on
matching skills, nearness and budget.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Float,
    Integer,
    Select,
    String,
    Subquery,
    any_,
    bindparam,
    case,
    cast,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

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
from app.services.hubs.pool_access import members_of_pool, pools_of_creative
from app.services.matching.execution import run
from app.services.matching.features import CreativeFeatures, GigFeatures, needed_skills
from app.services.matching.taxonomy import category_of

CANDIDATE_POOL = 60
# Index entries read per needed skill: three popular skills give about 300 creatives to
# pre-score, five times the pool.
SKILL_WINDOW = 150
LOCAL_LISTED = 30
RECENT_OPEN_GIGS = 1000

_HASH_MASK = 0xFFFF_FFFF  # uuid_hash is a 32-bit integer; distances wrap around modulo 2^32


def _nearness(region: ColumnElement[Any], code: ColumnElement[Any]) -> ColumnElement[Any]:
    """1.5 for the same regency, 0.75 for the same province; 0 when `code` is null."""
    same_province = func.left(region, 2) == func.left(code, 2)
    return case((region == code, 1.5), (same_province, 0.75), else_=0.0)


def _number(value: float) -> ColumnElement[Any]:
    """A constant written into the statement rather than bound: every bound value is processed
    and sent on every call, and the pre-scores of the candidates' sources hold dozens."""
    return literal_column(repr(value), Float if isinstance(value, float) else Integer)


def _creative_prescore(points: ColumnElement[Any]) -> ColumnElement[Any]:
    near = bindparam("near", type_=String)
    budget_max = bindparam("budget_max", type_=BigInteger)
    region = CreativeProfile.region_code.expression
    same_province = func.left(region, _number(2)) == func.left(near, _number(2))
    return (
        points
        + case((region == near, _number(1.5)), (same_province, _number(0.75)), else_=_number(0.0))
        + case(
            (CreativeProfile.availability == Availability.available, _number(0.5)),
            else_=_number(0.0),
        )
        + case(
            (CreativeProfile.rate_min_idr.is_(None), _number(0.3)),
            (CreativeProfile.rate_min_idr <= budget_max, _number(0.5)),
            else_=_number(0.0),
        )
    )


def _from_point(base: Select[Any], key: ColumnElement[Any], size: Any) -> list[Select[Any]]:
    """`base` from the gig's point to the end, and from the start, in the index's hash order:
    two index range scans of at most `size` entries each."""
    spread = func.uuid_hash(key)
    point = bindparam("point", type_=Integer)
    return [
        base.add_columns(spread.label("h")).where(condition).order_by(spread).limit(size)
        for condition in (spread >= point, spread < point)
    ]


def _distance(spread: ColumnElement[Any]) -> ColumnElement[Any]:
    """How far past the gig's point a hash lies, around the circle."""
    point = bindparam("point", type_=Integer)
    return (cast(spread, BigInteger) - point).op("&")(_number(_HASH_MASK))


def _window(base: Select[Any], key: ColumnElement[Any], size: Any, name: str) -> Subquery:
    """The first `size` rows of `base` from the gig's point on, wrapping around."""
    both = union_all(*(part.subquery().select() for part in _from_point(base, key, size)))
    rows = both.subquery()
    distance = _distance(rows.c.h)
    columns = [c for c in rows.c if c.key != "h"]
    return select(*columns).order_by(distance).limit(size).subquery(name)


@cache
def creative_candidates_query(with_locals: bool) -> Select[Any]:
    """Candidate ids, best pre-scored first; built once per shape, bound per call."""
    needed = bindparam("needed", type_=ARRAY(String))
    category = bindparam("category", type_=String)
    window = bindparam("window", type_=Integer)
    pool = bindparam("pool", type_=Integer)
    slug = func.unnest(needed).table_valued("slug").render_derived(name="needed")
    # Each needed skill's window, as laterals so the scans see the skill.
    scans = [
        part.lateral(f"scan_{n}")
        for n, part in enumerate(
            _from_point(
                select(creative_skills.c.creative_id).where(
                    creative_skills.c.skill_slug == slug.c.slug
                ),
                creative_skills.c.creative_id,
                window,
            )
        )
    ]
    read = union_all(
        *(
            select(slug.c.slug, scan.c.creative_id, _distance(scan.c.h).label("distance"))
            .select_from(slug)
            .join(scan, true())
            for scan in scans
        )
    ).subquery("read")
    nth = func.row_number().over(partition_by=read.c.slug, order_by=read.c.distance)
    numbered = select(read, nth.label("nth")).subquery("numbered")
    tagged = (
        select(numbered.c.slug, numbered.c.creative_id, numbered.c.distance)
        .where(numbered.c.nth <= window)
        .cte("tagged")
    )
    # Where the narrowest full window ends: beyond it some skills were not read.
    reach = select(func.max(tagged.c.distance).label("reach")).group_by(tagged.c.slug)
    full = reach.having(func.count() == window).subquery("full_windows")
    cut = select(func.min(full.c.reach)).scalar_subquery()
    sampled = (
        select(tagged.c.creative_id.label("id"), (_number(2) * func.count()).label("points"))
        .where(tagged.c.distance <= func.coalesce(cut, _number(_HASH_MASK)))
        .group_by(tagged.c.creative_id)
        .subquery("sampled")
    )
    listed = _window(
        select(creative_categories.c.creative_id).where(
            creative_categories.c.category_slug == category
        ),
        creative_categories.c.creative_id,
        pool,
        "listed",
    )
    # (tier, id, pre-score) per source; tier 1 has a needed skill (or is local), tier 0 only
    # fills the pool after them. Each source reads the narrow columns from a covering index.
    parts = [
        select(
            _number(1).label("tier"), sampled.c.id, _creative_prescore(sampled.c.points).label("p")
        )
        .select_from(sampled)
        .join(CreativeProfile, CreativeProfile.id == sampled.c.id),
        select(_number(0), listed.c.creative_id, _creative_prescore(_number(1)))
        .select_from(listed)
        .join(CreativeProfile, CreativeProfile.id == listed.c.creative_id),
    ]
    if with_locals:
        near = bindparam("near", type_=String)
        in_regency = CreativeProfile.region_code == near
        local_skills = (
            select(creative_skills.c.creative_id, (_number(2) * func.count()).label("points"))
            .where(
                creative_skills.c.skill_slug == any_(needed),
                creative_skills.c.creative_id.in_(select(CreativeProfile.id).where(in_regency)),
            )
            .group_by(creative_skills.c.creative_id)
            .subquery("local_skills")
        )
        parts.append(
            select(
                _number(1), local_skills.c.creative_id, _creative_prescore(local_skills.c.points)
            )
            .select_from(local_skills)
            .join(CreativeProfile, CreativeProfile.id == local_skills.c.creative_id)
            .where(in_regency)
        )
        listing = exists().where(
            creative_categories.c.creative_id == CreativeProfile.id,
            creative_categories.c.category_slug == category,
        )
        local_listed = _window(
            select(CreativeProfile.id, _creative_prescore(_number(0)).label("p")).where(
                in_regency, listing
            ),
            CreativeProfile.id.expression,
            bindparam("local_listed", type_=Integer),
            "local_listed",
        )
        parts.append(select(_number(1), local_listed.c.id, local_listed.c.p))
    found = union_all(*parts).subquery("found")
    return (
        select(found.c.id)
        .group_by(found.c.id)
        .order_by(func.max(found.c.tier).desc(), func.max(found.c.p).desc(), found.c.id)
        .limit(pool)
    )


def candidate_parameters(
    gig: GigFeatures, *, pool: int = CANDIDATE_POOL, window: int = SKILL_WINDOW
) -> dict[str, Any]:
    """The bound values of `creative_candidates_query(has_locals(gig))` for this gig."""
    return {
        "needed": sorted(needed_skills(gig)),
        "category": gig.category_slug,
        "window": window,
        "pool": pool,
        "local_listed": LOCAL_LISTED,
        "point": _point(gig.id),
        "near": None if gig.work_mode is WorkMode.remote else gig.region_code,
        "budget_max": gig.budget_max_idr,
    }


def _point(gig_id: uuid.UUID) -> int:
    """The gig's own point on the hash circle: a hash of its id, since the bits of a
    time-ordered id (or a generated data set's sequential tails) are far from uniform."""
    digest = hashlib.blake2b(gig_id.bytes, digest_size=4).digest()
    return int.from_bytes(digest, "big", signed=True)


def has_locals(gig: GigFeatures) -> bool:
    """On-site and hybrid gigs placed in a regency also pre-score all its fitting creatives."""
    return gig.work_mode is not WorkMode.remote and "." in (gig.region_code or "")


async def creative_candidates(
    session: AsyncSession,
    gig: GigFeatures,
    *,
    pool: int = CANDIDATE_POOL,
    window: int = SKILL_WINDOW,
) -> list[uuid.UUID]:
    """Up to `pool` creatives for the gig, best pre-scored first (see the module doc)."""
    statement = creative_candidates_query(has_locals(gig))
    params = candidate_parameters(gig, pool=pool, window=window)
    return list((await run(session, statement, params)).scalars())


# A pool filter ranks the pool's members who fit the gig best; a pool larger than this is cut
# to those with the most needed skills (then the gig's category) before the full score.
POOL_CANDIDATES = 200


async def pool_candidates(
    session: AsyncSession, gig: GigFeatures, pool_id: uuid.UUID
) -> list[uuid.UUID]:
    """Up to POOL_CANDIDATES current members of the pool, most needed skills first."""
    needed = sorted(needed_skills(gig))
    skill_hits = (
        select(func.count())
        .where(
            creative_skills.c.creative_id == CreativeProfile.id,
            creative_skills.c.skill_slug.in_(needed),
        )
        .scalar_subquery()
    )
    lists_category = exists().where(
        creative_categories.c.creative_id == CreativeProfile.id,
        creative_categories.c.category_slug == gig.category_slug,
    )
    statement = (
        select(CreativeProfile.id)
        .where(CreativeProfile.id.in_(members_of_pool(pool_id)))
        .order_by(skill_hits.desc(), lists_category.desc(), CreativeProfile.id)
        .limit(POOL_CANDIDATES)
    )
    return list(await session.scalars(statement))


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
            Gig.hidden_at.is_(None),
            Gig.category_slug.in_(sorted(fields)),
            Gig.deadline > today,
            or_(
                Gig.work_mode != WorkMode.onsite,
                func.left(Gig.region_code, 2) == creative.region_code[:2],
            ),
            ~proposed,
            # Inside a talent pool's exclusive window only the pool's members see the gig.
            or_(
                Gig.pool_exclusive_until.is_(None),
                Gig.pool_exclusive_until <= datetime.now(UTC),
                Gig.pool_id.in_(pools_of_creative(creative.id)),
            ),
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
