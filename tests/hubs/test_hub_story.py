"""The assisted-owner story through the public API: an administrator creates a hub and invites
a facilitator; the facilitator registers Bu Sri's batik business, prepares a draft gig, Bu Sri
claims her account and grants a broader delegation; the facilitator publishes, talks to a
creative, shortlists and accepts a proposal for her and asks her to pay; Bu Sri pays herself.
Every step taken for her records both people."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Event, Message
from tests.conversations.talk import run_worker
from tests.factories import make_user
from tests.helpers import PASSWORD, assert_problem, login, queued_mail, signup, token_in
from tests.hubs.factories import acting


async def test_facilitator_helps_bu_sri_from_registration_to_payment(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    admin = await make_user(session, "admin", "Admin Pasar Kreatif")
    hub = await client.post(
        "/v1/admin/hubs",
        headers=admin.headers,
        json={
            "slug": "ejsc-madiun",
            "name": "EJSC Bakorwil Madiun",
            "kind": "government_programme",
            "region_code": "35.77",
            "contact_email": "ejsc.madiun@contoh.id",
        },
    )
    assert hub.status_code == 201, hub.text
    hub_id = hub.json()["id"]

    # The facilitator is a creative herself; staff membership leaves her account role alone.
    rina = await signup(client, "creative", name="Rina Pendamping")
    invited = await client.post(
        f"/v1/hubs/{hub_id}/staff",
        headers=admin.headers,
        json={"email": rina.email, "role": "facilitator"},
    )
    assert invited.status_code == 201, invited.text
    mail = await queued_mail(client, rina.email, "hub_staff_invitation")
    staff_id = re.search(r"/v1/hub-invitations/([0-9a-f-]{36})/accept", mail.text_body or "")
    assert staff_id is not None
    joined = await client.post(f"/v1/hub-invitations/{staff_id[1]}/accept", headers=rina.headers)
    assert joined.status_code == 200, joined.text
    mine = await client.get("/v1/me/hubs", headers=rina.headers)
    assert [(m["hub"]["id"], m["role"]) for m in mine.json()["data"]] == [(hub_id, "facilitator")]
    me = await client.get("/v1/me", headers=rina.headers)
    assert me.json()["role"] == "creative"

    registered = await client.post(
        f"/v1/hubs/{hub_id}/assisted-businesses",
        headers=rina.headers,
        json={
            "owner_full_name": "Sri Wahyuni",
            "owner_phone": "+62 812 3456 7890",
            "owner_email": "sri.batik@contoh.id",
            "business_name": "Batik Tulis Bu Sri",
            "sector": "Kerajinan batik",
            "scale": "mikro",
            "region_code": "35.77",
        },
    )
    assert registered.status_code == 201, registered.text
    assisted = registered.json()
    sri_id = assisted["owner_user_id"]
    assert assisted["claim_pending"] is True
    assert assisted["claim_token"] is None  # mailed to her, never shown to the facilitator
    for_sri = acting(rina, sri_id)

    deadline = (datetime.now(UTC) + timedelta(days=30)).date().isoformat()
    gig_body = {
        "business_id": assisted["business"]["id"],
        "title": "Desain kemasan kotak batik tulis",
        "description": "Kotak kemasan untuk batik tulis Madiun, dengan label dan kartu "
        "keaslian, siap dijual di marketplace.",
        "category": "packaging-design",
        "skills": ["packaging-design"],
        "budget_min_idr": 1_500_000,
        "budget_max_idr": 3_000_000,
        "deadline": deadline,
        "region_code": "35.77",
        "work_mode": "remote",
    }
    # Before Bu Sri claims her account: drafts only.
    assert_problem(
        await client.post("/v1/gigs", headers=for_sri, json={**gig_body, "status": "open"}),
        403,
        "owner_claim_pending",
    )
    draft = await client.post("/v1/gigs", headers=for_sri, json={**gig_body, "status": "draft"})
    assert draft.status_code == 201, draft.text
    gig_id = draft.json()["id"]
    assert_problem(
        await client.post(f"/v1/gigs/{gig_id}/publish", headers=for_sri),
        403,
        "owner_claim_pending",
    )

    claim_mail = await queued_mail(client, "sri.batik@contoh.id", "account_claim")
    claimed = await client.post(
        "/v1/account/claim",
        json={"token": token_in(claim_mail.text_body or ""), "password": PASSWORD},
    )
    assert claimed.status_code == 200, claimed.text
    sri_tokens = await login(client, "sri.batik@contoh.id", PASSWORD)
    sri_headers = {"Authorization": f"Bearer {sri_tokens['access_token']}"}

    asked = await client.post(
        f"/v1/hubs/{hub_id}/delegations",
        headers=rina.headers,
        json={
            "owner_user_id": sri_id,
            "scopes": [
                "gigs:write",
                "proposals:read",
                "proposals:shortlist",
                "proposals:accept",
                "messages:write",
            ],
            "days": 60,
        },
    )
    assert asked.status_code == 201, asked.text
    assert asked.json()["status"] == "pending"
    approved = await client.post(
        f"/v1/delegations/{asked.json()['id']}/approve", headers=sri_headers
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "active"
    given = await client.get("/v1/me/delegations", headers=sri_headers)
    assert {d["status"] for d in given.json()["data"]} == {"active"}
    assert len(given.json()["data"]) == 2  # the drafts-only one and the broader one

    published = await client.post(f"/v1/gigs/{gig_id}/publish", headers=for_sri)
    assert published.status_code == 200, published.text
    assert published.json()["status"] == "open"

    dina = await signup(client, "creative", name="Dina Prameswari")
    profile = await client.put(
        "/v1/creatives/me",
        headers=dina.headers,
        json={
            "headline": "Desainer kemasan UMKM",
            "bio": "Membantu UMKM Jawa Timur tampil lebih profesional: kemasan, label, foto.",
            "skills": ["packaging-design"],
            "categories": ["packaging-design"],
            "region_code": "35.77",
            "rate_min_idr": 500_000,
            "availability": "available",
            "portfolio": [],
        },
    )
    assert profile.status_code in (200, 201), profile.text
    proposal = await client.post(
        f"/v1/gigs/{gig_id}/proposals",
        headers=dina.headers,
        json={
            "cover_letter": "Saya sudah mengerjakan 20+ kemasan batik, bisa mulai minggu ini.",
            "price_idr": 2_000_000,
            "delivery_days": 14,
        },
    )
    assert proposal.status_code == 201, proposal.text
    proposal_id = proposal.json()["id"]

    listed = await client.get(f"/v1/gigs/{gig_id}/proposals", headers=for_sri)
    assert [p["id"] for p in listed.json()["data"]] == [proposal_id]
    thread = await client.post(
        "/v1/conversations",
        headers=for_sri,
        json={"gig_id": gig_id, "creative_id": profile.json()["id"]},
    )
    assert thread.status_code == 201, thread.text
    said = await client.post(
        f"/v1/conversations/{thread.json()['id']}/messages",
        headers=for_sri,
        json={"body": "Bu Sri suka contoh kemasan Anda. Bisa pakai motif kawung?"},
    )
    assert said.status_code == 201, said.text
    seen = await client.get(
        f"/v1/conversations/{thread.json()['id']}/messages", headers=dina.headers
    )
    note = seen.json()["data"][0]["posted_by_note"]
    assert note == "diposting oleh pendamping Rina Pendamping atas nama Sri Wahyuni"

    shortlisted = await client.post(f"/v1/proposals/{proposal_id}/shortlist", headers=for_sri)
    assert shortlisted.status_code == 200, shortlisted.text
    await run_worker(session)  # the thread marks the shortlisting, as done by Rina for Bu Sri
    marked = await client.get(
        f"/v1/conversations/{thread.json()['id']}/messages", headers=dina.headers
    )
    system = next(m for m in marked.json()["data"] if m["system_kind"] == "proposal.shortlisted")
    assert system["posted_by_note"] == note
    accepted = await client.post(f"/v1/proposals/{proposal_id}/accept", headers=for_sri)
    assert accepted.status_code == 201, accepted.text
    milestone = accepted.json()["milestones"][0]

    # Money stays with Bu Sri: the facilitator asks, she pays.
    assert_problem(
        await client.post(
            f"/v1/milestones/{milestone['id']}/fund",
            headers={**for_sri, "Idempotency-Key": f"fund-{milestone['id']}"},
        ),
        403,
        "not_delegable",
    )
    requested = await client.post(
        f"/v1/milestones/{milestone['id']}/payment-requests", headers=for_sri
    )
    assert requested.status_code == 201, requested.text
    assert requested.json()["amount_idr"] == 2_000_000
    pay_mail = await queued_mail(client, "sri.batik@contoh.id", "payment_request")
    assert "Rp2.000.000" in (pay_mail.text_body or "")
    assert f"/v1/milestones/{milestone['id']}/fund" in (pay_mail.text_body or "")
    funding = await client.post(
        f"/v1/milestones/{milestone['id']}/fund",
        headers={**sri_headers, "Idempotency-Key": f"fund-{milestone['id']}"},
    )
    assert funding.status_code == 201, funding.text
    paid = await client.post(
        f"/v1/sandbox/payments/{funding.json()['payment_id']}/succeed", headers=sri_headers
    )
    assert paid.json()["status"] == "succeeded", paid.text

    events = {
        e.type: e
        for e in (
            await session.scalars(
                select(Event).where(
                    Event.type.in_(
                        [
                            "gig.published",
                            "proposal.shortlisted",
                            "proposal.accepted",
                            "message.posted",
                            "milestone.payment_requested",
                            "milestone.funded",
                        ]
                    ),
                    Event.audience_user_ids.any(uuid.UUID(sri_id)),
                )
            )
        ).all()
    }
    for acted in (
        "gig.published",
        "proposal.shortlisted",
        "proposal.accepted",
        "message.posted",
        "milestone.payment_requested",
    ):
        assert (events[acted].actor_user_id, events[acted].principal_user_id) == (
            rina.id,
            uuid.UUID(sri_id),
        ), acted
    assert events["milestone.funded"].principal_user_id is None
    message = await session.scalar(
        select(Message).where(Message.id == uuid.UUID(said.json()["id"]))
    )
    assert message is not None and message.acting_user_id == rina.id
