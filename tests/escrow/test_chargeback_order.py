"""Chargeback reports give the same result in whatever order Stripe delivers them, and a
chargeback lost after release is booked as the platform's loss with a claim on the creative."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from app.models import ExternalEvent
from app.services.payments.webhooks import process_external_events
from tests.escrow.factories import act, idem, submit
from tests.escrow.ledger_checks import balances
from tests.escrow.stripe_stub import StripeStub, deliver, event
from tests.factories import Deal

pytestmark = [
    pytest.mark.usefixtures("stripe_env"),
    pytest.mark.filterwarnings("ignore:Use 'content=<...>':DeprecationWarning"),
]

DISPUTE_FEE = 15_000_00  # Rp15.000 in Stripe's IDR units


async def _fund_request(stripe: StripeStub, client: httpx.AsyncClient, deal: Deal) -> str:
    await client.post(f"/v1/milestones/{deal.milestone_id}/fund", headers=idem(deal.owner))
    [intent] = stripe.intents.values()
    return str(intent["id"])


def _dispute(pi: str, status: str = "needs_response", fee: int = 0) -> dict[str, Any]:
    return {
        "id": "du_order_1",
        "object": "dispute",
        "amount": 250_000_000,
        "currency": "idr",
        "charge": f"ch_{pi[3:]}",
        "payment_intent": pi,
        "reason": "fraudulent",
        "status": status,
        "balance_transactions": [{"id": "txn_1", "amount": -250_000_000, "fee": fee}]
        if fee
        else [],
    }


async def _status(client: httpx.AsyncClient, deal: Deal) -> str:
    contract = (
        await client.get(f"/v1/contracts/{deal.contract_id}", headers=deal.owner.headers)
    ).json()
    return str(contract["milestones"][0]["status"])


async def _work(session: AsyncSession) -> None:
    """The worker runs until nothing is due, retries included (their delay skipped)."""
    for _ in range(4):
        await session.execute(
            update(ExternalEvent)
            .where(ExternalEvent.handled_at.is_(None))
            .values(next_attempt_at=datetime.now(UTC) - timedelta(seconds=1))
        )
        await process_external_events(session)


async def test_a_close_before_the_opening_report_is_not_frozen_forever(
    stripe: StripeStub, client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    pi = await _fund_request(stripe, client, deal)
    await deliver(client, event("payment_intent.succeeded", stripe.pay(pi)))
    await _work(session)
    await deliver(client, event("charge.dispute.closed", _dispute(pi, "lost", DISPUTE_FEE)))
    await _work(session)
    await deliver(client, event("charge.dispute.created", _dispute(pi)))
    await _work(session)
    assert await _status(client, deal) == "refunded"
    books = await balances(session)
    assert books["chargebacks_out"] == 2_500_000
    assert (books["provider_fees"], books["chargeback_losses"]) == (15_000, -15_000)


async def test_a_won_close_before_the_opening_report_leaves_the_milestone_funded(
    stripe: StripeStub, client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    pi = await _fund_request(stripe, client, deal)
    await deliver(client, event("payment_intent.succeeded", stripe.pay(pi)))
    await deliver(client, event("charge.dispute.closed", _dispute(pi, "won")))
    await deliver(client, event("charge.dispute.created", _dispute(pi)))
    await _work(session)
    assert await _status(client, deal) == "funded"


@pytest.mark.parametrize("closed", ["lost", "won"])
async def test_a_chargeback_reported_before_the_payment_freezes_it_on_arrival(
    stripe: StripeStub,
    client: httpx.AsyncClient,
    session: AsyncSession,
    deal: Deal,
    closed: str,
) -> None:
    pi = await _fund_request(stripe, client, deal)
    paid = event("payment_intent.succeeded", stripe.pay(pi))
    await deliver(client, event("charge.dispute.created", _dispute(pi)))
    await _work(session)
    assert await _status(client, deal) == "pending"
    await deliver(client, paid)
    await _work(session)
    # Never funded and free to work on: the money is under a chargeback.
    assert await _status(client, deal) == "disputed"
    await deliver(client, event("charge.dispute.closed", _dispute(pi, closed)))
    await _work(session)
    assert await _status(client, deal) == ("refunded" if closed == "lost" else "funded")


async def test_a_loss_reported_before_the_payment_is_never_funded(
    stripe: StripeStub, client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    pi = await _fund_request(stripe, client, deal)
    paid = event("payment_intent.succeeded", stripe.pay(pi))
    await deliver(client, event("charge.dispute.closed", _dispute(pi, "lost")))
    await deliver(client, event("charge.dispute.created", _dispute(pi)))
    await _work(session)
    assert await _status(client, deal) == "pending"
    await deliver(client, paid)
    await _work(session)
    assert await _status(client, deal) == "refunded"
    assert (await balances(session))["chargebacks_out"] == 2_500_000


async def test_a_chargeback_lost_after_release_is_the_platforms_loss_with_a_claim(
    stripe: StripeStub,
    client: httpx.AsyncClient,
    session: AsyncSession,
    deal: Deal,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Manual payouts: the released share sits in the available balance, unpaid.
    monkeypatch.setenv("PAYOUT_MODE", "manual")
    get_settings.cache_clear()
    pi = await _fund_request(stripe, client, deal)
    await deliver(client, event("payment_intent.succeeded", stripe.pay(pi)))
    await _work(session)
    await submit(client, deal)
    assert (await act(client, deal.owner, deal.milestone_id, "approve")).status_code == 200
    await deliver(client, event("charge.dispute.created", _dispute(pi)))
    await deliver(client, event("charge.dispute.closed", _dispute(pi, "lost", DISPUTE_FEE)))
    await _work(session)
    assert await _status(client, deal) == "released"
    books = await balances(session)
    # The creative's Rp2.222.500 share is claimed back (still unpaid); the fee and PPN already
    # booked, plus the dispute fee, are the platform's loss.
    assert books["chargebacks_out"] == 2_500_000
    assert books.get(f"creative_payable:{deal.creative.id}", 0) == 0
    assert books["chargeback_losses"] == -(2_500_000 - 2_222_500) - 15_000
    assert books["provider_fees"] == 15_000
