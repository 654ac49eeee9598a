"""Impact figures read from the rollups, every breakdown at once (GROUPING SETS).

Country and region reports never touch per gig rows: sums and duration histograms come from
`impact_cells`, distinct businesses and creatives from `impact_party_spans` (index lookups by
place and category, then a test of each party's active months). A hub's report reads the per
gig rows of its own members (through indexes on business and creative), because membership
changes over time and a hub counts a member's activity from the month they joined; its medians
are exact (percentile over its contracts), the public ones interpolated from the histograms.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from app.models.impact import DAYS_COLUMNS, DAYS_EDGES, HOURS_COLUMNS, HOURS_EDGES
from app.schemas.impact import Granularity
from app.services.impact.histogram import median

TOTAL, PERIOD, PROVINCE, REGENCY, CATEGORY = "total", "period", "province", "regency", "category"
ALL_DIMENSIONS = (TOTAL, PERIOD, PROVINCE, REGENCY, CATEGORY)
# grouping(period, province, region_code, category_slug): a bit set for each column left out.
_BY_GROUPING = {15: TOTAL, 7: PERIOD, 11: PROVINCE, 13: REGENCY, 14: CATEGORY}
_SETS = {
    TOTAL: "()",
    PERIOD: "(period)",
    PROVINCE: "(province)",
    REGENCY: "(region_code)",
    CATEGORY: "(category_slug)",
}

SUM_COLUMNS = (
    "gigs_posted",
    "gigs_awarded",
    "gigs_completed",
    "repeat_hires",
    "first_paid_jobs",
    "disputes",
    "gmv_released_idr",
    "creative_earnings_idr",
    "rating_sum",
    "rating_count",
)


@dataclass
class RawFigures:
    """Unsuppressed figures of one cell; never leaves the service."""

    sums: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SUM_COLUMNS, 0))
    umkm_served: int = 0
    businesses: int = 0
    creatives: int = 0
    median_hours_to_contract: float | None = None
    median_days_to_completion: float | None = None


Cells = dict[tuple[str, str], RawFigures]


@dataclass(frozen=True)
class Scope:
    """What a report covers: a hub (with its child hubs), or a region and/or category."""

    from_month: date
    to_month: date
    hub_id: uuid.UUID | None = None
    region: str | None = None
    category: str | None = None

    def params(self) -> dict[str, Any]:
        first, last = _index(self.from_month), _index(self.to_month)
        return {
            "from_month": self.from_month,
            "to_month": self.to_month,
            "hub_id": self.hub_id,
            "region": self.region,
            "region_prefix": f"{self.region}.%" if self.region else None,
            "category": self.category,
            "region_key": self.region or "*",
            "category_key": self.category or "*",
            "first": first,
            "last": last,
            "months": list(range(first, last + 1)),
        }


def _index(month: date) -> int:
    return month.year * 12 + month.month - 1


def _period_sql(granularity: Granularity, month: str) -> str:
    if granularity is Granularity.month:
        return month
    return f"date_trunc('quarter', {month})::date"


def _grouped_select(aggregates: str, granularity: Granularity, dimensions: tuple[str, ...]) -> str:
    if dimensions == (TOTAL,):
        # grouping() needs its columns in a grouping set: a plain aggregate instead.
        return f"SELECT 15 AS grouped, '' AS key, {aggregates} FROM source"
    sets = ", ".join(_SETS[d] for d in dimensions)
    return f"""SELECT grouping(period, province, region_code, category_slug) AS grouped,
       coalesce(to_char(period, 'YYYY-MM-DD'), province, region_code, category_slug, '') AS key,
       {aggregates}
FROM (SELECT *, {_period_sql(granularity, "month")} AS period,
             split_part(region_code, '.', 1) AS province FROM source) s
