"""One-line builders for escrow tests: a signed contract with its milestones (inserted as rows)
and the API calls that move money. Accounts come from tests/factories.py."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import jakarta_today
from app.models import CreativeProfile, GigStatus, Milestone, MilestoneStatus
from tests.factories import (
    make_business,
    make_gig,
    make_profile,
    make_user,
    numbers,
    sign_contract,
)
from tests.helpers import Actor

SUBMISSION = {
    "note": "Desain kemasan final, file AI dan PDF siap cetak.",
    "deliverable_urls": ["https://drive.google.com/drive/folders/kemasan-final"],
}


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
