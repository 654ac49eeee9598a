"""Small-cell suppression: no published figure may reveal one person's activity or earnings.

Rules (README "Impact"):
1. A cell built from fewer than MINIMUM_CELL businesses, or with creatives involved but fewer
   than MINIMUM_CELL of them, is suppressed: its counts below MINIMUM_CELL read "<5" and its
   money, medians, rates and rating are null.
2. Differencing: a breakdown's rows add up to the report's total, so one suppressed row next to
   a shown total could be worked out by subtraction. When a breakdown has exactly one suppressed
   row and the total is shown, the smallest other row is suppressed too (complementary
   suppression), so at least two unknowns always remain.
3. Growth is only given between two periods that are both shown.

The hub staff view (a hub's own report for its staff and administrators) shows the hub's counts,
GMV, medians and rates exactly: they describe the businesses it assists and reports on. Only
what would reveal one creative's earnings or rating is hidden: creative earnings and the
average rating of a cell with fewer than MINIMUM_CELL creatives (rule 1 on creatives alone),
with rules 2 and 3 applied to those two figures.
"""

from __future__ import annotations

from collections.abc import Callable

from app.schemas.impact import SUPPRESSED, Count, ImpactFigures, ImpactGrowth, ImpactView
from app.services.impact.queries import RawFigures

MINIMUM_CELL = 5


def is_small(raw: RawFigures) -> bool:
    return raw.businesses < MINIMUM_CELL or 0 < raw.creatives < MINIMUM_CELL


def has_few_creatives(raw: RawFigures) -> bool:
    """Too few creatives for their earnings or rating to be shown, even to the hub's staff."""
    return raw.creatives < MINIMUM_CELL


def is_hidden(view: ImpactView) -> Callable[[RawFigures], bool]:
    """The rule-1 test of the view."""
    return is_small if view is ImpactView.public else has_few_creatives


def _count(value: int, suppressed: bool) -> Count:
    if suppressed and value < MINIMUM_CELL:
        return SUPPRESSED
    return value


def _percent(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(float(value), digits)


def publish(
    raw: RawFigures, suppressed: bool, view: ImpactView = ImpactView.public
) -> ImpactFigures:
    """The figures as shown, with rule 1 of the view applied when `suppressed`."""
    s = raw.sums
    personal = suppressed
    if view is ImpactView.hub_staff:
        suppressed, hidden = False, False
    else:
        hidden = suppressed
    return ImpactFigures(
        umkm_served=_count(raw.umkm_served, suppressed),
        gigs_posted=_count(s["gigs_posted"], suppressed),
        gigs_awarded=_count(s["gigs_awarded"], suppressed),
        gigs_completed=_count(s["gigs_completed"], suppressed),
        gmv_released_idr=None if hidden else s["gmv_released_idr"],
        creative_earnings_idr=None if personal else s["creative_earnings_idr"],
        median_hours_to_contract=None if hidden else _round(raw.median_hours_to_contract),
        median_days_to_completion=None if hidden else _round(raw.median_days_to_completion),
        repeat_hire_rate_percent=None if hidden else _percent(s["repeat_hires"], s["gigs_awarded"]),
        creatives_first_paid_job=_count(s["first_paid_jobs"], suppressed),
        active_creatives=_count(raw.creatives, suppressed),
        disputes_per_100_contracts=None if hidden else _percent(s["disputes"], s["gigs_awarded"]),
        average_rating=None
        if personal or not s["rating_count"]
        else round(s["rating_sum"] / s["rating_count"], 2),
        suppressed=personal,
    )


def suppressed_rows(
    rows: list[RawFigures], total_suppressed: bool, view: ImpactView = ImpactView.public
) -> list[bool]:
    """Rules 1 and 2 over one breakdown whose rows add up to the total."""
    hidden = is_hidden(view)
    flags = [hidden(row) for row in rows]
    if not total_suppressed and flags.count(True) == 1:
        shown = [i for i, flag in enumerate(flags) if not flag]
        if shown:
            smallest = min(shown, key=lambda i: (rows[i].businesses, rows[i].creatives))
            flags[smallest] = True
    return flags


def _growth(current: int, previous: int) -> float | None:
    return round(100.0 * (current - previous) / previous, 1) if previous else None


def growth(
    current: RawFigures, previous: RawFigures, view: ImpactView = ImpactView.public
) -> ImpactGrowth:
    """Rule 3: percent change, only when both periods are shown."""
    personal = view is ImpactView.hub_staff and (
        has_few_creatives(current) or has_few_creatives(previous)
    )
    if view is ImpactView.public and (is_small(current) or is_small(previous)):
        return ImpactGrowth(**dict.fromkeys(ImpactGrowth.model_fields))
    c, p = current.sums, previous.sums
    earnings = _growth(c["creative_earnings_idr"], p["creative_earnings_idr"])
    return ImpactGrowth(
        umkm_served=_growth(current.umkm_served, previous.umkm_served),
        gigs_posted=_growth(c["gigs_posted"], p["gigs_posted"]),
        gigs_awarded=_growth(c["gigs_awarded"], p["gigs_awarded"]),
        gigs_completed=_growth(c["gigs_completed"], p["gigs_completed"]),
        gmv_released_idr=_growth(c["gmv_released_idr"], p["gmv_released_idr"]),
        creative_earnings_idr=None if personal else earnings,
        creatives_first_paid_job=_growth(c["first_paid_jobs"], p["first_paid_jobs"]),
        active_creatives=_growth(current.creatives, previous.creatives),
    )
