"""Business counters move when the change commits, and only then: a gig published, a contract
created from an accepted proposal, rupiah released from escrow."""

from __future__ import annotations

import httpx
from prometheus_client import REGISTRY
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import GigStatus
from tests.escrow.factories import fund, idem, submit
from tests.factories import make_creative, make_deal
from tests.helpers import signup
from tests.proposals.factories import make_gig, submitted_proposal


def value(name: str) -> float:
    return REGISTRY.get_sample_value(name) or 0.0


async def test_publishing_and_accepting_count_gigs_and_contracts(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await signup(client, "owner")
    gig = await make_gig(session, owner, status=GigStatus.draft)
    creative = await make_creative(session, account=await signup(client, "creative"))
    gigs, contracts = value("pasar_gigs_posted_total"), value("pasar_contracts_created_total")

    published = await client.post(f"/v1/gigs/{gig.id}/publish", headers=owner.headers)
    assert published.status_code == 200, published.text
    assert value("pasar_gigs_posted_total") == gigs + 1
    again = await client.post(f"/v1/gigs/{gig.id}/publish", headers=owner.headers)
    assert again.status_code == 409  # refused and rolled back: not counted
    assert value("pasar_gigs_posted_total") == gigs + 1

    proposal = await submitted_proposal(client, creative, gig.id)
    accepted = await client.post(f"/v1/proposals/{proposal['id']}/accept", headers=owner.headers)
    assert accepted.status_code in (200, 201), accepted.text
    assert value("pasar_contracts_created_total") == contracts + 1


async def test_gmv_counts_the_rupiah_released_to_creatives(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    deal = await make_deal(session, (1_000_000, 1_500_000))
    first, _ = deal.milestone_ids
    released = value("pasar_gmv_released_idr_total")
    await fund(client, deal, first)
    assert value("pasar_gmv_released_idr_total") == released  # funding is not GMV yet
    assert (await submit(client, deal, first)).status_code == 200
    approved = await client.post(f"/v1/milestones/{first}/approve", headers=idem(deal.owner))
    assert approved.status_code == 200, approved.text
    assert value("pasar_gmv_released_idr_total") == released + 1_000_000
