"""One-line builders for matching and invitation tests: rows inserted directly, real tokens.

Sign-up and profile editing have their own tests; here the subject is ranking, so a creative
with reputation, load and a portfolio is a single call. Accounts, gigs and partner tokens come
from tests/factories.py.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import (
    Availability,
    Contract,
    ContractStatus,
    GigStatus,
    Milestone,
    MilestoneStatus,
    PortfolioItem,
    creative_categories,
    creative_skills,
)
from tests.factories import (
    CreativeBase,
    make_gig,
    make_profile,
    make_user,
    numbers,
    sign_contract,
)


class Creative(CreativeBase):
    @property
    def id(self) -> uuid.UUID:
        """Matches and invitations name a creative by the profile: their `creative_id`."""
        return self.profile.id


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
    contract = await sign_contract(
        session,
        gig,
        creative.profile,
        price_idr=1_000_000,
        cover_letter="Saya siap mengerjakan kemasan ini dengan rapi dan tepat waktu.",
        status=status,
    )
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
