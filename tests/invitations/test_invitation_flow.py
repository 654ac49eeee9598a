"""An owner invites a matched creative, who accepts and sends the proposal the answer points to."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Event, Gig
from tests.factories import Creative
from tests.helpers import Actor
from tests.invitations.conftest import invited


async def _events(session: AsyncSession, subject_id: str) -> list[Event]:
    rows = await session.scalars(
        select(Event).where(Event.subject_id == uuid.UUID(subject_id)).order_by(Event.cursor)
    )
    return list(rows)


async def test_owner_invites_from_matches_and_the_creative_accepts_and_proposes(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor, gig: Gig, creative: Creative
) -> None:
    matches = await client.get(f"/v1/gigs/{gig.id}/matches", headers=owner.headers)
    best = matches.json()["data"][0]["creative"]
    assert best["id"] == str(creative.profile_id)

    message = "Halo Mbak Dina, portofolio kemasan Anda cocok. Silakan kirim penawaran."
    invitation = await invited(client, owner, gig, creative, message=message)
    assert invitation["status"] == "pending"
    assert invitation["message"] == message
    assert invitation["gig"]["id"] == str(gig.id)
    assert invitation["creative"] == {
        "id": str(creative.profile_id),
        "display_name": "Dina Prameswari",
        "headline": creative.profile.headline,
    }
    assert invitation["responded_at"] is None

    inbox = await client.get("/v1/invitations", headers=creative.headers, params={"mine": True})
    assert [i["id"] for i in inbox.json()["data"]] == [invitation["id"]]
    sent = await client.get("/v1/invitations", headers=owner.headers)
    assert [i["id"] for i in sent.json()["data"]] == [invitation["id"]]

    response = await client.post(
        f"/v1/invitations/{invitation['id']}/accept", headers=creative.headers
    )
    assert response.status_code == 200, response.text
    accepted = response.json()
    assert accepted["invitation"]["status"] == "accepted"
    assert accepted["invitation"]["responded_at"] is not None
    form = accepted["proposal_form"]
    assert form == {
        "gig_id": str(gig.id),
        "href": f"/v1/gigs/{gig.id}/proposals",
        "method": "POST",
        "budget_min_idr": gig.budget_min_idr,
        "budget_max_idr": gig.budget_max_idr,
        "deadline": gig.deadline.isoformat(),
    }
    proposal = await client.post(
        form["href"],
        headers=creative.headers,
        json={
            "cover_letter": "Terima kasih undangannya, ini penawaran saya untuk kemasan Anda.",
            "price_idr": 1_200_000,
            "delivery_days": 10,
        },
    )
    assert proposal.status_code == 201, proposal.text

    events = await _events(session, invitation["id"])
    assert [e.type for e in events] == ["invitation.created", "invitation.accepted"]
    for event in events:
        assert set(event.audience_user_ids) == {owner.id, creative.actor.id}
        assert event.payload["gig_id"] == str(gig.id)
        assert event.payload["creative_id"] == str(creative.profile_id)
    assert events[1].actor_user_id == creative.actor.id
