"""Stripe's processing fee is booked once when Stripe reports it, so platform revenue is what
the platform actually received."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.payments.webhooks import process_external_events
from tests.escrow.factories import act, idem, submit
from tests.escrow.ledger_checks import balances
from tests.escrow.stripe_stub import StripeStub, deliver, event
from tests.factories import Deal

pytestmark = [
    pytest.mark.usefixtures("stripe_env"),
    pytest.mark.filterwarnings("ignore:Use 'content=<...>':DeprecationWarning"),
]


async def test_the_stripe_fee_is_booked_once_against_platform_revenue(
    stripe: StripeStub, client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    await client.post(f"/v1/milestones/{deal.milestone_id}/fund", headers=idem(deal.owner))
    [intent] = stripe.intents.values()
    paid = stripe.pay(intent["id"])
    charge = {
        "id": paid["latest_charge"],
        "object": "charge",
        "amount": paid["amount"],
        "payment_intent": paid["id"],
        "metadata": paid["metadata"],
        # 2.9 % + Rp2.000, in Stripe's IDR hundredths, with a fraction of a rupiah.
        "balance_transaction": {"id": "txn_fee", "object": "balance_transaction", "fee": 7_450_050},
    }
    no_fee_yet = {**charge, "balance_transaction": "txn_fee"}
    await deliver(client, event("charge.succeeded", no_fee_yet))
    await deliver(client, event("charge.updated", charge))
    await deliver(client, event("payment_intent.succeeded", paid))
    await deliver(client, event("charge.updated", charge))
    await process_external_events(session)
    books = await balances(session)
    assert (books["provider_fees"], books["platform_revenue"]) == (74_501, -74_501)
    await submit(client, deal)
    assert (await act(client, deal.owner, deal.milestone_id, "approve")).status_code == 200
    books = await balances(session)
    assert books["platform_revenue"] == 250_000 - 74_501
