"""Rows every area's tests build alike: accounts with real tokens, businesses, gigs, creative
profiles, a signed contract and partner-app tokens, inserted directly in the session.

Sign-up, business and gig creation have their own API tests; going through them here would
only pay for argon2 and validation again. The per-area factories add what is theirs on top.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
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
    Milestone,
    MilestoneStatus,
    PartnerApp,
    PartnerAppStatus,
    PortfolioItem,
    Proposal,
    ProposalStatus,
    RateLimitTier,
    User,
    UserRole,
    WorkMode,
    creative_categories,
    creative_skills,
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
class Creative:
    """A creative's account and profile. There is no bare `id`: the API names a creative by the
    profile (`creative_id`) and follows them as a user (`creative_user_id`, audiences), so tests
    say which one they mean."""

    actor: Actor
    profile: CreativeProfile

    @property
    def user_id(self) -> uuid.UUID:
        return self.actor.id

    @property
    def profile_id(self) -> uuid.UUID:
        return self.profile.id

    @property
    def headers(self) -> dict[str, str]:
        return self.actor.headers


# A creative who just joined: no reviews, no finished contracts, no skills or categories.
NEW_CREATIVE: dict[str, Any] = {
    "skills": (),
    "categories": (),
    "rate_min_idr": None,
    "rating_avg": None,
    "rating_count": 0,
    "completed_contracts": 0,
}


async def make_user(session: AsyncSession, role: str = "owner", name: str | None = None) -> Actor:
    """An account with a real bearer token, without paying for a sign-up."""
    n = next(numbers)
    user = User(
        email=f"{role}{n}-{uuid.uuid4().hex[:6]}@contoh.id",
        password_hash="not-used-by-these-tests",
        full_name=name or f"Pengguna {role.title()} {n}",
        role=UserRole(role),
        email_verified_at=datetime.now(UTC),
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


async def make_creative(
    session: AsyncSession,
    *,
    account: Actor | None = None,
    name: str | None = None,
    headline: str = "Desainer kemasan untuk UMKM makanan",
    bio: str = "Lima tahun mendesain kemasan produk lokal.",
    skills: Sequence[str] = ("packaging-design",),
    categories: Sequence[str] = ("packaging-design",),
    region_code: str = "35.78",
    rate_min_idr: int | None = 500_000,
    availability: Availability = Availability.available,
    rating_avg: float | None = 4.6,
    rating_count: int = 8,
    completed_contracts: int = 8,
    portfolio: Sequence[tuple[str, str, str]] = (),
) -> Creative:
    """An established packaging designer (reviews, finished contracts, a skill and a category)
    unless told otherwise; `**NEW_CREATIVE` for one who just joined. `account` is an existing
    creative account (e.g. from `signup`, when the test signs in with its password); without
    it one is inserted. `portfolio` is (title, description, category) per item."""
    actor = account or await make_user(session, "creative", name=name)
    profile = await make_profile(
        session,
        actor,
        display_name=name or f"Kreator {next(numbers)}",
        headline=headline,
        bio=bio,
        region_code=region_code,
        rate_min_idr=rate_min_idr,
        availability=availability,
        rating_avg=rating_avg if rating_count else None,
        rating_count=rating_count,
        completed_contracts=completed_contracts,
    )
    if skills:
        await session.execute(
            insert(creative_skills), [{"creative_id": profile.id, "skill_slug": s} for s in skills]
        )
    if categories:
        await session.execute(
            insert(creative_categories),
            [{"creative_id": profile.id, "category_slug": c} for c in categories],
        )
    for position, (title, description, category) in enumerate(portfolio):
        session.add(
            PortfolioItem(
                creative_id=profile.id,
                position=position,
                title=title,
                url=f"https://www.behance.net/gallery/{next(numbers)}/karya",
                description=description,
                category_slug=category,
            )
        )
    await session.flush()
    return Creative(actor, profile)


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


@dataclass
class Deal:
    """A signed contract: `creative` is the creative's account (a user), `creative_profile_id`
    their profile (what the API calls `creative_id`)."""

    owner: Actor
    creative: Actor
    contract_id: uuid.UUID
    creative_profile_id: uuid.UUID
    milestone_ids: list[uuid.UUID] = field(default_factory=list)

    @property
    def milestone_id(self) -> uuid.UUID:
        return self.milestone_ids[0]


async def make_deal(
    session: AsyncSession,
    amounts: tuple[int, ...] = (2_500_000,),
    *,
    owner: Actor | None = None,
    creative: Actor | None = None,
) -> Deal:
    """An active contract between a batik maker and a designer, one pending milestone per
    amount (their sum is the price)."""
    owner = owner or await make_user(session, "owner", "Sari Wulandari")
    creative = creative or await make_user(session, "creative", "Dimas Prasetyo")
    business = await make_business(
        session, owner, "33.26", name=f"Batik Tulis Sari {next(numbers)}", sector="Kerajinan batik"
    )
    profile = await _profile_of(session, creative.id) or await make_profile(
        session,
        creative,
        display_name="Dimas Prasetyo",
        headline="Desainer kemasan UMKM",
        bio="Kemasan dan label untuk UMKM batik dan makanan.",
    )
    price = sum(amounts)
    gig = await make_gig(
        session,
        owner,
        title="Desain kemasan batik tulis",
        description="Kotak kemasan premium untuk batik tulis Pekalongan.",
        skills=(),
        budget=(price, price),
        region_code="33.26",
        status=GigStatus.in_progress,
        business=business,
    )
    contract = await sign_contract(
        session,
        gig,
        profile,
        price_idr=price,
        cover_letter="Saya sudah mendesain 30 kemasan batik; portofolio terlampir.",
    )
    deal = Deal(owner, creative, contract.id, profile.id)
    for position, amount in enumerate(amounts, start=1):
        milestone = Milestone(
            contract_id=contract.id,
            position=position,
            title=f"Tahap {position}",
            amount_idr=amount,
            due_date=jakarta_today() + timedelta(days=14),
            status=MilestoneStatus.pending,
            deliverable_urls=[],
            revision_count=0,
        )
        session.add(milestone)
        await session.flush()
        deal.milestone_ids.append(milestone.id)
    return deal


async def _profile_of(session: AsyncSession, user_id: uuid.UUID) -> CreativeProfile | None:
    found: CreativeProfile | None = await session.scalar(
        select(CreativeProfile).where(CreativeProfile.user_id == user_id)
    )
    return found


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
