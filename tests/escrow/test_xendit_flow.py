"""Paying the Indonesian way through Xendit (stubbed at the HTTP layer with its documented
payloads): QRIS, virtual accounts and e-wallets in, e-wallet and bank payouts out."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import jakarta_today
from app.models import Payout, PayoutStatus
from app.services.escrow.xendit_fees import sync_recent_xendit_fees
from app.services.payments.webhooks import process_external_events
from tests.escrow.factories import act, idem, submit
from tests.escrow.ledger_checks import balances
from tests.escrow.xendit_stub import XenditStub, deliver
from tests.factories import Deal, make_deal
from tests.helpers import Actor, assert_problem

pytestmark = pytest.mark.usefixtures("xendit_env")

SHARE = 2_222_500  # of Rp2.500.000 after the 10 % fee and 11 % PPN on it


async def _fund(
    client: httpx.AsyncClient, deal: Deal, body: dict[str, Any], status: int = 201
) -> dict[str, Any]:
    response = await client.post(
        f"/v1/milestones/{deal.milestone_id}/fund", json=body, headers=idem(deal.owner)
    )
    assert response.status_code == status, response.text
    result: dict[str, Any] = response.json()
    return result


async def _status(client: httpx.AsyncClient, deal: Deal) -> str:
    contract = (
        await client.get(f"/v1/contracts/{deal.contract_id}", headers=deal.owner.headers)
    ).json()
    return str(contract["milestones"][0]["status"])


async def _payout_to(client: httpx.AsyncClient, deal: Deal, destination: str, channel: str) -> None:
    response = await client.put(
        "/v1/creatives/me/payout-account",
        json={
            "method": "xendit",
            "destination": destination,
            "channel": channel,
            "account_number": "081234567890" if destination == "ewallet" else "0881234567",
            "account_holder_name": "Dimas Prasetyo",
        },
        headers=deal.creative.headers,
    )
    assert response.status_code == 200, response.text


async def _earnings(client: httpx.AsyncClient, deal: Deal) -> dict[str, Any]:
    response = await client.get("/v1/creatives/me/earnings", headers=deal.creative.headers)
    result: dict[str, Any] = response.json()
    return result


async def _released_by_qris(
    xendit: XenditStub, client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> Payout:
    funding = await _fund(client, deal, {"method": "qris"})
    assert funding["provider"] == "xendit" and funding["status"] == "pending"
    assert funding["qr_string"].startswith("000201")
    assert funding["qr_png_data_url"].startswith("data:image/png;base64,")
    assert funding["expires_at"] is not None
    [pr] = xendit.requests
    assert xendit.requests[pr]["reference_id"] == funding["payment_id"]
    assert xendit.keys == [f"fund-{funding['payment_id']}"]

    ack = await deliver(client, xendit.captured(pr))
    assert ack.json() == {"received": True, "duplicate": False}
    await process_external_events(session)
    assert await _status(client, deal) == "funded"

    assert (await submit(client, deal)).status_code == 200
    approved = await act(client, deal.owner, deal.milestone_id, "approve")
    assert approved.status_code == 200, approved.text
    payout = await session.scalar(select(Payout).execution_options(populate_existing=True))
    assert payout is not None
    return payout


async def test_story_fund_by_qris_release_and_pay_out_to_ovo(
    xendit: XenditStub, client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    await _payout_to(client, deal, "ewallet", "OVO")
    payout = await _released_by_qris(xendit, client, session, deal)
    # Sent at once with a fixed key, and in transit until Xendit reports it.
    assert f"payout-{payout.id}" in xendit.keys
    [sent] = xendit.payouts.values()
    assert (sent["channel_code"], sent["amount"]) == ("ID_OVO", SHARE)
    assert payout.status is PayoutStatus.created and payout.provider_transfer_id == sent["id"]
    assert (await _earnings(client, deal))["in_transit_idr"] == SHARE

    report = xendit.payout_report(sent["id"])
    await deliver(client, report)
    assert (await deliver(client, report)).json()["duplicate"] is True
    await process_external_events(session)
    earnings = await _earnings(client, deal)
    assert (earnings["paid_out_idr"], earnings["available_idr"]) == (SHARE, 0)
    books = await balances(session)
    assert books["payouts_out"] == SHARE


async def test_a_failed_payout_returns_the_money_with_the_reason(
    xendit: XenditStub, client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    await _payout_to(client, deal, "bank", "BCA")
    payout = await _released_by_qris(xendit, client, session, deal)
    [sent] = xendit.payouts.values()
    assert sent["channel_code"] == "ID_BCA"
    await deliver(client, xendit.payout_report(sent["id"], failure_code="INVALID_DESTINATION"))
    await process_external_events(session)
    await session.refresh(payout)
    assert payout.status is PayoutStatus.failed
    assert payout.failure_message == "INVALID_DESTINATION"
    earnings = await _earnings(client, deal)
    assert (earnings["available_idr"], earnings["paid_out_idr"]) == (SHARE, 0)
    # A success reported after the failure changes nothing.
    await deliver(client, xendit.payout_report(sent["id"]))
    await process_external_events(session)
    assert (await _earnings(client, deal))["available_idr"] == SHARE


async def test_story_an_expired_virtual_account_is_funded_again_by_qris(
    xendit: XenditStub, client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    va = await _fund(client, deal, {"method": "va", "bank": "BCA"})
    assert (va["method"], va["bank"], va["channel"]) == ("va", "BCA", "BCA")
    assert va["va_number"].isdigit()
    # Another method while the VA is open is refused; the same call returns the same VA.
    other = await client.post(
        f"/v1/milestones/{deal.milestone_id}/fund",
        json={"method": "qris"},
        headers=idem(deal.owner),
    )
    assert_problem(other, 409, "payment_under_way_with_another_method")
    assert (await _fund(client, deal, {"method": "va", "bank": "bca"}))["payment_id"] == va[
        "payment_id"
    ]
    [va_request] = xendit.requests
    await deliver(client, xendit.expired(va_request))
    await process_external_events(session)
    assert await _status(client, deal) == "pending"

    qris = await _fund(client, deal, {"method": "qris"})
    assert qris["payment_id"] != va["payment_id"]
    qr_request = next(pr for pr in xendit.requests if pr != va_request)
    # Out of order and repeated: the expiry again, then the capture twice.
    await deliver(client, {**xendit.expired(va_request), "created": "2026-12-06T00:00:01Z"})
    await deliver(client, xendit.captured(qr_request))
    await deliver(client, xendit.captured(qr_request))
    await process_external_events(session)
    assert await _status(client, deal) == "funded"
    assert (await balances(session))[f"escrow:{deal.milestone_id}"] == 2_500_000


async def test_limits_are_checked_before_calling_xendit(
    xendit: XenditStub, client: httpx.AsyncClient, session: AsyncSession
) -> None:
    big = await make_deal(session, (12_000_000,))
    too_big = await client.post(
        f"/v1/milestones/{big.milestone_id}/fund", json={"method": "qris"}, headers=idem(big.owner)
    )
    assert assert_problem(too_big, 422, "amount_above_method_maximum")["max_idr"] == 10_000_000
    no_bank = await client.post(
        f"/v1/milestones/{big.milestone_id}/fund", json={"method": "va"}, headers=idem(big.owner)
    )
    assert_problem(no_bank, 422, "payment_channel_required")
    unknown = await client.post(
        f"/v1/milestones/{big.milestone_id}/fund",
        json={"method": "ewallet", "channel": "PAYPAL"},
        headers=idem(big.owner),
    )
    assert_problem(unknown, 422, "payment_channel_unsupported")
    small = await make_deal(session, (5_000, 2_495_000))
    tiny_card = await client.post(
        f"/v1/milestones/{small.milestone_id}/fund", json={}, headers=idem(small.owner)
    )
    assert_problem(tiny_card, 422, "amount_below_method_minimum")
    assert xendit.calls["payment_requests"] == 0
    methods = (await client.get("/v1/payment-methods")).json()["data"]
    by_method = {m["method"]: m for m in methods}
    assert by_method["qris"]["max_idr"] == 10_000_000
    assert by_method["qris"]["provider"] == "xendit"
    assert by_method["card"]["provider"] == "sandbox"
    assert by_method["va"]["channels"] == ["BCA", "BNI", "BRI", "MANDIRI", "PERMATA"]


async def test_cancelling_a_milestone_cancels_its_open_payment_at_xendit(
    xendit: XenditStub, client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    await _fund(client, deal, {"method": "ewallet", "channel": "DANA"})
    [pr] = xendit.requests
    cancelled = await act(client, deal.owner, deal.milestone_id, "cancel")
    assert cancelled.status_code == 200, cancelled.text
    assert xendit.requests[pr]["status"] == "CANCELED"
    # Paid anyway at the last second: booked and refunded, never funded.
    await deliver(client, xendit.captured(pr))
    await process_external_events(session)
    assert await _status(client, deal) == "cancelled"
    assert (await balances(session))["refunds_out"] == 2_500_000  # sent by the worker


async def test_bad_callbacks_change_nothing(
    xendit: XenditStub, client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    funding = await _fund(client, deal, {"method": "qris"})
    [pr] = xendit.requests
    capture = xendit.captured(pr)
    for token in (None, "wrong-token", xendit_token_prefix()):
        assert_problem(
            await deliver(client, capture, token=token), 400, "invalid_webhook_signature"
        )
    not_json = await client.post(
        "/v1/webhooks/xendit",
        content=b"{not json",
        headers={"x-callback-token": "xendit-callback-token-pasar-kreatif"},
    )
    assert_problem(not_json, 400, "invalid_webhook_signature")
    unknown = {**capture, "data": {**capture["data"], "payment_request_id": "pr-unknown"}}
    unknown["data"]["reference_id"] = "not-our-id"
    assert (await deliver(client, unknown)).status_code == 200
    await deliver(client, {"event": "payment.capture", "data": {"payment_id": "py-x"}})
    await deliver(client, {"event": "something.new", "data": {"id": "x", "status": "OK"}})
    await process_external_events(session)
    assert await _status(client, deal) == "pending"
    assert funding["status"] == "pending"


def xendit_token_prefix() -> str:
    """A token that matches the real one's start: a compare must not stop early."""
    return "xendit-callback-token"


