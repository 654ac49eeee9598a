"""The SQL of gigs: the read model (one query per page or gig), search and keyset sorts."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from types import SimpleNamespace
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Row,
    Select,
    and_,
    cast,
    delete,
    exists,
    func,
    insert,
    literal,
    literal_column,
    select,
    update,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app.core.errors import InvalidCursor
from app.core.pagination import PageParams, apply_keyset, paginate_rows
from app.models import (
    LIVE_PROPOSAL_STATUSES,
    Business,
    Category,
    Gig,
    GigStatus,
    Proposal,
    ProposalStatus,
    Region,
    Skill,
    WorkMode,
    gig_skills,
)
from app.services.search.indonesian import text_query

EXCERPT_LENGTH = 280

_gig_region = aliased(Region, name="gig_region")
_business_region = aliased(Region, name="business_region")

_skills_json = (
    select(
        func.coalesce(
            func.jsonb_agg(
                func.jsonb_build_object(
                    "slug", Skill.slug, "name_id", Skill.name_id, "name_en", Skill.name_en
                )
            ),
            cast(literal("[]"), JSONB),
        )
    )
    .select_from(gig_skills.join(Skill, Skill.slug == gig_skills.c.skill_slug))
    .where(gig_skills.c.gig_id == Gig.id)
    .scalar_subquery()
)


def _gig_view(*description: ColumnElement[Any]) -> Select[Any]:
    """Everything a gig response shows, joined in one statement (skills as a JSON array)."""
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
            Gig.published_at,
            Gig.created_at,
            Gig.updated_at,
            Gig.region_code,
            _gig_region.name.label("region_name"),
            Gig.business_id,
            Business.name.label("business_name"),
            Business.region_code.label("business_region_code"),
            _business_region.name.label("business_region_name"),
            Gig.category_slug,
            Category.name_id.label("category_name_id"),
            Category.name_en.label("category_name_en"),
            _skills_json.label("skills"),
        )
        .join(Business, Business.id == Gig.business_id)
        .join(_business_region, _business_region.code == Business.region_code)
        .join(Category, Category.slug == Gig.category_slug)
        .outerjoin(_gig_region, _gig_region.code == Gig.region_code)
    )


@cache
def _gig_view_by_id_sql() -> str:
    """The gig view for one id, compiled once to the driver's SQL with the id as `$1`."""
    statement = _gig_view(Gig.description.expression).where(Gig.id == literal_column("$1::uuid"))
    dialect = postgresql.asyncpg.dialect()  # type: ignore[no-untyped-call]
    return str(statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


async def get_gig_view(session: AsyncSession, gig_id: uuid.UUID) -> Any | None:
    """One gig with its business, category, region and skills, in a single query.

    The API's busiest read. It runs on the session's own connection, inside its transaction,
    but straight through asyncpg's prepared statement: SQLAlchemy's per-execution work
    (parameter and result processing) cost more than PostgreSQL's answer (bench/README.md).
    """
    connection = await session.connection()
    driver = (await connection.get_raw_connection()).driver_connection
    assert driver is not None
    record = await driver.fetchrow(_gig_view_by_id_sql(), gig_id)
    if record is None:
        return None
    fields = dict(record)
    fields["status"], fields["work_mode"] = (
        GigStatus(fields["status"]),
        WorkMode(fields["work_mode"]),
    )
    return SimpleNamespace(**fields)


async def get_gig_summary_views(
    session: AsyncSession, gig_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, Row[Any]]:
    """Gig-view rows with an excerpt (as GigSummary shows them) for these gigs, in one query."""
    if not gig_ids:
        return {}
    excerpt = func.left(Gig.description, EXCERPT_LENGTH).label("excerpt")
    rows = (await session.execute(_gig_view(excerpt).where(Gig.id.in_(gig_ids)))).all()
    return {row.id: row for row in rows}


def gig_fields(row: Row[Any]) -> dict[str, Any]:
    """A gig-view row as the nested fields of GigRead/GigSummary."""
    skills: Sequence[dict[str, str]] = row.skills
    return {
        "id": row.id,
        "owner_id": row.owner_id,
        "title": row.title,
        "business": {
            "id": row.business_id,
            "name": row.business_name,
            "region": {"code": row.business_region_code, "name": row.business_region_name},
        },
        "category": {
            "slug": row.category_slug,
            "name_id": row.category_name_id,
            "name_en": row.category_name_en,
        },
        "skills": sorted(skills, key=lambda skill: skill["slug"]),
        "budget_min_idr": row.budget_min_idr,
        "budget_max_idr": row.budget_max_idr,
        "deadline": row.deadline,
        "work_mode": row.work_mode,
        "region": ({"code": row.region_code, "name": row.region_name} if row.region_code else None),
        "status": row.status,
        "proposal_count": row.proposal_count,
        "published_at": row.published_at,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
    }


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


# --- search -----------------------------------------------------------------------------------

PUBLIC_STATUSES = frozenset({GigStatus.open, GigStatus.in_progress, GigStatus.completed})


@dataclass(frozen=True)
class GigSearch:
    """What a gig list asks for; `owner_id` set means "my gigs" (any status)."""

    statuses: frozenset[GigStatus]
    sort: str
    owner_id: uuid.UUID | None = None
    category: str | None = None
    region: str | None = None
    budget_min_idr: int | None = None
    budget_max_idr: int | None = None
    q: str | None = None
    # `q` with misspelt words corrected (`search.vocabulary.corrected_query`), searched too.
    corrected_q: str | None = None
    skills: list[str] = field(default_factory=list)
    work_mode: WorkMode | None = None


def _text_match(search: GigSearch) -> ColumnElement[Any]:
    """The tsquery of `q`, widened with its corrected spelling when it has one.

    A scalar subquery, so PostgreSQL computes it once per statement (an InitPlan) even in a
    generic prepared plan, rather than once per matching row inside ts_rank.
    """
    assert search.q is not None
    query = text_query(search.q)
    if search.corrected_q is not None:
        query = query.op("||")(text_query(search.corrected_q))
    return select(query).scalar_subquery()


def _rank(search: GigSearch) -> ColumnElement[float]:
    # Title words weigh A in the search vector and description words B, so ts_rank already
    # puts a gig whose title says what was asked above one that only mentions it.
    return cast(func.ts_rank(Gig.search_vector, _text_match(search)), Float).label("rank")


def _sort_keys(search: GigSearch) -> tuple[list[ColumnElement[Any]], bool]:
    """The keyset columns of a sort (the last is always the id) and its direction."""
    if search.sort == "relevance":
        return [_rank(search), Gig.id.expression], True
    if search.sort in ("budget_high", "budget_low"):
        return [Gig.budget_max_idr.expression, Gig.id.expression], search.sort == "budget_high"
    if search.sort == "deadline":
        return [Gig.deadline.expression, Gig.id.expression], False
    return [Gig.created_at.expression, Gig.id.expression], True


def _filters(search: GigSearch) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [
        # A literal, not a parameter: only then does a prepared (generic) plan see that the
        # partial index of open gigs applies.
        Gig.status == literal_column("'open'")
        if search.statuses == {GigStatus.open}
        else Gig.status.in_(sorted(search.statuses))
    ]
    if search.owner_id is not None:
        where.append(Gig.owner_id == search.owner_id)
    if search.category is not None:
        where.append(Gig.category_slug == search.category)
    if search.region is not None:
        # A province code ("35") covers every regency in it ("35.78"); a regency is exact.
        # `left(region_code, 2)` exactly as ix_gigs_open_search has it (2 as a literal).
        where.append(
            func.left(Gig.region_code, literal_column("2")) == search.region
            if "." not in search.region
            else Gig.region_code == search.region
        )
    # Budget filters select gigs whose [min, max] range overlaps the asked-for range.
    if search.budget_min_idr is not None:
        where.append(Gig.budget_max_idr >= search.budget_min_idr)
    if search.budget_max_idr is not None:
        where.append(Gig.budget_min_idr <= search.budget_max_idr)
    for slug in search.skills:
        where.append(exists().where(gig_skills.c.gig_id == Gig.id, gig_skills.c.skill_slug == slug))
    if search.work_mode is not None:
        where.append(Gig.work_mode == search.work_mode)
    if search.q is not None:
        where.append(Gig.search_vector.op("@@")(_text_match(search)))
    return where


async def search_gigs(
    session: AsyncSession, search: GigSearch, page: PageParams
) -> tuple[list[Row[Any]], str | None]:
    """One page of gigs matching every filter, in the sort's keyset order.

    Cursors carry the sort name first, so a cursor from another sort is rejected rather than
    silently compared against the wrong columns.
    """
    columns, descending = _sort_keys(search)
    after: list[Any] | None = None
    if page.cursor is not None:
        if page.cursor[0] != search.sort or len(page.cursor) != len(columns) + 1:
            raise InvalidCursor("The cursor belongs to a different sort or is malformed")
        # Keyset columns are NOT NULL; a null would reach SQL as `col < NULL` and fail.
        if any(value is None for value in page.cursor):
            raise InvalidCursor()
        after = page.cursor[1:]
    # First the page's ids in sort order, from `gigs` alone; then the view's joins for just
    # those rows. (Joined first, a broad query would join every match before the sort.)
    relevance = search.sort == "relevance"
    hits_query = select(Gig.id, *columns[:-1]).where(and_(*_filters(search)))
    hits = apply_keyset(
        hits_query, columns, PageParams(limit=page.limit, cursor=after), descending=descending
    ).subquery("hits")
    order = [hits.c.rank, Gig.id.expression] if relevance else columns
    excerpt = func.left(Gig.description, EXCERPT_LENGTH).label("excerpt")
    stmt = (
        _gig_view(excerpt, *([hits.c.rank] if relevance else []))
        .join(hits, hits.c.id == Gig.id)
        .order_by(*(column.desc() if descending else column.asc() for column in order))
    )
    rows = (await session.execute(stmt)).all()
    key_names = [str(column.key) for column in columns]
    return paginate_rows(
        rows,
        page.limit,
        # str(): asyncpg returns its own UUID subclass, which orjson refuses to encode.
        key=lambda row: [
            search.sort,
            *(getattr(row, name) for name in key_names[:-1]),
            str(row.id),
        ],
    )
