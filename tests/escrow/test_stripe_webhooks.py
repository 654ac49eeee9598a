"""Stripe webhooks: only correctly signed, fresh events are stored (once); replayed and
reordered events change nothing they should not."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import (
    ExternalEvent,
    Payment,
    PaymentStatus,
    PayoutAccount,
    PayoutMethod,
    Refund,
    RefundStatus,
)
from app.services.payments.webhooks import process_external_events
from tests.escrow.factories import act, idem, submit
from tests.escrow.ledger_checks import balances
from tests.escrow.stripe_stub import StripeStub, deliver, event, signed
from tests.factories import Deal
from tests.helpers import assert_problem

pytestmark = [
    pytest.mark.usefixtures("stripe_env"),
    pytest.mark.filterwarnings("ignore:Use 'content=<...>':DeprecationWarning"),
]


async def _stored(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(ExternalEvent)) or 0)


async def _post(client: httpx.AsyncClient, payload: bytes, signature: str | None) -> httpx.Response:
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["Stripe-Signature"] = signature
    return await client.post("/v1/webhooks/stripe", content=payload, headers=headers)


@pytest.mark.parametrize(
    "case",
    ["unsigned", "wrong_secret", "stale", "from_the_future", "tampered", "garbage_header"],
)
async def test_bad_signatures_are_rejected_and_stored_nowhere(
    client: httpx.AsyncClient, session: AsyncSession, case: str
) -> None:
    payload = json.dumps(event("payment_intent.succeeded", {"id": "pi_x", "amount": 100})).encode()
    now = int(time.time())
    signature: str | None = {
        "unsigned": None,
        "wrong_secret": signed(payload, secret="whsec_someone_else"),
        "stale": signed(payload, at=now - 301),
        "from_the_future": signed(payload, at=now + 600),
        "tampered": signed(payload),
        "garbage_header": "t=abc,v1=zzz",
    }[case]
    if case == "tampered":
        payload = payload.replace(b'"amount": 100', b'"amount": 999')
    assert_problem(await _post(client, payload, signature), 400, "invalid_webhook_signature")
    assert await _stored(session) == 0


async def test_an_event_within_the_five_minute_tolerance_is_accepted(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    payload = json.dumps(event("customer.created", {"id": "cus_1"})).encode()
    response = await _post(client, payload, signed(payload, at=int(time.time()) - 240))
    assert response.status_code == 200, response.text
    assert await _stored(session) == 1
    assert await process_external_events(session) == 1  # a type we ignore, marked handled
    assert await process_external_events(session) == 0


async def test_replayed_and_reordered_payment_events_change_nothing(
    stripe: StripeStub, client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    await client.post(f"/v1/milestones/{deal.milestone_id}/fund", headers=idem(deal.owner))
    [intent] = stripe.intents.values()
    failed = event("payment_intent.payment_failed", dict(stripe.decline(intent["id"])))
    succeeded = event("payment_intent.succeeded", dict(stripe.pay(intent["id"])))

    # Stripe delivers the success first, then the earlier failure, then the success again.
    for body in (succeeded, failed, succeeded, failed):
        assert (await deliver(client, body)).status_code == 200
    assert await _stored(session) == 2
    await process_external_events(session)
    books = await balances(session)
    payment = await session.scalar(select(Payment).execution_options(populate_existing=True))
    assert payment is not None and payment.status is PaymentStatus.succeeded
    assert books["owner_funding"] == -2_500_000

    # The same events again under new ids (as a resend from the dashboard would be).
    for body in (succeeded, failed):
        await deliver(client, {**body, "id": body["id"] + "_resent"})
    await process_external_events(session)
    assert await balances(session) == books
    assert (await submit(client, deal)).status_code == 200


async def test_a_success_reported_before_we_recorded_the_intent_is_matched_by_metadata(
    stripe: StripeStub, client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    await client.post(f"/v1/milestones/{deal.milestone_id}/fund", headers=idem(deal.owner))
    [intent] = stripe.intents.values()
    payment = await session.scalar(select(Payment))
    assert payment is not None
    # As if our phase 3 had not committed: the payment does not know its intent id yet.
    unknown: dict[str, Any] = {**stripe.pay(intent["id"]), "id": "pi_never_recorded"}
    await deliver(client, event("payment_intent.succeeded", unknown))
    await process_external_events(session)
    await session.refresh(payment)
    assert payment.status is PaymentStatus.succeeded


async def test_a_refund_is_created_at_stripe_and_settled_by_charge_refunded(
    stripe: StripeStub, client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    await client.post(f"/v1/milestones/{deal.milestone_id}/fund", headers=idem(deal.owner))
    [intent] = stripe.intents.values()
    await deliver(client, event("payment_intent.succeeded", stripe.pay(intent["id"])))
    await process_external_events(session)

    cancelled = await act(client, deal.owner, deal.milestone_id, "cancel")
    assert cancelled.status_code == 200, cancelled.text
    refund = cancelled.json()["refund"]
    assert refund["status"] == "pending"
    [stripe_refund] = stripe.refunds.values()
    assert stripe_refund["amount"] == 250_000_000
    assert stripe_refund["payment_intent"] == intent["id"]
    assert stripe.keys[-1] == f"refund-{refund['id']}"

    charge = {
        "id": intent["latest_charge"],
        "object": "charge",
        "payment_intent": intent["id"],
        "amount": 250_000_000,
        "amount_refunded": 250_000_000,
        "refunded": True,
    }
    await deliver(client, event("charge.refunded", charge))
    await process_external_events(session)
    listed = await client.get(
        f"/v1/contracts/{deal.contract_id}/ledger", headers=deal.owner.headers
    )
    balances_by_account = {b["account"]: b["balance_idr"] for b in listed.json()["balances"]}
    assert balances_by_account["refunds_out"] == 2_500_000
    stored = await session.scalar(select(Refund).execution_options(populate_existing=True))
    assert stored is not None and stored.status is RefundStatus.succeeded


async def test_a_reversed_transfer_puts_the_money_back_in_the_payable_balance(
    stripe: StripeStub, client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    session.add(
        PayoutAccount(
            user_id=deal.creative.id,
            method=PayoutMethod.stripe_connect,
            stripe_account_id="acct_000888",
            payouts_enabled=True,
        )
    )
    await session.flush()
    await client.post(f"/v1/milestones/{deal.milestone_id}/fund", headers=idem(deal.owner))
    [intent] = stripe.intents.values()
    await deliver(client, event("payment_intent.succeeded", stripe.pay(intent["id"])))
    await process_external_events(session)
    await submit(client, deal)
    await act(client, deal.owner, deal.milestone_id, "approve")
    [transfer] = stripe.transfers.values()
    payable = f"creative_payable:{deal.creative.id}"
    assert (await balances(session)).get(payable, 0) == 0

    reversed_event = event("transfer.reversed", {**transfer, "reversed": True})
    await deliver(client, reversed_event)
    await deliver(client, {**reversed_event, "id": reversed_event["id"] + "_again"})
    await process_external_events(session)
    assert (await balances(session))[payable] == 2_222_500
    earnings = (await client.get("/v1/creatives/me/earnings", headers=deal.creative.headers)).json()
    assert (earnings["available_idr"], earnings["paid_out_idr"]) == (2_222_500, 0)
