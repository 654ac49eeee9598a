"""The event feed: which outbox events a caller may see, read in commit-safe order.

Ordering: `events.cursor` is allocated when a row is inserted, not when it commits, so a
reader going by cursor alone could pass an event whose transaction commits later. The feed
instead orders by (transaction id, cursor) and reads only events whose transaction is older
than every transaction of this database still running: anything that commits later has a
larger transaction id and so sorts after whatever a reader has already seen. A transaction
left open for long (an idle session, a long report) holds the feed back while it runs. A reader also
sees its own transaction's events (tests, and a request that reads what it just wrote).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Uuid,
    and_,
    cast,
    false,
    func,
    literal,
    or_,
    select,
    text,
    true,
)
from sqlalchemy.dialects.postgresql import array
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.event_types import types_by_scopes, types_visible_with
from app.core.pagination import decode_cursor, encode_cursor, keyset_after
from app.core.principal import FULL_ACCESS, Caller
from app.models import Event, PartnerApp, PartnerGrant
from app.schemas.events import EventFeed, EventRead

# The oldest transaction of this database still running when the statement's snapshot was
# taken (or the next transaction id when none is). Transactions that pg_stat_activity shows
# in other databases are left out, so their long transactions do not hold the feed back;
# any running transaction it cannot place counts as ours, which only ever delays.
COMMITTED_BEFORE_RUNNING = text(
    """(SELECT coalesce(
           min(running::text::bigint),
           pg_snapshot_xmax(pg_current_snapshot())::text::bigint)
        FROM pg_snapshot_xip(pg_current_snapshot()) AS running
        WHERE running::text::bigint % 4294967296 NOT IN (
            SELECT backend_xid::text::bigint FROM pg_stat_activity
            WHERE backend_xid IS NOT NULL AND datname IS DISTINCT FROM current_database()))"""
)
OWN_TRANSACTION = text("pg_current_xact_id_if_assigned()::text::bigint")


@dataclass(frozen=True)
class FeedPage:
    events: list[Event]
    next_after: str | None


def event_position(event: Event) -> str:
    """The opaque `after` value that resumes the feed just past this event."""
    return encode_cursor([event.tx_id, event.cursor])


def settled() -> ColumnElement[bool]:
    """Events no running transaction can still be followed by (see the module docstring)."""
    return or_(Event.tx_id < COMMITTED_BEFORE_RUNNING, Event.tx_id == OWN_TRANSACTION)


def scopes_admit_type(scopes: Sequence[str]) -> ColumnElement[bool]:
    """SQL: the event's type is one these scopes may see."""
    if FULL_ACCESS in scopes:
        return true()
    visible = types_visible_with(scopes)
    return Event.type.in_(visible) if visible else false()


def grant_admits_type(grant_scopes: Any) -> ColumnElement[bool]:
    """SQL: a grant row's scopes let the app see the event's type."""
    return or_(
        *(
            and_(
                Event.type.in_(types),
                grant_scopes.op("&&")(array([literal(s.value) for s in needed])),
            )
            for needed, types in types_by_scopes().items()
        )
    )


async def visible_to(session: AsyncSession, caller: Caller) -> ColumnElement[bool]:
    """SQL: events this caller may see. A user's token sees events where the user is in the
    audience (a partner token only the types its scopes cover); an app token sees events of
    users who granted the app access, per each grant's scopes, plus notices about the app."""
    if caller.user is not None:
        return and_(
            Event.audience_user_ids.op("@>")(cast([caller.user.id], ARRAY(Uuid))),
            scopes_admit_type(list(caller.scopes)),
        )
    app_id = await session.scalar(
        select(PartnerApp.id).where(PartnerApp.client_id == caller.client_id)
    )
    granted_user = (
        select(literal(1))
        .where(
            PartnerGrant.app_id == app_id,
            PartnerGrant.revoked_at.is_(None),
            PartnerGrant.user_id == func.any(Event.audience_user_ids),
            grant_admits_type(PartnerGrant.scopes),
        )
        .exists()
    )
    about_app = and_(Event.subject_type == "partner_app", Event.subject_id == app_id)
    return or_(granted_user, about_app)


async def read_feed(
    session: AsyncSession,
    caller: Caller,
    *,
    after: str | None,
    types: Sequence[str],
    limit: int,
) -> FeedPage:
    """Events after `after` that the caller may see, oldest first."""
    stmt = select(Event).where(settled(), await visible_to(session, caller))
    if types:
        stmt = stmt.where(Event.type.in_(types))
    columns = [Event.tx_id.expression, Event.cursor.expression]
    if after:
        stmt = stmt.where(keyset_after(columns, decode_cursor(after), descending=False))
    events = list((await session.scalars(stmt.order_by(*columns).limit(limit))).all())
    return FeedPage(events, event_position(events[-1]) if events else after)


async def poll_events(
    session: AsyncSession, caller: Caller, *, after: str | None, types: str | None, limit: int
) -> EventFeed:
    """`read_feed` as GET /v1/events answers it; `types` is comma-separated."""
    page = await read_feed(
        session, caller, after=after, types=types.split(",") if types else [], limit=limit
    )
    return EventFeed(
        data=[EventRead.model_validate(event_document(e)) for e in page.events],
        next_after=page.next_after,
    )


def event_document(event: Event) -> dict[str, Any]:
    """The JSON shape of an event, identical in the feed and in webhook bodies."""
    return {
        "id": str(event.id),
        "type": event.type,
        "cursor": event_position(event),
        # RFC 3339 with `Z`, as the API's response models write timestamps.
        "occurred_at": event.occurred_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "subject_type": event.subject_type,
        "subject_id": str(event.subject_id),
        "actor_user_id": str(event.actor_user_id) if event.actor_user_id else None,
        "data": event.payload,
    }
