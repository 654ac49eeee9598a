"""One-line builders for the marketplace rows other areas own (businesses, gigs, profiles)."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import (
    Availability,
    Business,
    BusinessScale,
    CreativeProfile,
    Event,
    Gig,
    GigStatus,
    PartnerApp,
    PartnerAppStatus,
    RateLimitTier,
    User,
    WorkMode,
)
from app.schemas.gigs import jakarta_today
from app.services.tokens import issue_tokens
from tests.helpers import Actor, signup

_counter = itertools.count(1)
T = TypeVar("T")

COVER_LETTER = (
    "Halo, saya desainer kemasan dari Surabaya dan sudah membantu 12 UMKM makanan ringan "
    "membuat kemasan yang siap dipajang di minimarket."
)


async def make_business(session: AsyncSession, owner: Actor) -> Business:
    business = Business(
        owner_id=owner.id,
        name=f"Keripik Tempe Bu Sari {next(_counter)}",
        sector="Makanan ringan",
        scale=BusinessScale.mikro,
        region_code="35.78",
    )
    session.add(business)
    await session.flush()
    return business


async def make_gig(
    session: AsyncSession,
    owner: Actor,
    *,
    status: GigStatus = GigStatus.open,
    business: Business | None = None,
    title: str = "Desain kemasan keripik tempe",
) -> Gig:
    business = business or await make_business(session, owner)
    gig = Gig(
        business_id=business.id,
        owner_id=owner.id,
        title=title,
        description="Kami butuh desain kemasan standing pouch 250 gram yang menarik.",
        category_slug="packaging-design",
        budget_min_idr=1_500_000,
        budget_max_idr=3_000_000,
        deadline=jakarta_today() + timedelta(days=30),
        region_code="35.78",
        work_mode=WorkMode.remote,
        status=status,
    )
    session.add(gig)
    await session.flush()
    return gig


async def make_profile(session: AsyncSession, creative: Actor, **fields: Any) -> CreativeProfile:
    n = next(_counter)
    profile = CreativeProfile(
        user_id=creative.id,
        display_name=fields.pop("display_name", f"Dimas Prasetyo {n}"),
        headline=fields.pop("headline", "Desainer kemasan untuk UMKM makanan"),
        bio=fields.pop("bio", "Lima tahun mendesain kemasan produk lokal."),
        region_code=fields.pop("region_code", "35.78"),
        availability=fields.pop("availability", Availability.available),
        **fields,
    )
    session.add(profile)
    await session.flush()
    return profile


@dataclass
class Creative:
    actor: Actor
    profile: CreativeProfile

    @property
    def id(self) -> uuid.UUID:
        return self.actor.id

    @property
    def headers(self) -> dict[str, str]:
        return self.actor.headers


async def make_creative(
    client: httpx.AsyncClient, session: AsyncSession, **fields: Any
) -> Creative:
    actor = await signup(client, "creative")
    return Creative(actor, await make_profile(session, actor, **fields))


async def propose(
    client: httpx.AsyncClient,
    creative: Creative | Actor,
    gig_id: uuid.UUID,
    **overrides: Any,
) -> httpx.Response:
    body = {"cover_letter": COVER_LETTER, "price_idr": 2_500_000, "delivery_days": 14}
    return await client.post(
        f"/v1/gigs/{gig_id}/proposals", json=body | overrides, headers=creative.headers
    )


async def submitted_proposal(
    client: httpx.AsyncClient, creative: Creative, gig_id: uuid.UUID, **overrides: Any
) -> dict[str, Any]:
    response = await propose(client, creative, gig_id, **overrides)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def partner_headers(
    session: AsyncSession, user_id: uuid.UUID, *scopes: str
) -> dict[str, str]:
    """Bearer headers of a partner app acting for the user with only these scopes."""
    user = await session.get_one(User, user_id)
    app = PartnerApp(
        client_id=f"aplikasi-mitra-{uuid.uuid4().hex[:8]}",
        name="Aplikasi Kasir Mitra",
        client_secret_hash="0" * 64,
        redirect_uris=["https://mitra.contoh.id/callback"],
        allowed_scopes=list(scopes),
        rate_limit_tier=RateLimitTier.standard,
        status=PartnerAppStatus.active,
    )
    session.add(app)
    await session.flush()
    issued = await issue_tokens(session, user=user, scopes=scopes, client_id=app.client_id)
    return {"Authorization": f"Bearer {issued.access_token}"}


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
