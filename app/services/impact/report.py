"""Impact reports: a hub's own (for its staff and administrators: the hub staff view), its
public page (the public view, or the staff view through a signed page link) and the public
ones by region and category. What each view hides: app/services/impact/suppression.py.

A hub's figures are the activity of the gigs of its assisted businesses (`hub_businesses`)
and of the gigs awarded to its affiliated creatives (`hub_creatives`, status active), counted
from the month each joined, over the hub and its child hubs (MJC includes the EJSC Bakorwil).
A gig counts once even when both its business and its creative belong to the hub.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import jakarta_today
from app.core.errors import Unprocessable
from app.core.principal import Principal
from app.models import Category, Hub, Region
from app.schemas.impact import Granularity, ImpactHub, ImpactReport, ImpactRow, ImpactView
from app.services.hubs.access import require_hub_staff
from app.services.impact.queries import (
    CATEGORY,
    PERIOD,
    PROVINCE,
    REGENCY,
    TOTAL,
    Cells,
    RawFigures,
    Scope,
    read_cells,
)
from app.services.impact.suppression import (
    MINIMUM_CELL,
    growth,
    is_hidden,
    publish,
    suppressed_rows,
)
from app.services.reference import UnknownCategory, UnknownRegion

MAX_MONTHS = 36
DEFAULT_MONTHS = 12


class ImpactRangeInvalid(Unprocessable):
    code, title = "impact_range_invalid", "`from` must not be after `to`"


class ImpactRangeTooLong(Unprocessable):
    code, title = "impact_range_too_long", "An impact report covers at most 36 months"


@dataclass(frozen=True)
class ReportRange:
    from_month: date
    to_month: date
    previous_from: date
    previous_to: date


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _month(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def resolve_range(
    from_day: date | None, to_day: date | None, granularity: Granularity
) -> ReportRange:
    """Whole months (whole quarters for quarterly reports); by default the last 12 months."""
    end = _month_index(to_day or jakarta_today())
    start = _month_index(from_day) if from_day else end - DEFAULT_MONTHS + 1
    if granularity is Granularity.quarter:
        start -= start % 3
        end += 2 - end % 3
    if start > end:
        raise ImpactRangeInvalid()
    months = end - start + 1
    if months > MAX_MONTHS:
        raise ImpactRangeTooLong()
    return ReportRange(_month(start), _month(end), _month(start - months), _month(start - 1))


async def _labels(session: AsyncSession, cells: Cells) -> dict[str, tuple[str, str]]:
    regions = {key for (dim, key) in cells if dim in (PROVINCE, REGENCY)}
    categories = {key for (dim, key) in cells if dim == CATEGORY}
    labels: dict[str, tuple[str, str]] = {}
    if regions:
        for code, name in await session.execute(
            select(Region.code, Region.name).where(Region.code.in_(regions))
        ):
            labels[code] = (name, name)
    if categories:
        for slug, name_id, name_en in await session.execute(
            select(Category.slug, Category.name_id, Category.name_en).where(
                Category.slug.in_(categories)
            )
        ):
            labels[slug] = (name_id, name_en)
    return labels


def _period_key(key: str, granularity: Granularity) -> str:
    day = date.fromisoformat(key)
    if granularity is Granularity.quarter:
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


def _rows(
    cells: Cells,
    dimension: str,
    total_suppressed: bool,
    labels: dict[str, tuple[str, str]],
    granularity: Granularity,
    view: ImpactView,
) -> list[ImpactRow]:
    keyed = sorted((key, raw) for (dim, key), raw in cells.items() if dim == dimension)
    raws: list[RawFigures] = [raw for _, raw in keyed]
    flags = suppressed_rows(raws, total_suppressed, view)
    rows = []
    for (key, raw), flag in zip(keyed, flags, strict=True):
        if dimension == PERIOD:
            shown = _period_key(key, granularity)
            label = (shown, shown)
        else:
            shown = key
            label = labels.get(key, (key, key))
        rows.append(
            ImpactRow(
                key=shown, label=label[0], label_en=label[1], figures=publish(raw, flag, view)
            )
        )
    return rows


async def build_report(
    session: AsyncSession,
    *,
    hub: Hub | None,
    region: str | None,
    category: str | None,
    from_day: date | None,
    to_day: date | None,
    granularity: Granularity,
    view: ImpactView = ImpactView.public,
) -> ImpactReport:
    """The report over whole months, suppressed as app/services/impact/suppression.py says
    for the view (the hub staff view only for a hub's report)."""
    if hub is None:
        view = ImpactView.public
    span = resolve_range(from_day, to_day, granularity)
    hub_id = hub.id if hub else None
    scope = Scope(span.from_month, span.to_month, hub_id, region, category)
    before = Scope(span.previous_from, span.previous_to, hub_id, region, category)
    cells = await read_cells(session, scope, granularity)
    previous = (await read_cells(session, before, granularity, (TOTAL,)))[(TOTAL, "")]
    total = cells[(TOTAL, "")]
    hidden = is_hidden(view)
    total_small = hidden(total)
    labels = await _labels(session, cells)
    return ImpactReport(
        view=view,
        hub=ImpactHub(id=hub.id, slug=hub.slug, name=hub.name) if hub else None,
        region=region,
        category=category,
        from_month=span.from_month,
        to_month=span.to_month,
        granularity=granularity,
        previous_from_month=span.previous_from,
        previous_to_month=span.previous_to,
        minimum_cell_size=MINIMUM_CELL,
        totals=publish(total, total_small, view),
        previous=publish(previous, hidden(previous), view),
        growth=growth(total, previous, view),
        by_period=_rows(cells, PERIOD, total_small, labels, granularity, view),
        by_province=_rows(cells, PROVINCE, total_small, labels, granularity, view),
        by_regency=_rows(cells, REGENCY, total_small, labels, granularity, view),
        by_category=_rows(cells, CATEGORY, total_small, labels, granularity, view),
    )


async def hub_impact(
    session: AsyncSession,
    principal: Principal,
    hub_id: uuid.UUID,
    *,
    from_day: date | None,
    to_day: date | None,
    granularity: Granularity,
) -> ImpactReport:
    """A hub's report in the hub staff view, for its active staff and administrators
    (strangers: 404)."""
    hub = await require_hub_staff(session, principal, hub_id)
    return await build_report(
        session,
        hub=hub,
        region=None,
        category=None,
        from_day=from_day,
        to_day=to_day,
        granularity=granularity,
        view=ImpactView.hub_staff,
    )


async def hub_page_report(
    session: AsyncSession,
    hub: Hub,
    *,
    from_day: date | None,
    to_day: date | None,
    view: ImpactView,
) -> ImpactReport:
    """The hub's report for its impact page, monthly, in the view the page was opened with."""
    return await build_report(
        session,
        hub=hub,
        region=None,
        category=None,
        from_day=from_day,
        to_day=to_day,
        granularity=Granularity.month,
        view=view,
    )


async def public_impact(
    session: AsyncSession,
    *,
    region: str | None,
    category: str | None,
    from_day: date | None,
    to_day: date | None,
    granularity: Granularity,
) -> ImpactReport:
    """Public aggregates for the country, a province or a regency, optionally one category."""
    if region is not None and await session.get(Region, region) is None:
        raise UnknownRegion(f"Unknown region code: {region}")
    if category is not None and await session.get(Category, category) is None:
        raise UnknownCategory(f"Unknown category: {category}")
    return await build_report(
        session,
        hub=None,
        region=region,
        category=category,
        from_day=from_day,
        to_day=to_day,
        granularity=granularity,
    )
