"""Reference data: categories, skills and regions, and the validators other services share."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import NotFound, Unprocessable
from app.core.pagination import Page, PageParams, apply_keyset, paginate
from app.models.reference import Category, Region, RegionLevel, Skill
from app.schemas.reference import CategoryList, CategoryRead, RegionRead, SkillList, SkillRead


class UnknownRegion(Unprocessable):
    code, title = "unknown_region", "The region code is not a known Kemendagri region"


class UnknownCategory(Unprocessable):
    code, title = "unknown_category", "One or more category slugs are not known"


class UnknownSkill(Unprocessable):
    code, title = "unknown_skill", "One or more skill slugs are not known"


class RegionNotFound(NotFound):
    code, title = "region_not_found", "Region not found"


async def ensure_region_exists(session: AsyncSession, code: str) -> None:
    """A region code must name a row of the regions table."""
    found = await session.scalar(select(Region.code).where(Region.code == code))
    if found is None:
        raise UnknownRegion(f"Unknown region code: {code}")


async def ensure_categories_exist(session: AsyncSession, slugs: Collection[str]) -> None:
    """Every category slug must name a row of the categories table."""
    wanted = set(slugs)
    if not wanted:
        return
    found = set(await session.scalars(select(Category.slug).where(Category.slug.in_(wanted))))
    missing = sorted(wanted - found)
    if missing:
        raise UnknownCategory(f"Unknown category slugs: {', '.join(missing)}", slugs=missing)


async def ensure_skills_exist(session: AsyncSession, slugs: Collection[str]) -> None:
    """Every skill slug must name a row of the skills table."""
    wanted = set(slugs)
    if not wanted:
        return
    found = set(await session.scalars(select(Skill.slug).where(Skill.slug.in_(wanted))))
    missing = sorted(wanted - found)
    if missing:
        raise UnknownSkill(f"Unknown skill slugs: {', '.join(missing)}", slugs=missing)


def region_and_children(code: str) -> Select[tuple[str]]:
    """Codes a region filter covers: the region itself and, for a province, its regencies."""
    return select(Region.code).where(or_(Region.code == code, Region.parent_code == code))


def contains_pattern(text: str) -> str:
    """An ILIKE pattern matching `text` anywhere, with LIKE wildcards in it taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


async def list_categories(session: AsyncSession) -> CategoryList:
    """All categories in their curated display order."""
    categories = await session.scalars(select(Category).order_by(Category.position))
    return CategoryList(data=[CategoryRead.model_validate(c) for c in categories])


async def search_skills(
    session: AsyncSession, *, q: str | None, category: str | None, limit: int
) -> SkillList:
    """Skills whose names or synonyms contain `q` (or are a close trigram match), best first."""
    stmt = select(Skill).join(Category, Category.slug == Skill.category_slug)
    if category is not None:
        await ensure_categories_exist(session, [category])
        stmt = stmt.where(Skill.category_slug == category)
    if q is None:
        stmt = stmt.order_by(Category.position, Skill.name_id)
    else:
        needle = q.lower()
        # search_text is already lower-cased; `<%` (word similarity) forgives typos such as
        # "desain kemasn" and is served by the same trigram index as the ILIKE.
        stmt = stmt.where(
            or_(
                Skill.search_text.ilike(contains_pattern(needle), escape="\\"),
                literal(needle).op("<%")(Skill.search_text),
            )
        )
        exact_name: ColumnElement[Any] = case(
            (or_(func.lower(Skill.name_id) == needle, func.lower(Skill.name_en) == needle), 0),
            else_=1,
        )
        stmt = stmt.order_by(
            exact_name,
            func.word_similarity(needle, Skill.search_text).desc(),
            func.similarity(needle, Skill.search_text).desc(),
            Skill.slug,
        )
    skills = await session.scalars(stmt.limit(limit))
    return SkillList(data=[SkillRead.model_validate(s) for s in skills])


async def list_regions(
    session: AsyncSession,
    *,
    q: str | None,
    level: RegionLevel | None,
    parent: str | None,
    page: PageParams,
) -> Page[RegionRead]:
    """Regions in code order, optionally by name substring, level and parent province."""
    stmt = select(Region)
    if parent is not None:
        await ensure_region_exists(session, parent)
        stmt = stmt.where(Region.parent_code == parent)
    if level is not None:
        stmt = stmt.where(Region.level == level)
    if q is not None:
        stmt = stmt.where(Region.name.ilike(contains_pattern(q), escape="\\"))
    stmt = apply_keyset(stmt, [Region.code.expression], page, descending=False)
    rows = (await session.scalars(stmt)).all()
    return paginate(
        rows, page.limit, key=lambda region: (region.code,), read=RegionRead.model_validate
    )


async def get_region(session: AsyncSession, code: str) -> RegionRead:
    """One region by its dotted code; 404 `region_not_found` if there is none."""
    region = await session.get(Region, code)
    if region is None:
        raise RegionNotFound(f"No region with code {code}")
    return RegionRead.model_validate(region)
