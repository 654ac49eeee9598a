"""The whole marketplace story, told through the public API against real PostgreSQL:
a batik maker in Pekalongan posts a packaging gig, two creatives propose, the owner compares,
accepts one, splits the work into milestones and approves the delivery."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

from tests.helpers import assert_problem, signup


async def test_owner_and_creative_complete_a_packaging_gig(client: httpx.AsyncClient) -> None:
    owner = await signup(client, "owner", name="Bu Siti Batik")
    dina = await signup(client, "creative", name="Dina Prameswari")
    bayu = await signup(client, "creative", name="Bayu Santoso")

    business = await client.post(
        "/v1/businesses",
        headers=owner.headers,
        json={
            "name": "Batik Tulis Siti",
            "sector": "Kerajinan batik",
            "scale": "mikro",
            "region_code": "33.26",
            "description": "Batik tulis tangan motif pesisiran sejak 1998.",
            "nib": "9120001234567",
        },
    )
    assert business.status_code == 201, business.text
    business_id = business.json()["id"]

    for creative, headline in ((dina, "Desainer kemasan UMKM"), (bayu, "Fotografer produk")):
        profile = await client.put(
            "/v1/creatives/me",
            headers=creative.headers,
            json={
                "headline": headline,
                "bio": "Membantu UMKM Jawa Tengah tampil lebih profesional: kemasan, label, foto.",
                "skills": ["packaging-design"],
                "categories": ["packaging-design"],
                "region_code": "33.74",
                "rate_min_idr": 500_000,
                "availability": "available",
                "portfolio": [
                    {
                        "title": "Kemasan kopi Temanggung",
                        "url": "https://portfolio.example/kopi",
                        "description": "Standing pouch dan label.",
                        "category": "packaging-design",
                    }
                ],
            },
        )
        assert profile.status_code in (200, 201), profile.text

    deadline = (datetime.now(UTC) + timedelta(days=30)).date().isoformat()
    gig = await client.post(
        "/v1/gigs",
        headers=owner.headers,
        json={
            "business_id": business_id,
            "title": "Desain kemasan kotak batik premium",
            "description": "Kami butuh desain kemasan kotak untuk batik tulis premium, "
            "lengkap dengan label dan kartu keaslian untuk dijual di Tokopedia.",
            "category": "packaging-design",
            "skills": ["packaging-design"],
            "budget_min_idr": 1_500_000,
            "budget_max_idr": 3_000_000,
            "deadline": deadline,
            "region_code": "33.26",
            "work_mode": "remote",
            "status": "open",
        },
    )
    assert gig.status_code == 201, gig.text
    gig_id = gig.json()["id"]

    found = await client.get("/v1/gigs", params={"q": "pengemasan batik", "status": "open"})
    assert found.status_code == 200
    assert gig_id in [g["id"] for g in found.json()["data"]]

    proposals = {}
    for creative, price in ((dina, 2_500_000), (bayu, 2_000_000)):
        response = await client.post(
            f"/v1/gigs/{gig_id}/proposals",
            headers=creative.headers,
            json={
                "cover_letter": "Saya sudah mengerjakan 20+ kemasan UMKM, bisa mulai minggu ini.",
                "price_idr": price,
                "delivery_days": 14,
            },
        )
        assert response.status_code == 201, response.text
        proposals[creative.email] = response.json()["id"]

    listed = await client.get(f"/v1/gigs/{gig_id}/proposals", headers=owner.headers)
    assert {p["id"] for p in listed.json()["data"]} == set(proposals.values())
    own_only = await client.get(f"/v1/gigs/{gig_id}/proposals", headers=bayu.headers)
    assert [p["id"] for p in own_only.json()["data"]] == [proposals[bayu.email]]

    shortlisted = await client.post(
        f"/v1/proposals/{proposals[dina.email]}/shortlist", headers=owner.headers
    )
    assert shortlisted.status_code == 200, shortlisted.text
    accepted = await client.post(
        f"/v1/proposals/{proposals[dina.email]}/accept", headers=owner.headers
    )
    assert accepted.status_code == 201, accepted.text
    contract = accepted.json()
    assert contract["price_idr"] == 2_500_000

    declined = await client.get(f"/v1/proposals/{proposals[bayu.email]}", headers=bayu.headers)
    assert declined.json()["status"] == "declined"
    gig_now = await client.get(f"/v1/gigs/{gig_id}")
    assert gig_now.json()["status"] == "in_progress"
    late = await client.post(
        f"/v1/gigs/{gig_id}/proposals",
        headers=bayu.headers,
        json={
            "cover_letter": "Masih bisa ikut? Saya siap revisi cepat.",
            "price_idr": 1_000_000,
            "delivery_days": 7,
        },
    )
    assert_problem(late, 409)

    contract_id = contract["id"]
    split = await client.post(
        f"/v1/contracts/{contract_id}/milestones",
        headers=owner.headers,
        json={
            "title": "Konsep dan sketsa",
            "amount_idr": 1_000_000,
            "due_date": (datetime.now(UTC) + timedelta(days=7)).date().isoformat(),
        },
    )
    assert split.status_code == 201, split.text
    detail = await client.get(f"/v1/contracts/{contract_id}", headers=dina.headers)
    milestones = detail.json()["milestones"]
    assert sum(m["amount_idr"] for m in milestones) == 2_500_000
    assert_problem(await client.get(f"/v1/contracts/{contract_id}", headers=bayu.headers), 404)

    for milestone in milestones:
        # The owner pays the milestone into escrow (sandbox provider: no card network).
        funding = await client.post(
            f"/v1/milestones/{milestone['id']}/fund",
            headers={**owner.headers, "Idempotency-Key": f"fund-{milestone['id']}"},
        )
        assert funding.status_code == 201, funding.text
        paid = await client.post(
            f"/v1/sandbox/payments/{funding.json()['payment_id']}/succeed", headers=owner.headers
        )
        assert paid.json()["status"] == "succeeded", paid.text
        submitted = await client.post(
            f"/v1/milestones/{milestone['id']}/submit",
            headers=dina.headers,
            json={"note": "Berikut desainnya.", "deliverable_urls": ["https://drive.example/a"]},
        )
        assert submitted.status_code == 200, submitted.text
        approved = await client.post(
            f"/v1/milestones/{milestone['id']}/approve", headers=owner.headers
        )
        assert approved.status_code == 200, approved.text

    final = await client.get(f"/v1/contracts/{contract_id}", headers=owner.headers)
    assert final.json()["status"] == "completed"
    ledger = (await client.get(f"/v1/contracts/{contract_id}/ledger", headers=dina.headers)).json()
    assert ledger["balanced"] and ledger["escrow_held_idr"] == 0
    earnings = (await client.get("/v1/creatives/me/earnings", headers=dina.headers)).json()
    # 10% fee (250.000) and 11% PPN on it (27.500) come out of the 2.500.000 released.
    assert earnings["available_idr"] == 2_500_000 - 250_000 - 27_500
    assert (await client.get(f"/v1/gigs/{gig_id}")).json()["status"] == "completed"
    mine = await client.get("/v1/contracts", params={"mine": "true"}, headers=dina.headers)
    assert [c["id"] for c in mine.json()["data"]] == [contract_id]