GROUP BY GROUPING SETS ({sets})"""


_SUMS = ", ".join(f"sum({c})::bigint" for c in SUM_COLUMNS)
_HISTOGRAMS = ", ".join(
    f"sum({c})::bigint"
    for c in ("umkm_served", "businesses", "creatives", *HOURS_COLUMNS, *DAYS_COLUMNS)
)
_IN_RANGE = "month BETWEEN :from_month AND :to_month"
_PROVINCES = """SELECT code FROM regions WHERE level = 'province'
    AND (CAST(:region AS text) IS NULL OR code = :region)"""
_REGENCIES = """SELECT code FROM regions WHERE level = 'regency'
    AND (CAST(:region AS text) IS NULL OR code = :region OR parent_code = :region)"""


def _breakdowns(
    table: str,
    aggregates: str,
    granularity: Granularity,
    dimensions: tuple[str, ...],
    region: str | None,
    *,
    period: str,
    period_source: str = "",
    also_by: str = "",
) -> str:
    """One UNION ALL branch per breakdown over a table keyed by place and category level;
    each reads only the rows of its level (primary key lookups)."""
    here, kind_of = "region_key = :region_key", "category_key = :category_key"
    alone = f"GROUP BY {also_by}" if also_by else ""
    also = f", {also_by}" if also_by else ""
    province = f"""SELECT 'province', region_key, {aggregates} FROM {table}
        WHERE {kind_of} AND {{active}} AND region_key IN ({_PROVINCES})
        GROUP BY region_key{also}"""
    if region is not None and "." in region:
        # A regency's report: its province row is the regency itself.
        province = f"""SELECT 'province', split_part(:region, '.', 1), {aggregates}
            FROM {table} WHERE {here} AND {kind_of} AND {{active}} {alone}"""
    parts = {
        TOTAL: f"""SELECT 'total', '', {aggregates} FROM {table}
            WHERE {here} AND {kind_of} AND {{active}} {alone}""",
        PERIOD: f"""SELECT 'period', to_char({_period_sql(granularity, period)}, 'YYYY-MM-DD'),
            {aggregates} FROM {table}{period_source} WHERE {here} AND {kind_of} AND {{active}}
            GROUP BY 2{also}""",
        PROVINCE: province,
        REGENCY: f"""SELECT 'regency', region_key, {aggregates} FROM {table}
            WHERE {kind_of} AND {{active}} AND region_key IN ({_REGENCIES})
            GROUP BY region_key{also}""",
        CATEGORY: f"""SELECT 'category', category_key, {aggregates} FROM {table}
            WHERE {here} AND category_key <> '*' AND {{active}}
              AND (CAST(:category AS text) IS NULL OR category_key = :category)
            GROUP BY category_key{also}""",
    }
    return "\nUNION ALL\n".join(parts[d] for d in dimensions)


def _public_cells(granularity: Granularity, dimensions: tuple[str, ...], region: str | None) -> str:
    sql = _breakdowns(
        "impact_cells", f"{_SUMS}, {_HISTOGRAMS}", granularity, dimensions, region,
        period="month",
    )  # fmt: skip
    return sql.replace("{active}", _IN_RANGE)


def _public_parties(
    granularity: Granularity, dimensions: tuple[str, ...], region: str | None
) -> str:
    """Distinct parties per breakdown: spans rows active in the range, counted per kind. For
    periods, each row is unnested into its periods in range (distinct per row, so a count)."""
    by_kind = "kind, count(*)"
    spans = "impact_party_spans"
    periods = (
        ", LATERAL (SELECT DISTINCT "
        + ("m" if granularity is Granularity.month else "m - m % 3")
        + " AS p FROM unnest(months) AS m WHERE m BETWEEN :first AND :last) AS periods"
    )
    sql = _breakdowns(
        spans, by_kind, granularity, dimensions, region,
        period="make_date(p / 12, p % 12 + 1, 1)", period_source=periods, also_by="kind",
    )  # fmt: skip
    # Active in the range: an end of its span inside it, or (rarely) a gap spanning it.
    active = """(first_month BETWEEN :first AND :last OR last_month BETWEEN :first AND :last
        OR (first_month < :first AND last_month > :last AND months && CAST(:months AS int[])))"""
    return sql.replace("{active}", active)


# Members' rows through their indexes (business_id, month) and (creative_id, month): LATERAL
# keeps the planner from scanning every gig-month when it misjudges a hub's size.
_HUB_ROWS = """WITH source AS MATERIALIZED (
    SELECT m.* FROM hub_businesses hb
    CROSS JOIN LATERAL (
        SELECT * FROM impact_gig_months m
        WHERE m.business_id = hb.business_id AND m.month BETWEEN greatest(
            CAST(:from_month AS date),
            (date_trunc('month', hb.created_at AT TIME ZONE 'Asia/Jakarta'))::date)
          AND :to_month) m
    WHERE hb.hub_id = ANY(CAST(:hub_ids AS uuid[]))
    UNION
    SELECT m.* FROM hub_creatives hc
    CROSS JOIN LATERAL (
        SELECT * FROM impact_gig_months m
        WHERE m.creative_id = hc.creative_id AND m.month BETWEEN greatest(
            CAST(:from_month AS date),
            (date_trunc('month', coalesce(hc.verified_at, hc.created_at)
                                 AT TIME ZONE 'Asia/Jakarta'))::date)
          AND :to_month) m
    WHERE hc.hub_id = ANY(CAST(:hub_ids AS uuid[])) AND hc.status = 'active'
)
"""
_HUB_TREE = text(
    """WITH RECURSIVE hub_tree AS (
        SELECT id FROM hubs WHERE id = :hub_id
        UNION SELECT child.id FROM hubs child JOIN hub_tree ON child.parent_id = hub_tree.id
    ) SELECT id FROM hub_tree"""
)
_HUB_AGGREGATES = """sum(posted)::bigint, sum(awarded)::bigint, sum(completed)::bigint,
    sum(repeat_hire)::bigint, sum(first_paid_job)::bigint, sum(disputes)::bigint,
    sum(gmv_released_idr)::bigint, sum(creative_earnings_idr)::bigint, sum(rating_sum)::bigint,
    sum(rating_count)::bigint,
    count(DISTINCT business_id) FILTER (WHERE posted > 0), count(DISTINCT business_id),
    count(DISTINCT creative_id) FILTER (WHERE creative_active > 0),
    percentile_cont(0.5) WITHIN GROUP (ORDER BY hours_to_contract),
    percentile_cont(0.5) WITHIN GROUP (ORDER BY days_to_completion)"""


async def read_cells(
    session: AsyncSession,
    scope: Scope,
    granularity: Granularity,
    dimensions: tuple[str, ...] = ALL_DIMENSIONS,
) -> Cells:
    """Raw figures keyed by (dimension, key); the total is (TOTAL, "")."""
    cells: Cells = {}
    params = scope.params()

    def cell(dimension: str, key: str) -> RawFigures:
        return cells.setdefault((dimension, key), RawFigures())

    sums = len(SUM_COLUMNS)
    if scope.hub_id is not None:
        hubs = await session.scalars(_HUB_TREE, {"hub_id": scope.hub_id})
        params["hub_ids"] = list(hubs.all())
        statement = _HUB_ROWS + _grouped_select(_HUB_AGGREGATES, granularity, dimensions)
        for row in await session.execute(text(statement), params):
            figures = cell(_BY_GROUPING[row[0]], row[1])
            figures.sums = {n: int(v or 0) for n, v in zip(SUM_COLUMNS, row[2:], strict=False)}
            figures.umkm_served, figures.businesses, figures.creatives = row[2 + sums : 5 + sums]
            figures.median_hours_to_contract, figures.median_days_to_completion = row[5 + sums :]
    else:
        hours = len(HOURS_COLUMNS)
        cells_sql = _public_cells(granularity, dimensions, scope.region)
        for row in await session.execute(text(cells_sql), params):
            figures = cell(row[0], row[1])
            values = [int(v or 0) for v in row[2:]]
            figures.sums = dict(zip(SUM_COLUMNS, values, strict=False))
            histograms = values[sums + 3 :]
            figures.median_hours_to_contract = median(histograms[:hours], HOURS_EDGES)
            figures.median_days_to_completion = median(histograms[hours:], DAYS_EDGES)
            if row[0] == PERIOD and granularity is Granularity.month:
                # One month: the cells' own distinct counts are exact.
                figures.umkm_served, figures.businesses, figures.creatives = values[sums : sums + 3]
        counted = dimensions
        if granularity is Granularity.month:
            counted = tuple(d for d in dimensions if d != PERIOD)
        parties_sql = _public_parties(granularity, counted, scope.region) if counted else ""
        for dimension, key, kind, count in (
            await session.execute(text(parties_sql), params) if parties_sql else []
        ):
            figures = cell(dimension, key)
            if kind == "u":
                figures.umkm_served = count
            elif kind == "b":
                figures.businesses = count
            else:
                figures.creatives = count
    cells.setdefault((TOTAL, ""), RawFigures())
    return cells
