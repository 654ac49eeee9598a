"""The escrow story on Stripe (stubbed at the HTTP layer): a PaymentIntent for the milestone,
the signed `payment_intent.succeeded` webhook, delivery, approval, and a Transfer to the
designer's Express account once Stripe says it can receive payouts."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import ExternalEvent, Payout, PayoutStatus
from app.services.escrow.reconciliation import send_due_payouts
from app.services.payments.stripe_gateway import from_stripe_amount, to_stripe_amount
from app.services.payments.webhooks import process_external_events
from tests.escrow.factories import idem, submit
from tests.escrow.ledger_checks import assert_ledger_consistent
from tests.escrow.stripe_stub import StripeStub, deliver, event
from tests.factories import Deal

pytestmark = pytest.mark.usefixtures("stripe_env")


def test_rupiah_become_hundredths_only_at_the_stripe_boundary() -> None:
    assert to_stripe_amount(2_500_000) == 250_000_000
    assert to_stripe_amount(1) == 100
    assert from_stripe_amount(250_000_000) == 2_500_000
    with pytest.raises(ValueError, match="whole number of rupiah"):
        from_stripe_amount(250_000_050)


async def test_fund_by_card_deliver_approve_and_transfer_to_the_creative(
    stripe: StripeStub, client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    owner, creative = deal.owner, deal.creative
    onboarding = await client.put(
        "/v1/creatives/me/payout-account",
        json={"method": "stripe_connect"},
        headers=creative.headers,
    )
    assert onboarding.status_code == 200, onboarding.text
    account = onboarding.json()
    assert account["payouts_enabled"] is False
    assert account["onboarding_url"].startswith("https://connect.stripe.com/setup/e/acct_")
    [stripe_account] = stripe.accounts.values()
    assert (stripe_account["type"], stripe_account["country"]) == ("express", "ID")

    funding = await client.post(f"/v1/milestones/{deal.milestone_id}/fund", headers=idem(owner))
    assert funding.status_code == 201, funding.text
    body = funding.json()
    [intent] = stripe.intents.values()
    assert body["provider"] == "stripe" and body["status"] == "pending"
    assert body["client_secret"] == intent["client_secret"]
    assert (intent["amount"], intent["currency"]) == (250_000_000, "idr")  # Rp2.500.000
    assert intent["transfer_group"] == str(deal.contract_id)
    assert intent["metadata"] == {
        "payment_id": body["payment_id"],
        "milestone_id": str(deal.milestone_id),
        "contract_id": str(deal.contract_id),
    }
    assert stripe.keys == [f"account-{creative.id}", f"fund-{body['payment_id']}"]

    succeeded = event("payment_intent.succeeded", stripe.pay(intent["id"]))
    received = await deliver(client, succeeded)
    assert received.status_code == 200, received.text
    assert received.json() == {"received": True, "duplicate": False}
    # Stored, answered, not yet applied: the worker does that.
    assert (await _milestone(client, deal))["status"] == "pending"
    assert await process_external_events(session) == 1
    assert (await _milestone(client, deal))["status"] == "funded"

    again = await deliver(client, succeeded)
    assert again.json() == {"received": True, "duplicate": True}
    assert await process_external_events(session) == 0

    assert (await submit(client, deal)).status_code == 200
    approved = await client.post(f"/v1/milestones/{deal.milestone_id}/approve", headers=idem(owner))
    assert approved.json()["status"] == "released", approved.text
    # Stripe has not enabled payouts for the account yet: the transfer waits.
    waiting = await session.scalar(select(Payout).where(Payout.creative_user_id == creative.id))
    assert waiting is not None and waiting.status is PayoutStatus.awaiting_account
    assert stripe.transfers == {}
    earnings = (await client.get("/v1/creatives/me/earnings", headers=creative.headers)).json()
    assert earnings["available_idr"] == 2_222_500

    stripe_account["payouts_enabled"] = True
    await deliver(client, event("account.updated", stripe_account))
    assert await process_external_events(session) == 1
    assert await send_due_payouts(session) == 1
    [transfer] = stripe.transfers.values()
    assert transfer["amount"] == 222_250_000
    assert transfer["destination"] == stripe_account["id"]
    assert transfer["source_transaction"] == intent["latest_charge"]
    assert transfer["transfer_group"] == str(deal.contract_id)
    assert stripe.keys[-1] == f"payout-{waiting.id}"
    await session.refresh(waiting)
    assert waiting.status is PayoutStatus.paid
    assert waiting.provider_transfer_id == transfer["id"]

    # Stripe's own report of the transfer changes nothing more.
    await deliver(client, event("transfer.created", transfer))
    assert await process_external_events(session) == 1
    earnings = (await client.get("/v1/creatives/me/earnings", headers=creative.headers)).json()
    assert (earnings["available_idr"], earnings["paid_out_idr"]) == (0, 2_222_500)
    contract = (await client.get(f"/v1/contracts/{deal.contract_id}", headers=owner.headers)).json()
    assert contract["status"] == "completed"
    books = await assert_ledger_consistent(session)
    assert books["payouts_out"] == 2_222_500
    assert books["owner_funding"] == -2_500_000
    events = await session.scalar(select(func.count()).select_from(ExternalEvent))
    assert events == 3


async def test_a_declined_card_can_be_retried_on_the_same_payment(
    stripe: StripeStub, client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    first = (
        await client.post(f"/v1/milestones/{deal.milestone_id}/fund", headers=idem(deal.owner))
    ).json()
    [intent] = stripe.intents.values()
    await deliver(client, event("payment_intent.payment_failed", stripe.decline(intent["id"])))
    await process_external_events(session)

    retry = await client.post(f"/v1/milestones/{deal.milestone_id}/fund", headers=idem(deal.owner))
    assert retry.status_code == 201
    assert retry.json()["payment_id"] == first["payment_id"]
    assert retry.json()["status"] == "failed"
    assert retry.json()["client_secret"] == intent["client_secret"]
    assert stripe.calls["payment_intents"] == 1  # no second charge was created

    await deliver(client, event("payment_intent.succeeded", stripe.pay(intent["id"])))
    await process_external_events(session)
    assert (await _milestone(client, deal))["status"] == "funded"


async def _milestone(client: httpx.AsyncClient, deal: Deal) -> dict[str, object]:
    contract = (
        await client.get(f"/v1/contracts/{deal.contract_id}", headers=deal.owner.headers)
    ).json()
    milestone: dict[str, object] = contract["milestones"][0]
    return milestone
