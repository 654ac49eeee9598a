"""Rows every area's tests build alike: accounts with real tokens, businesses, gigs, creative
profiles, a signed contract and partner-app tokens, inserted directly in the session.

Sign-up, business and gig creation have their own API tests; going through them here would
only pay for argon2 and validation again. The per-area factories add what is theirs on top.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import jakarta_today
from app.models import (
    Availability,
    Business,
    BusinessScale,
    Contract,
    ContractStatus,
    CreativeProfile,
    Gig,
    GigStatus,
    PartnerApp,
    PartnerAppStatus,
    Proposal,
    ProposalStatus,
    RateLimitTier,
    User,
    UserRole,
    WorkMode,
    gig_skills,
)
from app.services.tokens import issue_tokens
from tests.helpers import Actor

# One sequence for every area, so numbered names and emails never repeat within a run.
numbers = itertools.count(1)

BRIEF = (
    "Kami butuh desain kemasan standing pouch untuk keripik tempe pedas 150 gram, lengkap "
    "dengan label halal dan PIRT, file siap cetak."
)


@dataclass
class CreativeBase:
    """A creative's account and profile. Which of the two ids stands for "the creative" differs
    by area, so each area's Creative adds its own `id`."""

    actor: Actor
    profile: CreativeProfile

    @property
    def headers(self) -> dict[str, str]:
        return self.actor.headers


async def make_user(session: AsyncSession, role: str = "owner", name: str | None = None) -> Actor:
    """An account with a real bearer token, without paying for a sign-up."""
    n = next(numbers)
    user = User(
        email=f"{role}{n}-{uuid.uuid4().hex[:6]}@contoh.id",
        password_hash="not-used-by-these-tests",
        full_name=name or f"Pengguna {role.title()} {n}",
        role=UserRole(role),
    )
    session.add(user)
    await session.flush()
    issued = await issue_tokens(session, user=user)
    await session.flush()
    return Actor(user.id, user.email, role, issued.access_token, issued.refresh_token or "")


async def make_business(
    session: AsyncSession,
    owner: Actor,
    region: str = "35.78",
    *,
    name: str | None = None,
    sector: str = "Makanan ringan",
) -> Business:
    business = Business(
        owner_id=owner.id,
        name=name or f"Keripik Tempe Bu Sari {next(numbers)}",
        sector=sector,
        scale=BusinessScale.mikro,
        region_code=region,
    )
    session.add(business)
    await session.flush()
    return business


async def make_gig(
    session: AsyncSession,
    owner: Actor,
    *,
    title: str = "Desain kemasan standing pouch keripik tempe",
    description: str = BRIEF,
    category: str = "packaging-design",
    skills: Sequence[str] = ("pouch-design", "label-design"),
    budget: tuple[int, int] = (750_000, 1_500_000),
    work_mode: WorkMode = WorkMode.remote,
    region_code: str | None = "35.78",
    status: GigStatus = GigStatus.open,
    deadline: date | None = None,
    business: Business | None = None,
) -> Gig:
    """A gig on `business`, or on a new business of the owner in the gig's region."""
    business = business or await make_business(session, owner, region_code or "35.78")
    gig = Gig(
        business_id=business.id,
        owner_id=owner.id,
        title=title,
        description=description,
        category_slug=category,
        budget_min_idr=budget[0],
        budget_max_idr=budget[1],
        deadline=deadline or jakarta_today() + timedelta(days=30),
        region_code=region_code,
        work_mode=work_mode,
        status=status,
        published_at=datetime.now(UTC) if status is not GigStatus.draft else None,
    )
    session.add(gig)
    await session.flush()
    if skills:
        await session.execute(
            insert(gig_skills), [{"gig_id": gig.id, "skill_slug": s} for s in skills]
        )
    return gig


async def make_profile(session: AsyncSession, creative: Actor, **fields: Any) -> CreativeProfile:
    """The creative's profile; `fields` are CreativeProfile columns over a packaging designer."""
    n = next(numbers)
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


async def sign_contract(
    session: AsyncSession,
    gig: Gig,
    profile: CreativeProfile,
    *,
    price_idr: int,
    cover_letter: str,
    status: ContractStatus = ContractStatus.active,
) -> Contract:
    """The creative's accepted proposal on the gig and the contract it became, without
    milestones: each area wants its own."""
    proposal = Proposal(
        gig_id=gig.id,
        creative_id=profile.id,
        creative_user_id=profile.user_id,
        cover_letter=cover_letter,
        price_idr=price_idr,
        delivery_days=14,
        status=ProposalStatus.accepted,
    )
    session.add(proposal)
    await session.flush()
    contract = Contract(
        gig_id=gig.id,
        proposal_id=proposal.id,
        business_id=gig.business_id,
        owner_id=gig.owner_id,
        creative_id=profile.id,
        creative_user_id=profile.user_id,
        title=gig.title,
        price_idr=price_idr,
        delivery_days=14,
        status=status,
    )
    session.add(contract)
    await session.flush()
    return contract


async def partner_token(session: AsyncSession, user_id: uuid.UUID, *scopes: str) -> str:
    """A delegated token of a registered partner app acting for the user, carrying only
    `scopes`."""
    user = await session.get_one(User, user_id)
    app = PartnerApp(
        client_id=f"aplikasi-mitra-{uuid.uuid4().hex[:8]}",
        name="Aplikasi Kreator Mitra",
        client_secret_hash="0" * 64,
        redirect_uris=["https://mitra.contoh.id/callback"],
        allowed_scopes=list(scopes),
        rate_limit_tier=RateLimitTier.standard,
        status=PartnerAppStatus.active,
    )
    session.add(app)
    await session.flush()
    issued = await issue_tokens(session, user=user, scopes=scopes, client_id=app.client_id)
    return issued.access_token


async def partner_headers(
    session: AsyncSession, user_id: uuid.UUID, *scopes: str
) -> dict[str, str]:
    """Bearer headers of a partner app acting for the user with only these scopes."""
    return {"Authorization": f"Bearer {await partner_token(session, user_id, *scopes)}"}
