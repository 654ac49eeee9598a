"""The rollups the worker keeps agree with a direct computation, whatever order and however
often events are folded in, and with two refreshers at once."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import text, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.models import ImpactRefreshPosition
from app.services.fees import current_rates_bps, split_release
from app.services.impact.rollup import POSITION, rebuild_impact, refresh_impact
from tests.conftest import truncate_user_data
from tests.factories import make_creative
from tests.impact.kit import at, hire, make_owner_business, post_gig

# The regency and category level (the others are sums of these, checked below).
CELLS = """SELECT month::text, region_key, category_key, gigs_posted, gigs_awarded,
    gigs_completed, repeat_hires, first_paid_jobs, disputes, gmv_released_idr,
    creative_earnings_idr, rating_sum, rating_count
    FROM impact_cells WHERE region_key LIKE '%.%' AND category_key <> '*' ORDER BY 1, 2, 3"""
COUNTRY = """SELECT month::text, gigs_posted, gigs_awarded, gmv_released_idr FROM impact_cells
    WHERE region_key = '*' AND category_key = '*' ORDER BY 1"""
# Active months per place and category level (month index: year * 12 + month - 1).
SEPTEMBER, OCTOBER = 2026 * 12 + 8, 2026 * 12 + 9
PARTIES = """SELECT region_key, category_key, kind, count(*), array_agg(DISTINCT m ORDER BY m)
    FROM impact_party_spans, unnest(months) AS m
    WHERE region_key IN ('*', '35', '35.73') GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"""


async def _drain(session: AsyncSession) -> None:
    while await refresh_impact(session):
        pass


async def _snapshot(session: AsyncSession) -> tuple[list[Any], list[Any]]:
    cells = [tuple(r) for r in await session.execute(text(CELLS))]
    parties = [tuple(r) for r in await session.execute(text(PARTIES))]
    return cells, parties


async def _small_market(session: AsyncSession) -> dict[str, Any]:
    """Two regencies, two categories, two months: a repeat hire, a creative's first paid
    job, a dispute and a rating."""
    owner_a, surabaya = await make_owner_business(session, "35.78")
    owner_b, malang = await make_owner_business(session, "35.73")
    ayu = await make_creative(session, name="Ayu")
    budi = await make_creative(session, name="Budi")
    first = await post_gig(session, surabaya, owner_a, at(2026, 9, 2))
    await hire(session, first, ayu.profile, at(2026, 9, 3), released=at(2026, 9, 20),
               amount_idr=2_000_000, rating=5)  # fmt: skip
    again = await post_gig(session, surabaya, owner_a, at(2026, 10, 1))
    await hire(session, again, ayu.profile, at(2026, 10, 2), released=at(2026, 10, 12),
               amount_idr=1_000_000, rating=4)  # fmt: skip
    logo = await post_gig(session, malang, owner_b, at(2026, 10, 5), category="logo-branding")
    await hire(session, logo, budi.profile, at(2026, 10, 6), disputed=at(2026, 10, 9))
    await post_gig(session, malang, owner_b, at(2026, 10, 7))  # never awarded
    return {"ayu": ayu, "budi": budi}


def _share(amount: int) -> int:
    fee_bps, ppn_bps = current_rates_bps()
    return split_release(amount, fee_bps=fee_bps, ppn_bps=ppn_bps).creative_share_idr


async def test_refreshed_cells_match_a_direct_computation(session: AsyncSession) -> None:
    await _small_market(session)
    await _drain(session)
    cells, parties = await _snapshot(session)
    assert cells == [
        # month, region, category, posted, awarded, completed, repeat, first job, disputes,
        # GMV, earnings, rating sum, rating count
        ("2026-09-01", "35.78", "packaging-design", 1, 1, 1, 0, 1, 0, 2_000_000,
         _share(2_000_000), 5, 1),
        ("2026-10-01", "35.73", "logo-branding", 1, 1, 0, 0, 0, 1, 0, 0, 0, 0),
        ("2026-10-01", "35.73", "packaging-design", 1, 0, 0, 0, 0, 0, 0, 0, 0, 0),
        ("2026-10-01", "35.78", "packaging-design", 1, 1, 1, 1, 0, 0, 1_000_000,
         _share(1_000_000), 4, 1),
    ]  # fmt: skip
    assert parties == [
        # place, category, kind, party-months, months
        ("*", "*", "b", 3, [SEPTEMBER, OCTOBER]),  # Surabaya in both months, Malang in one
        ("*", "*", "c", 3, [SEPTEMBER, OCTOBER]),
        ("*", "*", "u", 3, [SEPTEMBER, OCTOBER]),
        ("*", "logo-branding", "b", 1, [OCTOBER]),
        ("*", "logo-branding", "c", 1, [OCTOBER]),
        ("*", "logo-branding", "u", 1, [OCTOBER]),
        ("*", "packaging-design", "b", 3, [SEPTEMBER, OCTOBER]),
        ("*", "packaging-design", "c", 2, [SEPTEMBER, OCTOBER]),
        ("*", "packaging-design", "u", 3, [SEPTEMBER, OCTOBER]),
        ("35", "*", "b", 3, [SEPTEMBER, OCTOBER]),
        ("35", "*", "c", 3, [SEPTEMBER, OCTOBER]),
        ("35", "*", "u", 3, [SEPTEMBER, OCTOBER]),
        ("35", "logo-branding", "b", 1, [OCTOBER]),
        ("35", "logo-branding", "c", 1, [OCTOBER]),
        ("35", "logo-branding", "u", 1, [OCTOBER]),
        ("35", "packaging-design", "b", 3, [SEPTEMBER, OCTOBER]),
        ("35", "packaging-design", "c", 2, [SEPTEMBER, OCTOBER]),
        ("35", "packaging-design", "u", 3, [SEPTEMBER, OCTOBER]),
        ("35.73", "*", "b", 1, [OCTOBER]),
        ("35.73", "*", "c", 1, [OCTOBER]),
        ("35.73", "*", "u", 1, [OCTOBER]),
        ("35.73", "logo-branding", "b", 1, [OCTOBER]),
        ("35.73", "logo-branding", "c", 1, [OCTOBER]),
        ("35.73", "logo-branding", "u", 1, [OCTOBER]),
        ("35.73", "packaging-design", "b", 1, [OCTOBER]),
        ("35.73", "packaging-design", "u", 1, [OCTOBER]),
    ]
    assert [tuple(r) for r in await session.execute(text(COUNTRY))] == [
        ("2026-09-01", 1, 1, 2_000_000),
        ("2026-10-01", 3, 2, 1_000_000),
    ]
    # The backfill computes the same tables from scratch.
    await rebuild_impact(session)
    assert await _snapshot(session) == (cells, parties)


async def test_folding_the_same_events_again_changes_nothing(session: AsyncSession) -> None:
    await _small_market(session)
    await _drain(session)
    before = await _snapshot(session)
    await session.execute(
        update(ImpactRefreshPosition)
        .where(ImpactRefreshPosition.name == POSITION)
        .values(tx_id=0, cursor=0)
    )
    await _drain(session)
    assert await _snapshot(session) == before
    assert await refresh_impact(session) == 0


async def test_two_refreshers_at_once_count_everything_once(engine: AsyncEngine) -> None:
    try:
        async with AsyncSession(engine, expire_on_commit=False) as setup:
            await setup.execute(
                text("TRUNCATE impact_cells, impact_party_spans, impact_refresh_positions")
            )
            await _small_market(setup)
            await setup.commit()

        async def refresher() -> int:
            handled = 0
            async with AsyncSession(engine) as session:
                while found := await refresh_impact(session):
                    handled += found
                    await session.commit()
                await session.commit()
            return handled

        handled = await asyncio.gather(refresher(), refresher())
        async with AsyncSession(engine) as check:
            events = await check.scalar(text("SELECT count(*) FROM events"))
            # Serialised on the position row: between them every event was read exactly once.
            assert sum(handled) == events
            refreshed = await _snapshot(check)
            await rebuild_impact(check)
            assert await _snapshot(check) == refreshed
            await check.rollback()
    finally:
        async with engine.begin() as conn:
            await conn.execute(
                text("TRUNCATE impact_cells, impact_party_spans, impact_refresh_positions")
            )
        await truncate_user_data(engine)


async def test_a_party_counts_only_in_the_months_it_was_active(session: AsyncSession) -> None:
    from datetime import date

    from app.schemas.impact import Granularity
    from app.services.impact.queries import TOTAL, Scope, read_cells

    owner, business = await make_owner_business(session, "35.78")
    for month in (9, 11):  # nothing in October
        await post_gig(session, business, owner, at(2026, month, 2))
    await _drain(session)

    async def served(first: date, last: date) -> int:
        cells = await read_cells(session, Scope(first, last), Granularity.month)
        return cells[(TOTAL, "")].umkm_served

    assert await served(date(2026, 10, 1), date(2026, 10, 1)) == 0
    assert await served(date(2026, 9, 1), date(2026, 11, 1)) == 1
    assert await served(date(2026, 11, 1), date(2026, 12, 1)) == 1
