"""A deal made the way users make one, through the API: an owner's gig, a proposal, accepted.
Row-built deals for escrow tests are `make_deal` in tests/factories.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Gig
from tests.factories import NEW_CREATIVE, Creative, make_creative
from tests.helpers import Actor, signup
from tests.proposals.factories import make_gig, submitted_proposal


@dataclass
class AcceptedDeal:
    """An accepted proposal: the contract between `owner` and `creative` on `gig`."""

    owner: Actor
    creative: Creative
    gig: Gig
    contract: dict[str, Any]

    @property
    def contract_id(self) -> str:
        return str(self.contract["id"])

    @property
    def milestone_id(self) -> str:
        return str(self.contract["milestones"][0]["id"])


async def accept_deal(
    client: httpx.AsyncClient, session: AsyncSession, *, price_idr: int = 2_500_000
) -> AcceptedDeal:
    owner = await signup(client, "owner", name="Sari Wulandari")
    gig = await make_gig(session, owner)
    creative = await make_creative(
        session, account=await signup(client, "creative"), name="Dimas Prasetyo", **NEW_CREATIVE
    )
    proposal = await submitted_proposal(client, creative, gig.id, price_idr=price_idr)
    response = await client.post(f"/v1/proposals/{proposal['id']}/accept", headers=owner.headers)
    assert response.status_code == 201, response.text
    return AcceptedDeal(owner, creative, gig, response.json())


async def fund_milestone(client: httpx.AsyncClient, owner: Actor, milestone_id: str) -> None:
    """Pay a milestone into escrow through the sandbox provider, as the owner's card would."""
    funded = await client.post(f"/v1/milestones/{milestone_id}/fund", headers=owner.headers)
    assert funded.status_code == 201, funded.text
    paid = await client.post(
        f"/v1/sandbox/payments/{funded.json()['payment_id']}/succeed", headers=owner.headers
    )
    assert paid.status_code == 200, paid.text
    assert paid.json()["status"] == "succeeded", paid.text
