"""The whole story: a batik maker hires a designer and pays out milestone by milestone."""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy import any_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import jakarta_today
from app.models import CreativeProfile, Event, Gig, GigStatus
from tests.contracts.deals import fund_milestone
from tests.factories import NEW_CREATIVE, make_creative
from tests.helpers import signup
from tests.proposals.factories import make_gig, reload, submitted_proposal


async def test_propose_accept_split_deliver_revise_and_complete(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await signup(client, "owner", name="Sari Wulandari")
    gig = await make_gig(session, owner, title="Desain kemasan batik tulis Pekalongan")
    dimas = await make_creative(
        session, account=await signup(client, "creative"), name="Dimas Prasetyo", **NEW_CREATIVE
    )
    rina = await make_creative(
        session, account=await signup(client, "creative"), name="Rina Lestari", **NEW_CREATIVE
    )

    proposal = await submitted_proposal(
        client, dimas, gig.id, price_idr=3_000_000, delivery_days=20
    )
    runner_up = await submitted_proposal(client, rina, gig.id, price_idr=3_500_000)
    shortlist = await client.post(
        f"/v1/proposals/{proposal['id']}/shortlist", headers=owner.headers
    )
    assert shortlist.json()["status"] == "shortlisted"

    accepted = await client.post(f"/v1/proposals/{proposal['id']}/accept", headers=owner.headers)
    assert accepted.status_code == 201, accepted.text
    contract = accepted.json()
    assert [m["amount_idr"] for m in contract["milestones"]] == [3_000_000]
    runner_up_now = await client.get(f"/v1/proposals/{runner_up['id']}", headers=rina.headers)
    assert runner_up_now.json()["status"] == "declined"

    split = await client.post(
        f"/v1/contracts/{contract['id']}/milestones",
        json={
            "title": "Konsep desain (3 alternatif)",
            "amount_idr": 1_000_000,
            "due_date": (jakarta_today() + timedelta(days=7)).isoformat(),
        },
        headers=owner.headers,
    )
    assert split.status_code == 201, split.text
    concept, rest = split.json()["milestones"]
    assert (concept["title"], concept["amount_idr"], concept["position"]) == (
        "Konsep desain (3 alternatif)",
        1_000_000,
        1,
    )
    assert (rest["title"], rest["amount_idr"], rest["position"]) == (
        "Seluruh pekerjaan",
        2_000_000,
        2,
    )

    for milestone in (concept, rest):
        await fund_milestone(client, owner, milestone["id"])
        delivered = await client.post(
            f"/v1/milestones/{milestone['id']}/submit",
            json={
                "note": f"{milestone['title']} sudah selesai, silakan dicek.",
                "deliverable_urls": ["https://drive.google.com/drive/folders/batik-pekalongan"],
            },
            headers=dimas.headers,
        )
        assert delivered.status_code == 200, delivered.text

    revise = await client.post(
        f"/v1/milestones/{rest['id']}/request-changes",
        json={"note": "Motif parang-nya tolong dibuat lebih besar di sisi depan."},
        headers=owner.headers,
    )
    assert revise.json()["status"] == "changes_requested"
    assert revise.json()["revision_count"] == 1
    resubmitted = await client.post(
        f"/v1/milestones/{rest['id']}/submit",
        json={
            "note": "Motif sudah diperbesar.",
            "deliverable_urls": ["https://drive.google.com/drive/folders/batik-pekalongan-v2"],
        },
        headers=dimas.headers,
    )
    assert resubmitted.json()["status"] == "submitted"

    first = await client.post(f"/v1/milestones/{concept['id']}/approve", headers=owner.headers)
    assert first.json()["status"] == "released"
    midway = await client.get(f"/v1/contracts/{contract['id']}", headers=dimas.headers)
    assert midway.json()["status"] == "active"
    last = await client.post(f"/v1/milestones/{rest['id']}/approve", headers=owner.headers)
    assert last.json()["status"] == "released"

    done = (await client.get(f"/v1/contracts/{contract['id']}", headers=owner.headers)).json()
    assert done["status"] == "completed"
    assert done["completed_at"] is not None
    assert [m["status"] for m in done["milestones"]] == ["released", "released"]
    assert sum(m["amount_idr"] for m in done["milestones"]) == done["price_idr"]
    assert (await reload(session, Gig, gig.id)).status is GigStatus.completed
    assert (await reload(session, CreativeProfile, dimas.profile.id)).completed_contracts == 1

    story = (
        await session.scalars(
            select(Event.type)
            .where(any_(Event.audience_user_ids) == dimas.user_id)
            .order_by(Event.cursor)
        )
    ).all()
    assert story == [
        "proposal.submitted",
        "proposal.shortlisted",
        "proposal.accepted",
        "contract.created",
        "milestone.created",
        "milestone.funded",
        "milestone.submitted",
        "milestone.funded",
        "milestone.submitted",
        "milestone.changes_requested",
        "milestone.submitted",
        "milestone.approved",
        "milestone.released",
        "milestone.approved",
        "milestone.released",
        "contract.completed",
    ]
