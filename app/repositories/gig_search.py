"""The SQL of gig lists: filters, full-text search and keyset sorts, one prebuilt statement
per shape of request.

A list request's statement depends on which filters it uses, not on their values, so it is
built once per shape (which filters, which sort, which reading of `q`, first page or not) and
executed with the values bound. Building it afresh cost more Python than PostgreSQL spends on
most searches (bench/README.md).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    DateTime,
    Float,
    Integer,
    Row,
    Select,
    String,
    Uuid,
    and_,
    bindparam,
    cast,
    exists,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import InvalidCursor
from app.core.pagination import PageParams, bound_keyset_after, cursor_values, paginate_rows
from app.models import Gig, GigStatus, WorkMode, gig_skills
from app.repositories.gigs import EXCERPT_LENGTH, gig_view
from app.services.hubs.pool_access import pools_of_user
from app.services.search.indonesian import bound_text_query, text_query_reading

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
    # Public lists leave out gigs inside a talent pool's exclusive window, except for their
    # owner and the pool's members (`viewer_id`); `now` is when the window is judged.
    viewer_id: uuid.UUID | None = None
    now: datetime | None = None


@dataclass(frozen=True)
class _Shape:
    sort: str
    statuses: tuple[GigStatus, ...]
    mine: bool
    category: bool
    region: str | None  # "province", "regency" or None
    budget_min: bool
    budget_max: bool
    skills: int
    work_mode: bool
    # Who may see gigs inside a pool's exclusive window: "anyone" (the owner's own list),
    # "viewer" (owner and pool members) or "nobody" (anonymous readers).
    exclusive: Literal["anyone", "viewer", "nobody"]
    # How `q` and its correction are read (`text_query_reading`), or None without them.
    q: str | None
    corrected: str | None
    after: bool


def _text_match(shape: _Shape) -> ColumnElement[Any]:
    """The tsquery of `q`, widened with its corrected spelling when it has one.

    A scalar subquery, so PostgreSQL computes it once per statement (an InitPlan) even in a
    generic prepared plan, rather than once per matching row inside ts_rank.
    """
    assert shape.q is not None
    query = bound_text_query("q", shape.q)
    if shape.corrected is not None:
        query = query.op("||")(bound_text_query("corrected_q", shape.corrected))
    return select(query).scalar_subquery()


def _sort_keys(shape: _Shape) -> tuple[list[ColumnElement[Any]], bool]:
    """The keyset columns of a sort (the last is always the id) and its direction."""
    if shape.sort == "relevance":
        # Title words weigh A in the search vector and description words B, so ts_rank
        # already puts a gig whose title says what was asked above one that only mentions it.
        rank = cast(func.ts_rank(Gig.search_vector, _text_match(shape)), Float).label("rank")
        return [rank, Gig.id.expression], True
    if shape.sort in ("budget_high", "budget_low"):
        return [Gig.budget_max_idr.expression, Gig.id.expression], shape.sort == "budget_high"
    if shape.sort == "deadline":
        return [Gig.deadline.expression, Gig.id.expression], False
    return [Gig.created_at.expression, Gig.id.expression], True


def _filters(shape: _Shape) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [
        # A literal, not a parameter: only then does a prepared (generic) plan see that the
        # partial index of open gigs applies.
        Gig.status == literal_column("'open'")
        if shape.statuses == (GigStatus.open,)
        else Gig.status.in_(shape.statuses)
    ]
    if shape.mine:
        where.append(Gig.owner_id == bindparam("owner_id"))
    else:
        # A suspended or erased owner's gigs (README, "Operator tools").
        where.append(Gig.hidden_at.is_(None))
    if shape.category:
        where.append(Gig.category_slug == bindparam("category", type_=String))
    region = bindparam("region", type_=String)
    if shape.region == "province":
        # A province code ("35") covers every regency in it ("35.78"); a regency is exact.
        # `left(region_code, 2)` exactly as ix_gigs_open_search has it (2 as a literal).
        where.append(func.left(Gig.region_code, literal_column("2")) == region)
    elif shape.region == "regency":
        where.append(Gig.region_code == region)
    # Budget filters select gigs whose [min, max] range overlaps the asked-for range.
    if shape.budget_min:
        where.append(Gig.budget_max_idr >= bindparam("budget_min_idr"))
    if shape.budget_max:
        where.append(Gig.budget_min_idr <= bindparam("budget_max_idr"))
    for i in range(shape.skills):
        slug = bindparam(f"skill{i}", type_=String)
        where.append(exists().where(gig_skills.c.gig_id == Gig.id, gig_skills.c.skill_slug == slug))
    if shape.work_mode:
        where.append(Gig.work_mode == bindparam("work_mode"))
    if shape.q is not None:
        where.append(Gig.search_vector.op("@@")(_text_match(shape)))
    if shape.exclusive != "anyone":
        where.append(_outside_exclusive_window(viewer=shape.exclusive == "viewer"))
    return where


def _outside_exclusive_window(*, viewer: bool) -> ColumnElement[bool]:
    """Gigs not inside a pool's exclusive window, or (`viewer`) whose owner or pool member
    the viewer is. The anonymous form never names a viewer, so the anonymous search cache
    (app/services/gig_search.py) can only ever hold gigs open to everyone."""
    now = bindparam("now", type_=DateTime(timezone=True))
    open_to_all = or_(Gig.pool_exclusive_until.is_(None), Gig.pool_exclusive_until <= now)
    if not viewer:
        return open_to_all
    viewer_id = bindparam("viewer_id", type_=Uuid)
    return or_(
        open_to_all,
        Gig.owner_id == viewer_id,
        Gig.pool_id.in_(pools_of_user(viewer_id)),
    )


@lru_cache(maxsize=512)
def _statement(shape: _Shape) -> tuple[Select[Any], list[str]]:
    """The statement of a shape and the names of its keyset columns."""
    columns, descending = _sort_keys(shape)
    # First the page's ids in sort order, from `gigs` alone; then the view's joins for just
    # those rows. (Joined first, a broad query would join every match before the sort.)
    hits = select(Gig.id, *columns[:-1]).where(and_(*_filters(shape)))
    if shape.after:
        hits = hits.where(bound_keyset_after(columns, "after", descending=descending))
    order = [c.desc() if descending else c.asc() for c in columns]
    limited = hits.order_by(*order).limit(bindparam("limit", type_=Integer)).subquery("hits")
    relevance = shape.sort == "relevance"
    outer = [limited.c.rank, Gig.id.expression] if relevance else columns
    excerpt = func.left(Gig.description, EXCERPT_LENGTH).label("excerpt")
    statement = (
        gig_view(excerpt, *([limited.c.rank] if relevance else []))
        .join(limited, limited.c.id == Gig.id)
        .order_by(*(c.desc() if descending else c.asc() for c in outer))
    )
    return statement, [str(column.key) for column in columns]


async def search_gigs(
    session: AsyncSession, search: GigSearch, page: PageParams
) -> tuple[list[Row[Any]], str | None]:
    """One page of gigs matching every filter, in the sort's keyset order.

    Cursors carry the sort name first, so a cursor from another sort is rejected rather than
    silently compared against the wrong columns.
    """
    params: dict[str, Any] = {"limit": page.limit + 1}
    shape = _Shape(
        sort=search.sort,
        statuses=tuple(sorted(search.statuses)),
        mine=search.owner_id is not None,
        category=search.category is not None,
        region=None if search.region is None else "regency" if "." in search.region else "province",
        budget_min=search.budget_min_idr is not None,
        budget_max=search.budget_max_idr is not None,
        skills=len(search.skills),
        work_mode=search.work_mode is not None,
        exclusive=(
            "anyone"
            if search.owner_id is not None
            else "viewer"
            if search.viewer_id is not None
            else "nobody"
        ),
        q=_read(params, "q", search.q),
        corrected=_read(params, "corrected_q", search.corrected_q),
        after=page.cursor is not None,
    )
    params |= {
        "owner_id": search.owner_id,
        "category": search.category,
        "region": search.region,
        "budget_min_idr": search.budget_min_idr,
        "budget_max_idr": search.budget_max_idr,
        "work_mode": search.work_mode,
        "now": search.now or datetime.now(UTC),
        "viewer_id": search.viewer_id,
        **{f"skill{i}": slug for i, slug in enumerate(search.skills)},
    }
    statement, key_names = _statement(shape)
    if page.cursor is not None:
        columns, _ = _sort_keys(shape)
        if page.cursor[0] != search.sort or len(page.cursor) != len(columns) + 1:
            raise InvalidCursor("The cursor belongs to a different sort or is malformed")
        # Keyset columns are NOT NULL; a null would reach SQL as `col < NULL` and fail.
        if any(value is None for value in page.cursor):
            raise InvalidCursor()
        after = cursor_values(columns, page.cursor[1:])
        params |= {f"after{i}": value for i, value in enumerate(after)}
    # As Core on the session's connection: the ORM's per-row work buys nothing for plain rows.
    await session.flush()
    connection = await session.connection()
    rows = (await connection.execute(statement, params)).all()
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


def _read(params: dict[str, Any], name: str, q: str | None) -> str | None:
    """Bind `q` and its reading under `name`; the reading's kind goes into the shape."""
    if q is None:
        return None
    kind, extra = text_query_reading(q)
    params[name] = q
    if extra is not None:
        params[f"{name}_extra"] = extra
    return kind
