"""Keep the impact rollups current from the outbox (a worker task), or rebuild them.

The refresher reads events past its position in the feed's commit-safe order (only below the
oldest running transaction, see app/services/partners/feed.py), finds the gigs they touched,
recomputes those gigs' rows from the source tables (app/services/impact/facts.py), then the
cells they fall in and the active months of their businesses and creatives. Its position row
is locked `FOR UPDATE` for the whole run, so a second worker waits and then starts after what
the first one handled; and since rows are recomputed, never incremented, handling an event
twice changes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime

from sqlalchemy import literal, select, text, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Event, ImpactRefreshPosition
from app.services.fees import current_rates_bps
from app.services.impact import facts
from app.services.partners.feed import settled

POSITION = "impact"
BATCH_EVENTS = 500
# Only these subjects can change an impact figure (facts.GIGS_OF_EVENTS maps each to its gig).
SUBJECT_TYPES = ("gig", "proposal", "contract", "milestone", "dispute", "review")

CellKey = tuple[date, str, str]


async def _locked_position(session: AsyncSession) -> ImpactRefreshPosition:
    # Recomputing a party's active months sorts its whole history; in memory, not on disk.
    await session.execute(text("SET LOCAL work_mem = '64MB'"))
    await session.execute(
        insert(ImpactRefreshPosition)
        .values(name=POSITION, tx_id=0, cursor=0)
        .on_conflict_do_nothing(index_elements=["name"])
    )
    position = await session.scalar(
        select(ImpactRefreshPosition)
        .where(ImpactRefreshPosition.name == POSITION)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert position is not None
    return position


def _rates() -> dict[str, int]:
    fee_bps, ppn_bps = current_rates_bps()
    return {"fee_bps": fee_bps, "ppn_bps": ppn_bps}


async def recompute_gigs(session: AsyncSession, gig_ids: Iterable[uuid.UUID]) -> int:
    """Recompute the rows of these gigs, then the cells they were and now are in."""
    ids = list(set(gig_ids))
    if not ids:
        return 0
    extra = await session.scalars(facts.FIRST_JOB_GIGS_OF_SAME_CREATIVES, {"gig_ids": ids})
    ids = list(set(ids) | set(extra.all()))
    keys: set[CellKey] = set()
    businesses: set[uuid.UUID] = set()
    creatives: set[uuid.UUID] = set()
    removed = await session.execute(facts.DELETE_GIG_MONTHS, {"gig_ids": ids})
    added = await session.execute(
        facts.INSERT_GIG_MONTHS, {"all_gigs": False, "gig_ids": ids, **_rates()}
    )
    for row in [*removed, *added]:
        keys.add((row[0], row[1], row[2]))
        businesses.add(row[3])
        if row[4] is not None:
            creatives.add(row[4])
    await _refresh_cells(session, keys)
    parties = {"businesses": sorted(businesses), "creatives": sorted(creatives)}
    await session.execute(facts.DELETE_SPANS, parties)
    await session.execute(facts.INSERT_SPANS, parties)
    return len(ids)


async def _refresh_cells(session: AsyncSession, keys: set[CellKey]) -> None:
    if not keys:
        return
    ordered = sorted(keys)
    params = {
        "months": [k[0] for k in ordered],
        "regions": [k[1] for k in ordered],
        "categories": [k[2] for k in ordered],
    }
    await session.execute(facts.DELETE_CELLS, params)
    await session.execute(facts.INSERT_CELLS, params)


async def refresh_impact(session: AsyncSession) -> int:
    """Worker task: fold the next settled outbox events into the rollups; returns how many
    events it read (0 when it is up to date)."""
    position = await _locked_position(session)
    events = (
        await session.execute(
            select(Event.tx_id, Event.cursor)
            .where(
                tuple_(Event.tx_id, Event.cursor)
                > tuple_(literal(position.tx_id), literal(position.cursor)),
                settled(),
            )
            .order_by(Event.tx_id, Event.cursor)
            .limit(BATCH_EVENTS)
        )
    ).all()
    if not events:
        return 0
    relevant = await session.scalars(
        select(Event.cursor).where(
            Event.cursor.in_([e.cursor for e in events]),
            Event.subject_type.in_(SUBJECT_TYPES),
        )
    )
    cursors = list(relevant.all())
    if cursors:
        gig_ids = await session.scalars(facts.GIGS_OF_EVENTS, {"cursors": cursors})
        await recompute_gigs(session, gig_ids.all())
    position.tx_id, position.cursor = events[-1].tx_id, events[-1].cursor
    position.refreshed_at = datetime.now(UTC)
    await session.flush()
    return len(events)


async def rebuild_impact(session: AsyncSession) -> int:
    """Recompute every rollup from the source tables (`pasar impact-rebuild`, backfills);
    returns the number of gig-month rows. The refresher then goes on from the newest settled
    event, so nothing committed meanwhile is lost: it is recomputed once more at worst."""
    position = await _locked_position(session)
    newest = (
        await session.execute(
            select(Event.tx_id, Event.cursor)
            .where(settled())
            .order_by(Event.tx_id.desc(), Event.cursor.desc())
            .limit(1)
        )
    ).first()
    await session.execute(text("TRUNCATE impact_gig_months, impact_cells, impact_party_spans"))
    await session.execute(
        facts.INSERT_ALL_GIG_MONTHS, {"all_gigs": True, "gig_ids": [], **_rates()}
    )
    await session.execute(facts.INSERT_ALL_CELLS)
    await session.execute(facts.INSERT_ALL_SPANS)
    if newest is not None:
        position.tx_id, position.cursor = newest.tx_id, newest.cursor
    position.refreshed_at = datetime.now(UTC)
    await session.flush()
    rows = await session.scalar(text("SELECT count(*) FROM impact_gig_months"))
    return int(rows or 0)
