"""Impact rollups kept by the worker (app/services/impact/rollup.py), never written by requests.

`impact_gig_months` holds one row per gig and month in which something happened to it (posted,
awarded, completed, money released, disputed, rated); `impact_cells` sums those rows per month,
regency and category (durations as histograms), and `impact_party_spans` lists, per business
or creative and place and category (at each level: regency, province, country; category, all),
the months they were active in, so distinct counts over any months stay exact and cheap. The
refresher's place in the outbox is one row of `impact_refresh_positions`, locked while it
works so two workers never race.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    ARRAY,
    BigInteger,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class ImpactGigMonth(Base):
    __tablename__ = "impact_gig_months"
    __table_args__ = (
        Index("ix_impact_gig_months_month_region_code", "month", "region_code"),
        Index("ix_impact_gig_months_business_id", "business_id", "month"),
        Index("ix_impact_gig_months_creative_id", "creative_id", "month"),
    )

    gig_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("gigs.id", ondelete="CASCADE"), primary_key=True
    )
    # First day of the month in WIB.
    month: Mapped[date] = mapped_column(primary_key=True)
    business_id: Mapped[uuid.UUID]
    # The contract's creative, on every row of the gig once it is awarded.
    creative_id: Mapped[uuid.UUID | None]
    # The business's regency (where the UMKM is), not the gig's place of work.
    region_code: Mapped[str] = mapped_column(String(13))
    category_slug: Mapped[str] = mapped_column(String(64))
    posted: Mapped[int] = mapped_column(SmallInteger, default=0)
    awarded: Mapped[int] = mapped_column(SmallInteger, default=0)
    completed: Mapped[int] = mapped_column(SmallInteger, default=0)
    repeat_hire: Mapped[int] = mapped_column(SmallInteger, default=0)
    first_paid_job: Mapped[int] = mapped_column(SmallInteger, default=0)
    creative_active: Mapped[int] = mapped_column(SmallInteger, default=0)
    disputes: Mapped[int] = mapped_column(SmallInteger, default=0)
    gmv_released_idr: Mapped[int] = mapped_column(BigInteger, default=0)
    creative_earnings_idr: Mapped[int] = mapped_column(BigInteger, default=0)
    rating_sum: Mapped[int] = mapped_column(default=0)
    rating_count: Mapped[int] = mapped_column(default=0)
    hours_to_contract: Mapped[float | None] = mapped_column(Float)
    days_to_completion: Mapped[float | None] = mapped_column(Float)


# Upper edges of the duration histograms (app/services/impact/histogram.py).
HOURS_EDGES = (1, 2, 4, 6, 8, 12, 18, 24, 30, 36, 48, 72, 96, 120, 168, 240, 336, 504)
DAYS_EDGES = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 17, 21, 28, 35, 45, 60, 90)
HOURS_COLUMNS = tuple(f"hours_to_contract_{k:02d}" for k in range(len(HOURS_EDGES) + 1))
DAYS_COLUMNS = tuple(f"days_to_completion_{k:02d}" for k in range(len(DAYS_EDGES) + 1))


class ImpactCell(Base):
    __tablename__ = "impact_cells"
    # Histogram counters, read only through SQL (one column per bucket sums fastest).
    __table_args__ = tuple(
        Column(name, BigInteger, nullable=False) for name in HOURS_COLUMNS + DAYS_COLUMNS
    )

    # Every level of place (a regency, a province, `*`) and category (a slug, `*`), so any
    # report row is a sum over its months only.
    region_key: Mapped[str] = mapped_column(String(13), primary_key=True)
    category_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    month: Mapped[date] = mapped_column(primary_key=True)
    gigs_posted: Mapped[int] = mapped_column(default=0)
    gigs_awarded: Mapped[int] = mapped_column(default=0)
    gigs_completed: Mapped[int] = mapped_column(default=0)
    repeat_hires: Mapped[int] = mapped_column(default=0)
    first_paid_jobs: Mapped[int] = mapped_column(default=0)
    disputes: Mapped[int] = mapped_column(default=0)
    gmv_released_idr: Mapped[int] = mapped_column(default=0)
    creative_earnings_idr: Mapped[int] = mapped_column(default=0)
    rating_sum: Mapped[int] = mapped_column(default=0)
    rating_count: Mapped[int] = mapped_column(default=0)
    # Distinct parties of this month (exact: a cell is one month): businesses that posted,
    # businesses with any activity, active creatives.
    umkm_served: Mapped[int] = mapped_column(default=0)
    businesses: Mapped[int] = mapped_column(default=0)
    creatives: Mapped[int] = mapped_column(default=0)


class ImpactPartySpan(Base):
    """The months (`year * 12 + month - 1`) a party was active in, at one place and category
    level: `region_key` a regency, a province or `*`, `category_key` a slug or `*`. Kinds: `u` a
    business that posted a gig (UMKM served), `b` a business with any activity, `c` a creative
    with a contract awarded, completed or paid."""

    __tablename__ = "impact_party_spans"
    # The refresher replaces one party's rows at every level.
    __table_args__ = (Index("ix_impact_party_spans_party_id", "party_id"),)

    # Key order: reports look parties up by place, then category.
    region_key: Mapped[str] = mapped_column(String(13), primary_key=True)
    category_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(1), primary_key=True)
    party_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    months: Mapped[list[int]] = mapped_column(ARRAY(Integer))
    # Bounds of `months`: a range containing one of them needs no look at the array.
    first_month: Mapped[int] = mapped_column(Integer)
    last_month: Mapped[int] = mapped_column(Integer)


class ImpactRefreshPosition(Base):
    """How far into the outbox the rollups are, in the feed's (tx_id, cursor) order."""

    __tablename__ = "impact_refresh_positions"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    tx_id: Mapped[int] = mapped_column(BigInteger, default=0)
    cursor: Mapped[int] = mapped_column(BigInteger, default=0)
    refreshed_at: Mapped[datetime | None]
