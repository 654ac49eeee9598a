"""Impact reports: figures per hub, region, category and period, with small cells suppressed."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from pydantic import Field

from app.schemas.common import ResponseModel

SUPPRESSED: Literal["<5"] = "<5"
# A count below the minimum cell size reads "<5"; money, medians, rates and ratings of such a
# cell are null.
Count = int | Literal["<5"]


class Granularity(StrEnum):
    month = "month"
    quarter = "quarter"


class ImpactView(StrEnum):
    """Who a report is for, which decides what is suppressed (README "Impact reports")."""

    # Anyone: every cell with fewer than 5 businesses or creatives is suppressed.
    public = "public"
    # The hub's own staff and administrators: counts and GMV exact; only what would reveal one
    # creative's earnings or rating is hidden in cells with fewer than 5 creatives.
    hub_staff = "hub_staff"


class ImpactFigures(ResponseModel):
    umkm_served: Count = Field(description="Distinct businesses that posted a gig in the period")
    gigs_posted: Count
    gigs_awarded: Count = Field(description="Contracts made (a gig awarded to a creative)")
    gigs_completed: Count
    gmv_released_idr: int | None = Field(description="Escrow released to creatives, fee included")
    creative_earnings_idr: int | None = Field(description="Released money after fee and PPN")
    median_hours_to_contract: float | None = Field(
        description="Median hours from a gig's publication to its contract"
    )
    median_days_to_completion: float | None = Field(
        description="Median days from contract to completion"
    )
    repeat_hire_rate_percent: float | None = Field(
        description="Share of contracts where the business had hired the same creative before"
    )
    creatives_first_paid_job: Count = Field(
        description="Creatives whose first money ever was released in the period"
    )
    active_creatives: Count = Field(
        description="Distinct creatives with a contract awarded, completed or paid in the period"
    )
    disputes_per_100_contracts: float | None
    average_rating: float | None = Field(description="Of creatives, 1-5, reviews published")
    suppressed: bool = Field(
        description="Public view: built from fewer than 5 businesses or creatives (or hidden so "
        "that a suppressed cell cannot be worked out from the others): money and rates are "
        "null. Hub staff view: fewer than 5 creatives (or hidden likewise): creative earnings "
        "and average rating are null"
    )


class ImpactGrowth(ResponseModel):
    """Percent change against the previous period of the same length; null when either period
    is suppressed or the previous value is zero."""

    umkm_served: float | None
    gigs_posted: float | None
    gigs_awarded: float | None
    gigs_completed: float | None
    gmv_released_idr: float | None
    creative_earnings_idr: float | None
    creatives_first_paid_job: float | None
    active_creatives: float | None


class ImpactRow(ResponseModel):
    key: str = Field(description="`2026-03`, `2026-Q1`, a region code or a category slug")
    label: str = Field(description="In Indonesian")
    label_en: str
    figures: ImpactFigures


class ImpactHub(ResponseModel):
    id: uuid.UUID
    slug: str
    name: str


class ImpactReport(ResponseModel):
    view: ImpactView = Field(description="`hub_staff` for a hub's own staff, else `public`")
    hub: ImpactHub | None = Field(description="Set for a hub's report")
    region: str | None
    category: str | None
    from_month: date = Field(description="First day of the first month counted")
    to_month: date = Field(description="First day of the last month counted")
    granularity: Granularity
    previous_from_month: date
    previous_to_month: date
    minimum_cell_size: int
    totals: ImpactFigures
    previous: ImpactFigures
    growth: ImpactGrowth
    by_period: list[ImpactRow]
    by_province: list[ImpactRow]
    by_regency: list[ImpactRow]
    by_category: list[ImpactRow]


class ImpactPageLink(ResponseModel):
    url: str = Field(
        description="The hub's impact page in the hub staff view: a signed link for the staff "
        "who asked, valid one hour; do not share it"
    )
    expires_at: datetime
