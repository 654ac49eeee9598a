"""A crash between the Stripe call and our commit is recovered: Stripe acted but its answer
never reached us, and a retry (the client's, or the reconciliation job's) finds the object
Stripe already made through the same idempotency key, instead of charging, refunding or
paying twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import (
    Payment,
    PaymentStatus,
    Payout,
    PayoutAccount,
    PayoutMethod,
    PayoutStatus,
    Refund,
    RefundStatus,
)
from app.services.escrow.reconciliation import (
    reconcile_payments,
    send_due_payouts,
    send_due_refunds,
)
from app.services.payments.webhooks import process_external_events
from tests.escrow.factories import act, idem, submit
from tests.escrow.stripe_stub import StripeStub, deliver, event
from tests.factories import Deal
from tests.helpers import assert_problem

pytestmark = [
    pytest.mark.usefixtures("stripe_env"),
    pytest.mark.filterwarnings("ignore:Use 'content=<...>':DeprecationWarning"),
]


async def _make_due(
    session: AsyncSession, model: type[Payment] | type[Refund] | type[Payout]
) -> None:
    await session.execute(
        update(model).values(next_attempt_at=datetime.now(UTC) - timedelta(seconds=1))
    )


async def _funded(
    stripe: StripeStub, client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> str:
    await client.post(f"/v1/milestones/{deal.milestone_id}/fund", headers=idem(deal.owner))
    [intent] = stripe.intents.values()
    await deliver(client, event("payment_intent.succeeded", stripe.pay(intent["id"])))
    await process_external_events(session)
    return str(intent["id"])


async def test_a_lost_payment_intent_response_is_recovered_by_reconciliation(
    stripe: StripeStub, client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    stripe.lose_responses.add("payment_intents")
    lost = await client.post(f"/v1/milestones/{deal.milestone_id}/fund", headers=idem(deal.owner))
    assert_problem(lost, 502, "payment_provider_error")
    [intent] = stripe.intents.values()  # Stripe made it; we never heard
    payment = await session.scalar(select(Payment))
    assert payment is not None and payment.status is PaymentStatus.created
    assert payment.provider_payment_id is None

    stripe.lose_responses.clear()
    await _make_due(session, Payment)
    assert await reconcile_payments(session) == 1
    await session.refresh(payment)
    assert (payment.status, payment.provider_payment_id) == (PaymentStatus.pending, intent["id"])
    assert len(stripe.intents) == 1
    assert set(stripe.keys) == {f"fund-{payment.id}"}

    # The webhook that finishes the work arrives later as usual.
    await deliver(client, event("payment_intent.succeeded", stripe.pay(intent["id"])))
    await process_external_events(session)
    await session.refresh(payment)
    assert payment.status is PaymentStatus.succeeded


async def test_the_client_retrying_with_its_idempotency_key_finds_the_same_intent(
    stripe: StripeStub, client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    headers = idem(deal.owner)
    stripe.lose_responses.add("payment_intents")
    assert (
        await client.post(f"/v1/milestones/{deal.milestone_id}/fund", headers=headers)
    ).status_code == 502
    stripe.lose_responses.clear()
    retried = await client.post(f"/v1/milestones/{deal.milestone_id}/fund", headers=headers)
    assert retried.status_code == 201, retried.text
    [intent] = stripe.intents.values()
    assert retried.json()["client_secret"] == intent["client_secret"]


async def test_a_webhook_lost_for_good_is_replaced_by_looking_the_intent_up(
    stripe: StripeStub, client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    await client.post(f"/v1/milestones/{deal.milestone_id}/fund", headers=idem(deal.owner))
    [intent] = stripe.intents.values()
    stripe.pay(intent["id"])  # paid at Stripe; the webhook never comes
    await _make_due(session, Payment)
    assert await reconcile_payments(session) == 1
    assert stripe.calls["retrieve_intent"] == 1
    payment = await session.scalar(select(Payment).execution_options(populate_existing=True))
    assert payment is not None and payment.status is PaymentStatus.succeeded
    assert (await submit(client, deal)).status_code == 200


async def test_a_lost_refund_response_is_sent_again_with_the_same_key(
    stripe: StripeStub, client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    await _funded(stripe, client, session, deal)
    stripe.lose_responses.add("refunds")
    cancelled = await act(client, deal.owner, deal.milestone_id, "cancel")
    # The cancellation stands (booked and committed); only the refund's receipt is missing.
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["refund"]["status"] == "created"
    stripe.lose_responses.clear()
    await _make_due(session, Refund)
    assert await send_due_refunds(session) == 1
    refund = await session.scalar(select(Refund).execution_options(populate_existing=True))
    assert refund is not None and refund.status is RefundStatus.pending
    assert len(stripe.refunds) == 1
    assert refund.provider_refund_id == next(iter(stripe.refunds))


async def test_a_lost_transfer_response_is_booked_once(
    stripe: StripeStub, client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    session.add(
        PayoutAccount(
            user_id=deal.creative.id,
            method=PayoutMethod.stripe_connect,
            stripe_account_id="acct_000777",
            payouts_enabled=True,
        )
    )
    await session.flush()
    await _funded(stripe, client, session, deal)
    await submit(client, deal)
    stripe.lose_responses.add("transfers")
    approved = await client.post(
        f"/v1/milestones/{deal.milestone_id}/approve", headers=idem(deal.owner)
    )
    assert approved.json()["status"] == "released"
    payout = await session.scalar(select(Payout))
    assert payout is not None and payout.status is PayoutStatus.created
    assert len(stripe.transfers) == 1

    stripe.lose_responses.clear()
    await _make_due(session, Payout)
    assert await send_due_payouts(session) == 1
    await session.refresh(payout)
    assert payout.status is PayoutStatus.paid
    assert len(stripe.transfers) == 1
    await deliver(client, event("transfer.created", next(iter(stripe.transfers.values()))))
    await process_external_events(session)  # booked once: the ledger check after the test
