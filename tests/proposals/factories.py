"""One-line builders for proposal and contract tests: a gig, proposals sent through the API,
and rows read back after the API changed them. Creatives come from tests/factories.py."""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Business, Event, Gig, GigStatus
from tests import factories
from tests.helpers import Actor

T = TypeVar("T")

COVER_LETTER = (
    "Halo, saya desainer kemasan dari Surabaya dan sudah membantu 12 UMKM makanan ringan "
    "membuat kemasan yang siap dipajang di minimarket."
)


async def make_gig(
    session: AsyncSession,
    owner: Actor,
    *,
    status: GigStatus = GigStatus.open,
    business: Business | None = None,
    title: str = "Desain kemasan keripik tempe",
) -> Gig:
    """The gig these tests were written against: no skills, a budget around the 2,5 juta
    that `propose` offers."""
    return await factories.make_gig(
        session,
        owner,
        title=title,
        description="Kami butuh desain kemasan standing pouch 250 gram yang menarik.",
        skills=(),
        budget=(1_500_000, 3_000_000),
        status=status,
        business=business,
    )


async def propose(
    client: httpx.AsyncClient,
    creative: factories.Creative | Actor,
    gig_id: uuid.UUID,
    **overrides: Any,
) -> httpx.Response:
    body = {"cover_letter": COVER_LETTER, "price_idr": 2_500_000, "delivery_days": 14}
    return await client.post(
        f"/v1/gigs/{gig_id}/proposals", json=body | overrides, headers=creative.headers
    )


async def submitted_proposal(
    client: httpx.AsyncClient, creative: factories.Creative, gig_id: uuid.UUID, **overrides: Any
) -> dict[str, Any]:
    response = await propose(client, creative, gig_id, **overrides)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def events_for(session: AsyncSession, subject_id: uuid.UUID | str) -> list[Event]:
    """Outbox rows about one subject, oldest first."""
    rows = await session.scalars(
        select(Event).where(Event.subject_id == uuid.UUID(str(subject_id))).order_by(Event.cursor)
    )
    return list(rows.all())


async def reload(session: AsyncSession, model: type[T], row_id: uuid.UUID | str) -> T:
    """A fresh copy of a row, after the API changed it in another session."""
    row = await session.get(model, uuid.UUID(str(row_id)), populate_existing=True)
    assert row is not None
    return row
