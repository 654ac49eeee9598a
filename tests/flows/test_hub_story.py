"""Issue 13's story through the public API: an administrator creates a hub; its facilitator
registers Bu Sri's batik business and posts a gig for her, offered first to the hub's packaging
pool; pool members propose inside the exclusive window while a non-member is refused; the
facilitator shortlists, accepts for Bu Sri and asks her to pay; she pays through her own
account; a trained newcomer from the pool delivers and Bu Sri approves; after the worker has
refreshed the rollups the hub's own impact report and its staff page show one UMKM served, one
first paid job and the GMV released, while the public figures of the regency stay "<5"."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.impact.rollup import refresh_impact
from tests.factories import make_user
from tests.helpers import PASSWORD, Actor, assert_problem, login, queued_mail, signup, token_in
from tests.hubs.factories import acting

MADIUN = "35.77"
BANNER = "Tampilan staf hub — jangan dibagikan / Hub staff view — do not share"


async def _creative(client: httpx.AsyncClient, name: str, headline: str) -> tuple[Actor, str]:
    person = await signup(client, "creative", name=name)
    profile = await client.put(
        "/v1/creatives/me",
        headers=person.headers,
        json={
            "headline": headline,
            "bio": "Desainer muda dari Madiun: kemasan, label dan foto produk untuk UMKM.",
            "skills": ["packaging-design"],
            "categories": ["packaging-design"],
            "region_code": MADIUN,
            "rate_min_idr": 500_000,
            "availability": "available",
            "portfolio": [],
        },
    )
    assert profile.status_code in (200, 201), profile.text
    return person, profile.json()["id"]


async def _join_hub(
    client: httpx.AsyncClient, hub_id: str, creative: Actor, facilitator: Actor
) -> None:
    asked = await client.post(f"/v1/hubs/{hub_id}/creatives/join", headers=creative.headers)
    assert asked.status_code == 201, asked.text
    approved = await client.post(
        f"/v1/hub-affiliations/{asked.json()['id']}/approve", headers=facilitator.headers
    )
    assert approved.json()["status"] == "active", approved.text


async def _refresh_rollups(session: AsyncSession) -> None:
    """The worker's impact.refresh task until it has caught up with the outbox."""
    while await refresh_impact(session):
        pass


