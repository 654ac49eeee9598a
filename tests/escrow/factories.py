"""One-line builders for escrow tests: accounts with real tokens, a signed contract with its
milestones (inserted as rows), and the API calls that move money."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import select
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
    Proposal,
    ProposalStatus,
    User,
    UserRole,
    WorkMode,
)
from app.schemas.gigs import jakarta_today
from app.services.tokens import issue_tokens
from tests.helpers import Actor

_numbers = itertools.count(1)
SUBMISSION = {
    "note": "Desain kemasan final, file AI dan PDF siap cetak.",
    "deliverable_urls": ["https://drive.google.com/drive/folders/kemasan-final"],
}


async def make_actor(session: AsyncSession, role: str = "owner", name: str | None = None) -> Actor:
    """An account with a real bearer token, without paying for a sign-up."""
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


@dataclass
class Deal:
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
    owner = owner or await make_actor(session, "owner", "Sari Wulandari")
    creative = creative or await make_actor(session, "creative", "Dimas Prasetyo")
    business = Business(
        owner_id=owner.id,
        name=f"Batik Tulis Sari {next(_numbers)}",
        sector="Kerajinan batik",
        scale=BusinessScale.mikro,
        region_code="33.26",
    )
    session.add(business)
    profile = await _profile_of(session, creative.id) or CreativeProfile(
        user_id=creative.id,
        display_name="Dimas Prasetyo",
        headline="Desainer kemasan UMKM",
        bio="Kemasan dan label untuk UMKM batik dan makanan.",
        region_code="35.78",
        availability=Availability.available,
    )
    session.add(profile)
    await session.flush()
    price = sum(amounts)
    gig = Gig(
        business_id=business.id,
        owner_id=owner.id,
        title="Desain kemasan batik tulis",
        description="Kotak kemasan premium untuk batik tulis Pekalongan.",
        category_slug="packaging-design",
        budget_min_idr=price,
        budget_max_idr=price,
        deadline=jakarta_today() + timedelta(days=30),
        region_code="33.26",
        work_mode=WorkMode.remote,
        status=GigStatus.in_progress,
    )
    session.add(gig)
    await session.flush()
    proposal = Proposal(
        gig_id=gig.id,
        creative_id=profile.id,
        creative_user_id=creative.id,
        cover_letter="Saya sudah mendesain 30 kemasan batik; portofolio terlampir.",
        price_idr=price,
        delivery_days=14,
        status=ProposalStatus.accepted,
    )
    session.add(proposal)
    await session.flush()
    contract = Contract(
        gig_id=gig.id,
        proposal_id=proposal.id,
        business_id=business.id,
        owner_id=owner.id,
        creative_id=profile.id,
        creative_user_id=creative.id,
        title=gig.title,
        price_idr=price,
        delivery_days=14,
        status=ContractStatus.active,
    )
    session.add(contract)
    await session.flush()
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


def idem(actor: Actor, key: str | None = None) -> dict[str, str]:
    """The actor's headers with a fresh (or given) Idempotency-Key."""
    return {**actor.headers, "Idempotency-Key": key or str(uuid.uuid4())}


async def request_funding(
    client: httpx.AsyncClient, deal: Deal, milestone_id: uuid.UUID | None = None
) -> dict[str, Any]:
    response = await client.post(
        f"/v1/milestones/{milestone_id or deal.milestone_id}/fund", headers=idem(deal.owner)
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def fund(
    client: httpx.AsyncClient, deal: Deal, milestone_id: uuid.UUID | None = None
) -> dict[str, Any]:
    """Fund a milestone through the sandbox provider; returns the payment."""
    funding = await request_funding(client, deal, milestone_id)
    paid = await client.post(
        f"/v1/sandbox/payments/{funding['payment_id']}/succeed", headers=deal.owner.headers
    )
    assert paid.status_code == 200, paid.text
    body: dict[str, Any] = paid.json()
    return body


async def submit(
    client: httpx.AsyncClient, deal: Deal, milestone_id: uuid.UUID | None = None
) -> httpx.Response:
    return await client.post(
        f"/v1/milestones/{milestone_id or deal.milestone_id}/submit",
        json=SUBMISSION,
        headers=deal.creative.headers,
    )


async def act(
    client: httpx.AsyncClient,
    actor: Actor,
    milestone_id: uuid.UUID,
    action: str,
    body: dict[str, Any] | None = None,
) -> httpx.Response:
    """POST /v1/milestones/{id}/{action} with an Idempotency-Key."""
    default_bodies: dict[str, dict[str, Any]] = {
        "cancel": {"reason": "Acara pameran dibatalkan."},
        "dispute": {"reason": "File yang dikirim bukan desain final yang disepakati bersama."},
        "submit": SUBMISSION,
        "request-changes": {"note": "Tolong ganti warna hijau menjadi cokelat."},
    }
    return await client.post(
        f"/v1/milestones/{milestone_id}/{action}",
        json=body if body is not None else default_bodies.get(action),
        headers=idem(actor),
    )
