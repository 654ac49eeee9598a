"""The escrow story on the sandbox provider: a batik maker pays two milestones into escrow,
the designer delivers, the owner approves, the platform takes its fee and PPN, and an admin
pays the designer out by bank transfer; the ledger is read back at every step."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tests.escrow.factories import act, fund, idem, submit
from tests.escrow.ledger_checks import assert_ledger_consistent
from tests.factories import Deal, make_deal, make_user


async def contract_books(client: httpx.AsyncClient, deal: Deal) -> dict[str, int]:
    response = await client.get(
        f"/v1/contracts/{deal.contract_id}/ledger", headers=deal.owner.headers
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["balanced"] is True
    return {b["account"]: b["balance_idr"] for b in body["balances"] if b["balance_idr"]}


async def test_fund_deliver_approve_and_pay_out_by_bank_transfer(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    deal = await make_deal(session, (1_000_000, 1_500_000))
    first, second = deal.milestone_ids
    owner, creative = deal.owner, deal.creative
    escrow_1, escrow_2 = f"escrow:{first}", f"escrow:{second}"
    payable = f"creative_payable:{creative.id}"

    funding = await client.post(f"/v1/milestones/{first}/fund", headers=idem(owner))
    assert funding.status_code == 201, funding.text
    quote: dict[str, Any] = funding.json()
    assert quote["provider"] == "sandbox" and quote["status"] == "pending"
    assert quote["client_secret"].startswith("sandbox_pi_")
    # 10% platform fee, 11% PPN on the fee, both taken from the release, not added on top.
    assert (quote["amount_idr"], quote["fee_idr"], quote["ppn_idr"]) == (1_000_000, 100_000, 11_000)
    assert quote["creative_share_idr"] == 889_000
    assert await contract_books(client, deal) == {}
    early = await submit(client, deal, first)
    assert early.status_code == 409 and early.json()["code"] == "milestone_not_funded"

    paid = await client.post(
        f"/v1/sandbox/payments/{quote['payment_id']}/succeed", headers=owner.headers
    )
    assert paid.json()["status"] == "succeeded"
    assert await contract_books(client, deal) == {"owner_funding": -1_000_000, escrow_1: 1_000_000}
    detail = (await client.get(f"/v1/contracts/{deal.contract_id}", headers=owner.headers)).json()
    assert [m["status"] for m in detail["milestones"]] == ["funded", "pending"]

    delivered = await submit(client, deal, first)
    assert delivered.status_code == 200, delivered.text
    earnings = (await client.get("/v1/creatives/me/earnings", headers=creative.headers)).json()
    assert (earnings["held_idr"], earnings["available_idr"]) == (889_000, 0)

    approved = await client.post(f"/v1/milestones/{first}/approve", headers=idem(owner))
    assert approved.status_code == 200, approved.text
    milestone = approved.json()
    assert milestone["status"] == "released" and milestone["released_idr"] == 1_000_000
    assert milestone["approved_at"] and milestone["released_at"]
    assert await contract_books(client, deal) == {
        "owner_funding": -1_000_000,
        payable: 889_000,
        "platform_revenue": 100_000,
        "ppn_payable": 11_000,
    }

    await fund(client, deal, second)
    assert (await submit(client, deal, second)).status_code == 200
    revise = await act(client, owner, second, "request-changes")
    assert revise.json()["auto_release_at"] is None
    assert (await submit(client, deal, second)).status_code == 200
    last = await client.post(f"/v1/milestones/{second}/approve", headers=idem(owner))
    assert last.json()["status"] == "released"
    done = (await client.get(f"/v1/contracts/{deal.contract_id}", headers=owner.headers)).json()
    assert done["status"] == "completed"
    books = await contract_books(client, deal)
    assert books == {
        "owner_funding": -2_500_000,
        payable: 889_000 + 1_333_500,
        "platform_revenue": 250_000,
        "ppn_payable": 27_500,
    }
    assert escrow_1 not in books and escrow_2 not in books

    bank = await client.put(
        "/v1/creatives/me/payout-account",
        json={
            "method": "manual",
            "bank_code": "014",
            "account_number": "0881234567",
            "account_holder_name": "Dimas Prasetyo",
        },
        headers=creative.headers,
    )
    assert bank.status_code == 200, bank.text
    assert bank.json()["account_number_last4"] == "4567"
    admin = await make_user(session, "admin")
    payables = (await client.get("/v1/admin/payables", headers=admin.headers)).json()["data"]
    mine = next(p for p in payables if p["creative_user_id"] == str(creative.id))
    assert (mine["available_idr"], mine["account_number"]) == (2_222_500, "0881234567")

    payout = await client.post(
        "/v1/admin/payouts",
        json={
            "creative_user_id": str(creative.id),
            "amount_idr": 2_222_500,
            "reference": "BIFAST-20261203-0001234",
        },
        headers=idem(admin),
    )
    assert payout.status_code == 201, payout.text
    assert payout.json()["status"] == "paid"
    earnings = (await client.get("/v1/creatives/me/earnings", headers=creative.headers)).json()
    assert earnings == {
        "held_idr": 0,
        "available_idr": 0,
        "in_transit_idr": 0,
        "paid_out_idr": 2_222_500,
        "payout_mode": "manual",
    }
    listed = (await client.get("/v1/creatives/me/payouts", headers=creative.headers)).json()
    assert [p["reference"] for p in listed["data"]] == ["BIFAST-20261203-0001234"]

    summary = (await client.get("/v1/admin/ledger/summary", headers=admin.headers)).json()
    assert summary["balanced"] and summary["consistent"] and summary["sum_idr"] == 0
    totals = {t["account_type"]: t["balance_idr"] for t in summary["totals"]}
    assert totals["payouts_out"] >= 2_222_500

    transactions = (
        await client.get(
            f"/v1/contracts/{deal.contract_id}/ledger/transactions",
            params={"limit": 2},
            headers=creative.headers,
        )
    ).json()
    kinds = [t["kind"] for t in transactions["data"]]
    while transactions["next_cursor"]:
        transactions = (
            await client.get(
                f"/v1/contracts/{deal.contract_id}/ledger/transactions",
                params={"limit": 2, "cursor": transactions["next_cursor"]},
                headers=creative.headers,
            )
        ).json()
        kinds += [t["kind"] for t in transactions["data"]]
    assert kinds == ["funding", "release", "funding", "release"]
    balances = await assert_ledger_consistent(session)
    assert balances[payable] == 0
