"""SQL for creative profiles: the directory search and the rows a profile view is built from."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import REAL, ColumnElement, Select, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.pagination import PageParams, apply_keyset, paginate_rows
from app.models import (
    Availability,
    Category,
    CreativeProfile,
    Hub,
    PortfolioItem,
    Region,
    Skill,
    TrainingRecord,
    User,
    creative_categories,
    creative_skills,
)
from app.schemas.training import TrainingRecordRead
from app.services.reference import region_and_children

# `indonesian_variants` is re-exported for callers that imported it from here before.
from app.services.search.indonesian import indonesian_variants as indonesian_variants
from app.services.search.indonesian import text_query


@dataclass(frozen=True)
class NamedRef:
    slug: str
    name_id: str
    name_en: str


@dataclass
class CreativeRecord:
    """A profile with everything its views show, loaded without lazy loading."""

    profile: CreativeProfile
    member_since: datetime
    region_name: str
    skills: list[NamedRef] = field(default_factory=list)
    categories: list[NamedRef] = field(default_factory=list)
    portfolio: list[PortfolioItem] = field(default_factory=list)
    # Filled for the full profile only (`load_record`).
    training: list[TrainingRecordRead] = field(default_factory=list)


def _record_query() -> Select[Any]:
    return (
        select(CreativeProfile, User.created_at, Region.name)
        .join(User, User.id == CreativeProfile.user_id)
        .join(Region, Region.code == CreativeProfile.region_code)
    )


async def load_record(
    session: AsyncSession, *, profile_id: uuid.UUID | None = None, user_id: uuid.UUID | None = None
) -> CreativeRecord | None:
    """One profile by id (active accounts only) or by its owner's user id, fully loaded."""
    stmt = _record_query()
    if profile_id is not None:
        stmt = stmt.where(CreativeProfile.id == profile_id, User.is_active.is_(True))
    if user_id is not None:
        stmt = stmt.where(CreativeProfile.user_id == user_id)
    row = (await session.execute(stmt)).first()
    if row is None:
        return None
    record = CreativeRecord(profile=row[0], member_since=row[1], region_name=row[2])
    await attach_details(session, [record], with_portfolio=True)
    record.training = await training_records(session, record.profile.id)
    return record


async def training_records(
    session: AsyncSession, creative_id: uuid.UUID
) -> list[TrainingRecordRead]:
    """The creative's training records with their hubs, newest first."""
    rows = await session.execute(
        select(TrainingRecord, Hub)
        .join(Hub, Hub.id == TrainingRecord.hub_id)
        .where(TrainingRecord.creative_id == creative_id)
        .order_by(TrainingRecord.completed_on.desc(), TrainingRecord.id.desc())
    )
    return [TrainingRecordRead.from_row(record, hub) for record, hub in rows.tuples()]


async def summary_records(
    session: AsyncSession, profile_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, CreativeRecord]:
    """Directory entries (no portfolio) of these profiles of active accounts, by profile id."""
    if not profile_ids:
        return {}
    rows = await session.execute(
        _record_query().where(CreativeProfile.id.in_(profile_ids), User.is_active.is_(True))
    )
    records = {
        row[0].id: CreativeRecord(profile=row[0], member_since=row[1], region_name=row[2])
        for row in rows
    }
    await attach_details(session, records.values(), with_portfolio=False)
    return records


async def attach_details(
    session: AsyncSession, records: Collection[CreativeRecord], *, with_portfolio: bool
) -> None:
    """Fill skills, categories (and portfolio) for many profiles in one query each."""
    by_id = {record.profile.id: record for record in records}
    if not by_id:
        return
    skills: defaultdict[uuid.UUID, list[NamedRef]] = defaultdict(list)
    for creative_id, slug, name_id, name_en in await session.execute(
        select(creative_skills.c.creative_id, Skill.slug, Skill.name_id, Skill.name_en)
        .join(Skill, Skill.slug == creative_skills.c.skill_slug)
        .where(creative_skills.c.creative_id.in_(by_id))
        .order_by(Skill.name_id)
    ):
        skills[creative_id].append(NamedRef(slug, name_id, name_en))
    categories: defaultdict[uuid.UUID, list[NamedRef]] = defaultdict(list)
    for creative_id, slug, name_id, name_en in await session.execute(
        select(creative_categories.c.creative_id, Category.slug, Category.name_id, Category.name_en)
        .join(Category, Category.slug == creative_categories.c.category_slug)
        .where(creative_categories.c.creative_id.in_(by_id))
        .order_by(Category.position)
    ):
        categories[creative_id].append(NamedRef(slug, name_id, name_en))
    portfolio: defaultdict[uuid.UUID, list[PortfolioItem]] = defaultdict(list)
    if with_portfolio:
        for item in await session.scalars(
            select(PortfolioItem)
            .where(PortfolioItem.creative_id.in_(by_id))
            .order_by(PortfolioItem.position)
        ):
            portfolio[item.creative_id].append(item)
    for creative_id, record in by_id.items():
        record.skills = skills[creative_id]
        record.categories = categories[creative_id]
        record.portfolio = portfolio[creative_id]


async def search_creatives(
    session: AsyncSession,
    *,
    skill: str | None,
    category: str | None,
    region: str | None,
    availability: Availability | None,
    q: str | None,
    page: PageParams,
    pool_members: Select[Any] | None = None,
) -> tuple[list[CreativeRecord], str | None]:
    """Active creatives matching every filter: by relevance to `q`, else newest first.

    With `q` the keyset is (rank, id): ts_rank is deterministic for unchanged rows, so the
    float rank read back on one page compares exactly against the same row's rank on the next.
    """
    stmt = _record_query().where(User.is_active.is_(True))
    if skill is not None:
        stmt = stmt.where(
            exists().where(
                creative_skills.c.creative_id == CreativeProfile.id,
                creative_skills.c.skill_slug == skill,
            )
        )
    if category is not None:
        stmt = stmt.where(
            exists().where(
                creative_categories.c.creative_id == CreativeProfile.id,
                creative_categories.c.category_slug == category,
            )
        )
    if region is not None:
        stmt = stmt.where(CreativeProfile.region_code.in_(region_and_children(region)))
    if availability is not None:
        stmt = stmt.where(CreativeProfile.availability == availability)
    if pool_members is not None:
        # The creative ids of one talent pool's current members.
        stmt = stmt.where(CreativeProfile.id.in_(pool_members))

    if q is not None:
        query = text_query(q)
        rank = func.ts_rank(CreativeProfile.search_vector, query, type_=REAL)
        stmt = stmt.add_columns(rank).where(CreativeProfile.search_vector.op("@@")(query))
        keyset: list[ColumnElement[Any]] = [rank, CreativeProfile.id.expression]
    else:
        keyset = [CreativeProfile.created_at.expression, CreativeProfile.id.expression]
    stmt = apply_keyset(stmt, keyset, page)
    rows = (await session.execute(stmt)).all()
    page_rows, next_cursor = paginate_rows(
        rows,
        page.limit,
        # str(): asyncpg's UUID subclass is not JSON-encodable.
        key=lambda row: (row[3] if q is not None else row[0].created_at, str(row[0].id)),
    )
    records = [
        CreativeRecord(profile=row[0], member_since=row[1], region_name=row[2]) for row in page_rows
    ]
    await attach_details(session, records, with_portfolio=False)
    return records, next_cursor
