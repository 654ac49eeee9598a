"""A batik maker drafts a gig, fixes it, publishes it, gets found in search and cancels it."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Event, Proposal, ProposalStatus
from tests.gigs.conftest import MakeBusiness, MakeProposal
from tests.gigs.factories import gig_body, in_days
from tests.helpers import signup


async def test_owner_drafts_publishes_and_cancels_a_gig(
    client: httpx.AsyncClient,
    session: AsyncSession,
    make_business: MakeBusiness,
    make_proposal: MakeProposal,
) -> None:
    owner = await signup(client, "owner", name="Bu Siti Batik")
    business_id = await make_business(owner, name="Batik Tulis Siti", region="33.26")

    created = await client.post(
        "/v1/gigs",
        headers=owner.headers,
        json=gig_body(
            business_id,
            title="Desain kemasan kotak batik premium",
            description="Kotak batik tulis premium dengan kartu keaslian dan label motif.",
            skills=["packaging-design", "label-design", "packaging-design"],
            region_code="33.26",
            work_mode="onsite",
            status="draft",
        ),
    )
    assert created.status_code == 201, created.text
    gig = created.json()
    gig_id = gig["id"]
    assert gig["status"] == "draft"
    assert gig["published_at"] is None
    assert gig["owner_id"] == str(owner.id)
    assert gig["business"] == {
        "id": str(business_id),
        "name": "Batik Tulis Siti",
        "region": {"code": "33.26", "name": "Kabupaten Pekalongan"},
    }
    assert gig["category"]["name_id"] == "Desain Kemasan"
    assert [s["slug"] for s in gig["skills"]] == ["label-design", "packaging-design"]
    assert gig["region"] == {"code": "33.26", "name": "Kabupaten Pekalongan"}
    assert gig["proposal_count"] == 0

    # A draft is invisible to everyone but its owner.
    assert (await client.get(f"/v1/gigs/{gig_id}")).status_code == 404
    assert (await client.get(f"/v1/gigs/{gig_id}", headers=owner.headers)).status_code == 200
    public = await client.get("/v1/gigs", params={"q": "kemasan batik"})
    assert gig_id not in [g["id"] for g in public.json()["data"]]

    edited = await client.patch(
        f"/v1/gigs/{gig_id}",
        headers=owner.headers,
        json={"budget_max_idr": 2_500_000, "deadline": in_days(45), "work_mode": "remote"},
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["budget_max_idr"] == 2_500_000
    assert edited.json()["deadline"] == in_days(45)

    published = await client.post(f"/v1/gigs/{gig_id}/publish", headers=owner.headers)
    assert published.status_code == 200, published.text
    assert published.json()["status"] == "open"
    assert published.json()["published_at"] is not None

    # "pengemasan" (packaging, the process) stems to the same word as "kemasan".
    found = await client.get("/v1/gigs", params={"q": "pengemasan batik"})
    assert found.status_code == 200, found.text
    assert [g["id"] for g in found.json()["data"]] == [gig_id]
    detail = await client.get(f"/v1/gigs/{gig_id}")
    assert detail.status_code == 200
    assert detail.json()["description"].startswith("Kotak batik tulis")

    creative = await signup(client, "creative", name="Dina Prameswari")
    proposal_id = await make_proposal(creative, gig_id)

    cancelled = await client.post(f"/v1/gigs/{gig_id}/cancel", headers=owner.headers)
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    proposal = await session.scalar(
        select(Proposal).where(Proposal.id == proposal_id).execution_options(populate_existing=True)
    )
    assert proposal is not None and proposal.status is ProposalStatus.declined

    events = (
        await session.scalars(
            select(Event)
            .where(Event.subject_id.in_([uuid.UUID(gig_id), proposal_id]))
            .order_by(Event.cursor)
        )
    ).all()
    assert [e.type for e in events] == ["gig.published", "proposal.declined", "gig.cancelled"]
    assert set(events[1].audience_user_ids) == {owner.id, creative.id}
    assert events[1].payload["reason"] == "gig_cancelled"
