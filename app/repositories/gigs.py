"""The SQL of gigs: the read model (one query per page or gig), search and keyset sorts."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from functools import cache
from types import SimpleNamespace
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Row,
    Select,
    delete,
    func,
    insert,
    literal_column,
    select,
    update,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.pool import driver_connection
from app.models import (
    LIVE_PROPOSAL_STATUSES,
    Business,
    Gig,
    GigStatus,
    Hub,
    Proposal,
    ProposalStatus,
    TalentPool,
    WorkMode,
    gig_skills,
)
from app.reference.categories import Category as ReferenceCategory
from app.reference.categories import get_category
from app.reference.regions import get_region
from app.reference.skills import Skill as ReferenceSkill
from app.reference.skills import get_skill

EXCERPT_LENGTH = 280

# Each gig's skills, in slug order (how responses list them).
_skill_slugs = (
    select(func.array_agg(aggregate_order_by(gig_skills.c.skill_slug, gig_skills.c.skill_slug)))
    .where(gig_skills.c.gig_id == Gig.id)
    .scalar_subquery()
)


def gig_view(*description: ColumnElement[Any]) -> Select[Any]:
    """Everything a gig response shows, in one statement.

    Regions, categories and skills are named from `app.reference`, the tables the reference
    migration writes into PostgreSQL; joining them here cost the busiest read more than the
    gig row itself (bench/README.md).
    """
    return (
        select(
            Gig.id,
            Gig.owner_id,
            Gig.title,
            *description,
            Gig.budget_min_idr,
            Gig.budget_max_idr,
            Gig.deadline,
            Gig.work_mode,
            Gig.status,
            Gig.proposal_count,
            Gig.hidden_at,
            Gig.published_at,
            Gig.created_at,
            Gig.updated_at,
            Gig.region_code,
            Gig.business_id,
            Business.name.label("business_name"),
            Business.region_code.label("business_region_code"),
            Gig.category_slug,
            _skill_slugs.label("skill_slugs"),
            Gig.pool_id,
            Gig.pool_exclusive_until,
            TalentPool.name.label("pool_name"),
            Hub.id.label("pool_hub_id"),
            Hub.name.label("pool_hub_name"),
        )
        .join(Business, Business.id == Gig.business_id)
        .outerjoin(TalentPool, TalentPool.id == Gig.pool_id)
        .outerjoin(Hub, Hub.id == TalentPool.hub_id)
    )


@cache
def _gig_view_by_id_sql() -> str:
    """The gig view for one id, compiled once to the driver's SQL with the id as `$1`."""
    statement = gig_view(Gig.description.expression).where(Gig.id == literal_column("$1::uuid"))
    dialect = postgresql.asyncpg.dialect()  # type: ignore[no-untyped-call]
    return str(statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


async def get_gig_view(session: AsyncSession, gig_id: uuid.UUID) -> Any | None:
    """One gig with its business and skill slugs, in a single query.

    The API's busiest read runs straight through asyncpg's prepared statement: SQLAlchemy's
    per-execution work (parameter and result processing) cost more than PostgreSQL's answer
    (bench/README.md).
    """
    async with driver_connection(session) as driver:
        record = await driver.fetchrow(_gig_view_by_id_sql(), gig_id)
    if record is None:
        return None
    fields = dict(record)
    fields["status"] = GigStatus(fields["status"])
    fields["work_mode"] = WorkMode(fields["work_mode"])
    return SimpleNamespace(**fields)


async def get_gig_summary_views(
    session: AsyncSession, gig_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, Row[Any]]:
    """Gig-view rows with an excerpt (as GigSummary shows them) for these gigs, in one query."""
    if not gig_ids:
        return {}
    excerpt = func.left(Gig.description, EXCERPT_LENGTH).label("excerpt")
    rows = (await session.execute(gig_view(excerpt).where(Gig.id.in_(gig_ids)))).all()
    return {row.id: row for row in rows}


def gig_fields(row: Row[Any]) -> dict[str, Any]:
    """A gig-view row as the nested fields of GigRead/GigSummary."""
    return {
        "id": row.id,
        "owner_id": row.owner_id,
        "title": row.title,
        "business": {
            "id": row.business_id,
            "name": row.business_name,
            "region": _region_fields(row.business_region_code),
        },
        "category": _named(row.category_slug, get_category(row.category_slug)),
        "skills": [_named(slug, get_skill(slug)) for slug in row.skill_slugs or ()],
        "budget_min_idr": row.budget_min_idr,
        "budget_max_idr": row.budget_max_idr,
        "deadline": row.deadline,
        "work_mode": row.work_mode,
        "region": _region_fields(row.region_code) if row.region_code else None,
        "status": row.status,
        "proposal_count": row.proposal_count,
        "pool": (
            {
                "id": row.pool_id,
                "name": row.pool_name,
                "hub": {"id": row.pool_hub_id, "name": row.pool_hub_name},
            }
            if row.pool_id
            else None
        ),
        "exclusive_until": row.pool_exclusive_until,
        "published_at": row.published_at,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
    }


# The foreign keys guarantee every code is in the reference tables; should the code's copy
# ever lag a hand-edited database, the code itself stands in for the name rather than a 500.
def _region_fields(code: str) -> dict[str, str]:
    region = get_region(code)
    return {"code": code, "name": region.name if region else code}


def _named(slug: str, entry: ReferenceCategory | ReferenceSkill | None) -> dict[str, str]:
    if entry is None:
        return {"slug": slug, "name_id": slug, "name_en": slug}
    return {"slug": slug, "name_id": entry.name_id, "name_en": entry.name_en}


async def get_business(session: AsyncSession, business_id: uuid.UUID) -> Business | None:
    return await session.get(Business, business_id)


async def replace_gig_skills(session: AsyncSession, gig_id: uuid.UUID, slugs: list[str]) -> None:
    await session.execute(delete(gig_skills).where(gig_skills.c.gig_id == gig_id))
    if slugs:
        await session.execute(
            insert(gig_skills), [{"gig_id": gig_id, "skill_slug": slug} for slug in slugs]
        )


async def decline_live_proposals(
    session: AsyncSession, gig_id: uuid.UUID
) -> Sequence[tuple[uuid.UUID, uuid.UUID]]:
    """Close every live proposal on the gig; returns (proposal id, creative user id) pairs."""
    result = await session.execute(
        update(Proposal)
        .where(Proposal.gig_id == gig_id, Proposal.status.in_(LIVE_PROPOSAL_STATUSES))
        .values(status=ProposalStatus.declined, updated_at=func.now())
        .returning(Proposal.id, Proposal.creative_user_id)
        .execution_options(synchronize_session=False)
    )
    return result.tuples().all()
