"""Gig test fixtures: businesses and creatives inserted as rows, gigs posted through the API."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Gig, Proposal, ProposalStatus
from tests import factories
from tests.gigs.factories import gig_body
from tests.helpers import Actor

MakeUser = Callable[..., Awaitable[Actor]]
MakeBusiness = Callable[..., Awaitable[uuid.UUID]]
PostGig = Callable[..., Awaitable[dict[str, Any]]]
SetGig = Callable[..., Awaitable[None]]
MakeProposal = Callable[..., Awaitable[uuid.UUID]]


@pytest.fixture
def make_business(session: AsyncSession) -> MakeBusiness:
    async def make(
        owner: Actor, *, name: str = "Keripik Tempe Bu Sari", region: str = "35.78"
    ) -> uuid.UUID:
        return (await factories.make_business(session, owner, region, name=name)).id

    return make


@pytest.fixture
def post_gig(client: httpx.AsyncClient) -> PostGig:
    async def post(owner: Actor, business_id: uuid.UUID, **overrides: Any) -> dict[str, Any]:
        response = await client.post(
            "/v1/gigs", headers=owner.headers, json=gig_body(business_id, **overrides)
        )
        assert response.status_code == 201, response.text
        body: dict[str, Any] = response.json()
        return body

    return post


@pytest.fixture
def set_gig(session: AsyncSession) -> SetGig:
    """Force a gig's columns (a status reached through contracts, a deadline in the past)."""

    async def set_columns(gig_id: str | uuid.UUID, **values: Any) -> None:
        await session.execute(update(Gig).where(Gig.id == uuid.UUID(str(gig_id))).values(**values))

    return set_columns


@pytest.fixture
def make_proposal(session: AsyncSession) -> MakeProposal:
    async def make(
        creative: Actor, gig_id: str, status: ProposalStatus = ProposalStatus.submitted
    ) -> uuid.UUID:
        profile = await factories.make_profile(
            session,
            creative,
            display_name="Dina Prameswari",
            headline="Desainer kemasan UMKM",
            bio="Kemasan dan label untuk UMKM makanan.",
        )
        proposal = Proposal(
            gig_id=uuid.UUID(gig_id),
            creative_id=profile.id,
            creative_user_id=creative.id,
            cover_letter="Saya sudah mengerjakan 40 kemasan keripik; contoh ada di portofolio.",
            price_idr=1_000_000,
            delivery_days=10,
            status=status,
        )
        session.add(proposal)
        await session.flush()
        return proposal.id

    return make


@pytest.fixture
def make_user(session: AsyncSession) -> MakeUser:
    """An account with a real bearer token, without paying for argon2 on every test.

    Sign-up itself is covered by tests/accounts/test_auth.py and the flow tests.
    """

    async def make(role: str = "owner") -> Actor:
        return await factories.make_user(session, role)

    return make


@pytest.fixture
async def owner(make_user: MakeUser) -> Actor:
    return await make_user("owner")


@pytest.fixture
async def business_id(owner: Actor, make_business: MakeBusiness) -> uuid.UUID:
    return await make_business(owner)