async def test_a_hub_helps_bu_sri_and_its_impact_shows_it(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    admin = await make_user(session, "admin", "Admin Pasar Kreatif")
    created = await client.post(
        "/v1/admin/hubs",
        headers=admin.headers,
        json={
            "slug": "ejsc-bakorwil-madiun",
            "name": "EJSC Bakorwil Madiun",
            "kind": "government_programme",
            "region_code": MADIUN,
            "contact_email": "ejsc.madiun@contoh.id",
        },
    )
    assert created.status_code == 201, created.text
    hub_id = created.json()["id"]

    # Rina, a pendamping, is invited as the hub's facilitator.
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

    # She registers Bu Sri's batik business; Bu Sri claims her account and grants a delegation.
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
            "region_code": MADIUN,
        },
    )
    assert registered.status_code == 201, registered.text
    assisted = registered.json()
    sri_id = assisted["owner_user_id"]
    claim_mail = await queued_mail(client, "sri.batik@contoh.id", "account_claim")
    claimed = await client.post(
        "/v1/account/claim",
        json={"token": token_in(claim_mail.text_body or ""), "password": PASSWORD},
    )
    assert claimed.status_code == 200, claimed.text
    sri_tokens = await login(client, "sri.batik@contoh.id", PASSWORD)
    sri = {"Authorization": f"Bearer {sri_tokens['access_token']}"}
    asked = await client.post(
        f"/v1/hubs/{hub_id}/delegations",
        headers=rina.headers,
        json={
            "owner_user_id": sri_id,
            "scopes": ["gigs:write", "proposals:read", "proposals:shortlist", "proposals:accept"],
            "days": 60,
        },
    )
    assert asked.status_code == 201, asked.text
    approved = await client.post(f"/v1/delegations/{asked.json()['id']}/approve", headers=sri)
    assert approved.json()["status"] == "active", approved.text
    for_sri = acting(rina, sri_id)

    # The hub's packaging pool: two affiliated creatives, one a trained newcomer.
    dimas, dimas_profile = await _creative(client, "Dimas Prasetyo", "Lulusan pelatihan kemasan")
    ayu, ayu_profile = await _creative(client, "Ayu Lestari", "Desainer label dan kemasan")
    bayu, _ = await _creative(client, "Bayu Saputra", "Desainer kemasan Surabaya")
    for member in (dimas, ayu):
        await _join_hub(client, hub_id, member, rina)
    training = await client.post(
        f"/v1/hubs/{hub_id}/training-records",
        headers=rina.headers,
        json={
            "creative_id": dimas_profile,
            "title": "Pelatihan desain kemasan",
            "days": 3,
            "completed_on": "2026-10-17",
        },
    )
    assert training.status_code == 201, training.text
    pool = await client.post(
        f"/v1/hubs/{hub_id}/pools",
        headers=rina.headers,
        json={"name": "Desainer kemasan EJSC Madiun", "category": "packaging-design"},
    )
    assert pool.status_code == 201, pool.text
    pool_id = pool.json()["id"]
    for profile_id in (dimas_profile, ayu_profile):
        added = await client.put(
            f"/v1/pools/{pool_id}/members/{profile_id}",
            headers=rina.headers,
            json={"note": "Portofolio kemasan sudah ditinjau."},
        )
        assert added.status_code == 200, added.text

    # Rina posts the gig for Bu Sri, offered to the pool first.
    gig = await client.post(
        "/v1/gigs",
        headers=for_sri,
        json={
            "business_id": assisted["business"]["id"],
            "title": "Desain kemasan kotak batik tulis",
            "description": "Kotak kemasan untuk batik tulis Madiun, dengan label dan kartu "
            "keaslian, siap dijual di marketplace.",
            "category": "packaging-design",
            "skills": ["packaging-design"],
            "budget_min_idr": 1_500_000,
            "budget_max_idr": 3_000_000,
            "deadline": (datetime.now(UTC) + timedelta(days=30)).date().isoformat(),
            "region_code": MADIUN,
            "work_mode": "remote",
            "status": "open",
            "pool_id": pool_id,
        },
    )
    assert gig.status_code == 201, gig.text
    gig_id = gig.json()["id"]
    assert gig.json()["pool"]["id"] == pool_id

    def proposal(price_idr: int) -> dict[str, object]:
        return {
            "cover_letter": "Saya siap mengerjakan kemasan batik ini dengan motif khas Madiun.",
            "price_idr": price_idr,
            "delivery_days": 14,
        }

    proposals = f"/v1/gigs/{gig_id}/proposals"
    assert_problem(
        await client.post(proposals, headers=bayu.headers, json=proposal(1_800_000)),
        403,
        "pool_exclusive_window",
    )
    from_ayu = await client.post(proposals, headers=ayu.headers, json=proposal(2_500_000))
    assert from_ayu.status_code == 201, from_ayu.text
    from_dimas = await client.post(proposals, headers=dimas.headers, json=proposal(2_000_000))
    assert from_dimas.status_code == 201, from_dimas.text
    proposal_id = from_dimas.json()["id"]

    # Rina shortlists and accepts for Bu Sri, then asks her to pay.
    shortlisted = await client.post(f"/v1/proposals/{proposal_id}/shortlist", headers=for_sri)
    assert shortlisted.status_code == 200, shortlisted.text
    accepted = await client.post(f"/v1/proposals/{proposal_id}/accept", headers=for_sri)
    assert accepted.status_code == 201, accepted.text
    milestone = accepted.json()["milestones"][0]
    requested = await client.post(
        f"/v1/milestones/{milestone['id']}/payment-requests", headers=for_sri
    )
    assert requested.status_code == 201, requested.text
    assert requested.json()["amount_idr"] == 2_000_000

    # Bu Sri pays through her own account (the sandbox provider completes the payment).
    funding = await client.post(
        f"/v1/milestones/{milestone['id']}/fund",
        headers={**sri, "Idempotency-Key": f"fund-{milestone['id']}"},
    )
    assert funding.status_code == 201, funding.text
    paid = await client.post(
        f"/v1/sandbox/payments/{funding.json()['payment_id']}/succeed", headers=sri
    )
    assert paid.json()["status"] == "succeeded", paid.text

    # Dimas delivers; Bu Sri approves, which releases the escrow to him: his first paid job.
    submitted = await client.post(
        f"/v1/milestones/{milestone['id']}/submit",
        headers=dimas.headers,
        json={"note": "Desain final terlampir.", "deliverable_urls": ["https://drive.example/k"]},
    )
    assert submitted.status_code == 200, submitted.text
    released = await client.post(f"/v1/milestones/{milestone['id']}/approve", headers=sri)
    assert released.status_code == 200, released.text
    assert released.json()["status"] == "released"
    released_idr = released.json()["released_idr"]
    assert released_idr == 2_000_000

    await _refresh_rollups(session)

    # The hub's own report: its one UMKM, its one first paid job and the GMV, exactly.
    mine = await client.get(f"/v1/hubs/{hub_id}/impact", headers=rina.headers)
    assert mine.status_code == 200, mine.text
    report = mine.json()
    assert report["view"] == "hub_staff"
    totals = report["totals"]
    assert totals["umkm_served"] == 1
    assert totals["gigs_posted"] == 1 and totals["gigs_completed"] == 1
    assert totals["creatives_first_paid_job"] == 1
    assert totals["gmv_released_idr"] == released_idr
    # What one creative earned is never shown, not even to the hub.
    assert totals["creative_earnings_idr"] is None

    # Its staff page, opened with a signed link.
    link = await client.post(f"/v1/hubs/{hub_id}/impact/page-links", headers=rina.headers)
    assert link.status_code == 200, link.text
    url = urlsplit(link.json()["url"])
    assert url.path == "/hubs/ejsc-bakorwil-madiun/impact"
    page = await client.get(f"{url.path}?{url.query}")
    assert page.status_code == 200, page.text
    assert BANNER in page.text
    assert "Rp2.000.000" in page.text
    assert page.headers["cache-control"] == "no-store"

    # Everyone else sees the regency's figures suppressed.
    public = await client.get("/v1/impact", params={"region": MADIUN})
    assert public.status_code == 200, public.text
    assert public.json()["view"] == "public"
    assert public.json()["totals"]["umkm_served"] == "<5"
    assert public.json()["totals"]["creatives_first_paid_job"] == "<5"
    assert public.json()["totals"]["gmv_released_idr"] is None
    public_page = await client.get(url.path)
    assert BANNER not in public_page.text and "Rp2.000.000" not in public_page.text
