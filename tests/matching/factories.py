"""One-line builders for matching and invitation tests: rows inserted directly, real tokens.

Sign-up and profile editing have their own tests; here the subject is ranking, so a creative
with reputation, load and a portfolio is a single call.
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
    PortfolioItem,
    Proposal,
    ProposalStatus,
    User,
    UserRole,
    WorkMode,
    creative_categories,
    creative_skills,
    gig_skills,
)
from app.schemas.gigs import jakarta_today
from app.services.tokens import issue_tokens
from tests.helpers import Actor

_numbers = itertools.count(1)

BRIEF = (
    "Kami butuh desain kemasan standing pouch untuk keripik tempe pedas 150 gram, lengkap "
    "dengan label halal dan PIRT, file siap cetak."
)


async def make_user(
    session: AsyncSession, role: str = "owner", *, name: str | None = None
) -> Actor:
    n = next(_numbers)
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


async def make_business(session: AsyncSession, owner: Actor, region: str = "35.78") -> Business:
    business = Business(
        owner_id=owner.id,
        name=f"Keripik Tempe Bu Sari {next(_numbers)}",
        sector="Makanan ringan",
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


@dataclass
class Creative:
    actor: Actor
    profile: CreativeProfile

    @property
    def id(self) -> uuid.UUID:
        return self.profile.id

    @property
    def headers(self) -> dict[str, str]:
        return self.actor.headers


async def make_creative(
    session: AsyncSession,
    *,
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
    name: str | None = None,
) -> Creative:
    actor = await make_user(session, "creative", name=name)
    profile = CreativeProfile(
        user_id=actor.id,
        display_name=name or f"Kreator {next(_numbers)}",
        headline=headline,
        bio=bio,
        region_code=region_code,
        rate_min_idr=rate_min_idr,
        availability=availability,
        rating_avg=rating_avg if rating_count else None,
        rating_count=rating_count,
        completed_contracts=completed_contracts,
    )
    session.add(profile)
    await session.flush()
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
                url=f"https://www.behance.net/gallery/{next(_numbers)}/karya",
                description=description,
                category_slug=category,
            )
        )
    await session.flush()
    return Creative(actor, profile)


async def make_contract(
    session: AsyncSession,
    creative: Creative,
    *,
    status: ContractStatus = ContractStatus.active,
    milestones: Sequence[tuple[date, datetime | None]] = (),
    **gig_fields: Any,
) -> Contract:
    """A contract of the creative on a fresh gig, with milestones (due date, submitted at)."""
    owner = await make_user(session, "owner")
    gig = await make_gig(session, owner, status=GigStatus.in_progress, skills=(), **gig_fields)
    proposal = Proposal(
        gig_id=gig.id,
        creative_id=creative.profile.id,
        creative_user_id=creative.actor.id,
        cover_letter="Saya siap mengerjakan kemasan ini dengan rapi dan tepat waktu.",
        price_idr=1_000_000,
        delivery_days=14,
        status=ProposalStatus.accepted,
    )
    session.add(proposal)
    await session.flush()
    contract = Contract(
        gig_id=gig.id,
        proposal_id=proposal.id,
        business_id=gig.business_id,
        owner_id=owner.id,
        creative_id=creative.profile.id,
        creative_user_id=creative.actor.id,
        title=gig.title,
        price_idr=1_000_000,
        delivery_days=14,
        status=status,
    )
    session.add(contract)
    await session.flush()
    for position, (due, submitted) in enumerate(milestones):
        session.add(
            Milestone(
                contract_id=contract.id,
                position=position,
                title=f"Tahap {position + 1}",
                amount_idr=500_000,
                due_date=due,
                status=MilestoneStatus.submitted if submitted else MilestoneStatus.funded,
                submitted_at=submitted,
            )
        )
    await session.flush()
    return contract


async def partner_headers(
    session: AsyncSession, user_id: uuid.UUID, *scopes: str
) -> dict[str, str]:
    """Bearer headers of a partner app acting for the user with only these scopes."""
    from app.models import PartnerApp, PartnerAppStatus, RateLimitTier

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
    return {"Authorization": f"Bearer {issued.access_token}"}