async def test_the_daily_reconciliation_lists_what_the_ledger_and_xendit_disagree_on(
    xendit: XenditStub,
    client: httpx.AsyncClient,
    session: AsyncSession,
    deal: Deal,
    admin: Actor,
) -> None:
    funding = await _fund(client, deal, {"method": "qris"})
    [pr] = xendit.requests
    await deliver(client, xendit.captured(pr))
    await process_external_events(session)
    [ours] = xendit.transactions
    stray = xendit.add_transaction(
        "PAYMENT", reference_id=None, product_id="py-not-ours", amount=75_000, fee=525
    )
    url = f"/v1/admin/reconciliation?date={jakarta_today().isoformat()}"
    assert_problem(await client.get(url, headers=deal.owner.headers), 403, "role_required")
    report = (await client.get(url, headers=admin.headers)).json()
    day = {p["provider"]: p for p in report["providers"]}["xendit"]
    assert day["source"] == "transactions"
    assert (day["ledger_received_idr"], day["provider_received_idr"]) == (2_500_000, 2_575_000)
    our_fee = 17_500 + 1_925  # 0.7 % and 11 % VAT on it, not booked yet
    assert sorted(day["differences"], key=lambda d: (d["kind"], d["provider_idr"])) == sorted(
        [
            {"kind": "fee", "reference": ours["id"], "ledger_idr": 0, "provider_idr": our_fee},
            {"kind": "fee", "reference": stray["id"], "ledger_idr": 0, "provider_idr": 583},
            {
                "kind": "payment",
                "reference": "py-not-ours",
                "ledger_idr": 0,
                "provider_idr": 75_000,
            },
        ],
        key=lambda d: (d["kind"], d["provider_idr"]),
    )
    assert report["balanced"] is False
    assert funding["payment_id"] not in str(day["differences"])

    # Once the fees are synced, only what is not ours is left.
    assert await sync_recent_xendit_fees(session) == 1
    again = (await client.get(url, headers=admin.headers)).json()
    day = {p["provider"]: p for p in again["providers"]}["xendit"]
    assert (day["ledger_fees_idr"], day["provider_fees_idr"]) == (our_fee, our_fee + 583)
    assert {d["reference"] for d in day["differences"]} == {stray["id"], "py-not-ours"}


async def test_the_reconciliation_falls_back_to_stored_events_when_xendit_cannot_be_read(
    xendit: XenditStub,
    client: httpx.AsyncClient,
    session: AsyncSession,
    deal: Deal,
    admin: Actor,
) -> None:
    await _fund(client, deal, {"method": "qris"})
    [pr] = xendit.requests
    await deliver(client, xendit.captured(pr))
    await process_external_events(session)
    xendit.fail_next["transactions"] = (503, {"error_code": "SERVER_ERROR", "message": "down"})
    url = f"/v1/admin/reconciliation?date={jakarta_today().isoformat()}"
    response = await client.get(url, headers=admin.headers)
    assert response.status_code == 200
    day = {p["provider"]: p for p in response.json()["providers"]}["xendit"]
    assert (day["source"], day["provider_received_idr"]) == ("events", 2_500_000)
    assert "SERVER_ERROR" in day["source_error"]
    assert day["differences"] == []
