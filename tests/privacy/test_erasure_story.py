"""A creative leaves the platform: their data is exported, erasure waits until the contract is
done and the earnings paid out, and afterwards nothing personal is left but the books are."""

from __future__ import annotations

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Event, PartnerGrant, User
from tests.escrow.factories import fund, idem, submit
from tests.escrow.ledger_checks import assert_ledger_consistent
from tests.factories import make_deal, make_gig, make_user
from tests.helpers import PASSWORD, assert_problem, signup
from tests.partners.kit import bearer, connect, register_app


async def test_export_then_erasure_once_the_contract_is_settled(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await signup(client, "owner", name="Sari Wulandari")
    creative = await signup(client, "creative", name="Dimas Prasetyo", phone="0812-3456-7890")
    admin = await make_user(session, "admin", "Admin Pasar Kreatif")
    deal = await make_deal(session, (1_000_000,), owner=owner, creative=creative)
    other_gig = await make_gig(session, owner, title="Foto produk keripik tempe untuk katalog")
    await session.commit()
    proposal = await client.post(
        f"/v1/gigs/{other_gig.id}/proposals",
        json={
            "cover_letter": "Saya fotografer produk makanan di Malang, studio sendiri.",
            "price_idr": 900_000,
            "delivery_days": 7,
        },
        headers=creative.headers,
    )
    assert proposal.status_code == 201, proposal.text
    partner = await register_app(session)
    await session.commit()
    await connect(client, partner, creative)

    # Access: the export holds the profile, the contract, the proposal and the sessions.
    exported = await client.get("/v1/me/export", headers=creative.headers)
    assert exported.status_code == 200, exported.text
    data = exported.json()
    assert data["user"]["email"] == creative.email and data["user"]["phone"] == "+6281234567890"
    assert data["creative_profile"]["display_name"] == "Dimas Prasetyo"
    assert [c["id"] for c in data["contracts"]] == [str(deal.contract_id)]
    assert data["contracts"][0]["your_role"] == "creative"
    assert len(data["contracts"][0]["milestones"]) == 1
    assert proposal.json()["id"] in {p["id"] for p in data["proposals"]}
    assert data["connected_apps"][0]["client_id"] == partner.client_id
    assert data["sessions"] and "token_hash" not in exported.text
    assert not {"password_hash", "client_secret"} & set(exported.text.split('"'))

    # Erasure waits for the active contract ...
    erase = {"password": PASSWORD}
    blocked = await client.request("DELETE", "/v1/me", json=erase, headers=creative.headers)
    assert_problem(blocked, 409, "erasure_blocked_active_contract")
    # ... and, once the work is released, for the earnings to be paid out.
    await fund(client, deal)
    assert (await submit(client, deal)).status_code == 200
    approved = await client.post(f"/v1/milestones/{deal.milestone_id}/approve", headers=idem(owner))
    assert approved.status_code == 200, approved.text
    contract = await client.get(f"/v1/contracts/{deal.contract_id}", headers=owner.headers)
    assert contract.json()["status"] == "completed"
    blocked = await client.request("DELETE", "/v1/me", json=erase, headers=creative.headers)
    assert_problem(blocked, 409, "erasure_blocked_unpaid_balance")
    paid = await client.post(
        "/v1/admin/payouts",
        json={"creative_user_id": str(creative.id), "amount_idr": 889_000, "reference": "BIFAST-1"},
        headers=idem(admin),
    )
    assert paid.status_code == 201, paid.text

    wrong = await client.request(
        "DELETE", "/v1/me", json={"password": "bukan-sandi-saya"}, headers=creative.headers
    )
    assert_problem(wrong, 403, "password_incorrect")
    erased = await client.request("DELETE", "/v1/me", json=erase, headers=creative.headers)
    assert erased.status_code == 200, erased.text

    # Signed out everywhere, cannot sign in, and the public profile is gone.
    assert_problem(await client.get("/v1/me", headers=creative.headers), 401, "invalid_token")
    sign_in = await client.post(
        "/v1/auth/token",
        data={"grant_type": "password", "username": creative.email, "password": PASSWORD},
    )
    assert_problem(sign_in, 401, "invalid_credentials")
    profile = await client.get(f"/v1/creatives/{deal.creative_profile_id}")
    assert profile.status_code == 404
    # The live proposal was withdrawn through its state machine.
    proposals = await client.get(f"/v1/gigs/{other_gig.id}/proposals", headers=owner.headers)
    assert [p["status"] for p in proposals.json()["data"]] == ["withdrawn"]
    assert proposals.json()["data"][0]["cover_letter"] == ""

    # What stays: the contract and the books, pointing at the pseudonym.
    kept = await client.get(f"/v1/contracts/{deal.contract_id}", headers=owner.headers)
    assert kept.status_code == 200 and kept.json()["creative_user_id"] == str(creative.id)
    user = await session.scalar(
        select(User).where(User.id == creative.id).execution_options(populate_existing=True)
    )
    assert user is not None and user.erased_at is not None and not user.is_active
    assert user.full_name == "Mantan anggota" and user.phone is None
    assert user.email.endswith("@erased.invalid") and "dimas" not in user.email.lower()
    await assert_ledger_consistent(session)

    # The partner app is told, and can no longer act for the user.
    notice = await session.scalar(select(Event).where(Event.type == "user.erased"))
    assert notice is not None and notice.payload["user_id"] == str(creative.id)
    grant = await session.scalar(
        select(PartnerGrant)
        .where(PartnerGrant.user_id == creative.id)
        .execution_options(populate_existing=True)
    )
    assert grant is not None and grant.revoked_at is not None
    app_token = await client.post(
        "/v1/auth/token", data={"grant_type": "client_credentials"}, auth=partner.basic_auth
    )
    feed = await client.get(
        "/v1/events",
        params={"types": "user.erased"},
        headers=bearer(app_token.json()["access_token"]),
    )
    assert feed.status_code == 200, feed.text
    assert [e["data"]["user_id"] for e in feed.json()["data"]] == [str(creative.id)]
