"""Card chargebacks reported by Stripe freeze the milestone; the card network decides."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.payments.webhooks import process_external_events
from tests.escrow.factories import act, idem, submit
from tests.escrow.ledger_checks import balances
from tests.escrow.stripe_stub import StripeStub, deliver, event
from tests.factories import Deal
from tests.helpers import assert_problem

pytestmark = [
    pytest.mark.usefixtures("stripe_env"),
    pytest.mark.filterwarnings("ignore:Use 'content=<...>':DeprecationWarning"),
]


async def _chargeback(
    stripe: StripeStub, client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> dict[str, object]:
    await client.post(f"/v1/milestones/{deal.milestone_id}/fund", headers=idem(deal.owner))
    [intent] = stripe.intents.values()
    await deliver(client, event("payment_intent.succeeded", stripe.pay(intent["id"])))
    await process_external_events(session)
    await submit(client, deal)
    dispute = {
        "id": "du_000001",
        "object": "dispute",
        "amount": 250_000_000,
        "currency": "idr",
        "charge": intent["latest_charge"],
        "payment_intent": intent["id"],
        "reason": "product_not_received",
        "status": "needs_response",
    }
    opened = event("charge.dispute.created", dispute)
    await deliver(client, opened)
    await deliver(client, opened)  # delivered twice: one dispute
    await process_external_events(session)
    return dispute


async def _milestone_status(client: httpx.AsyncClient, deal: Deal) -> str:
    contract = (
        await client.get(f"/v1/contracts/{deal.contract_id}", headers=deal.owner.headers)
    ).json()
    return str(contract["milestones"][0]["status"])


async def test_a_lost_chargeback_returns_the_money_to_the_owner(
    stripe: StripeStub, client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    dispute = await _chargeback(stripe, client, session, deal)
    assert await _milestone_status(client, deal) == "disputed"
    # Nobody on the platform can release or refund frozen money.
    assert_problem(await act(client, deal.owner, deal.milestone_id, "approve"), 409)
    assert_problem(
        await act(client, deal.creative, deal.milestone_id, "cancel"), 409, "milestone_disputed"
    )

    await deliver(client, event("charge.dispute.closed", {**dispute, "status": "lost"}))
    await process_external_events(session)
    assert await _milestone_status(client, deal) == "refunded"
    books = await balances(session)
    assert books["chargebacks_out"] == 2_500_000
    assert books[f"escrow:{deal.milestone_id}"] == 0


async def test_a_won_chargeback_unfreezes_the_milestone(
    stripe: StripeStub, client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    dispute = await _chargeback(stripe, client, session, deal)
    closed = event("charge.dispute.closed", {**dispute, "status": "won"})
    await deliver(client, closed)
    await deliver(client, {**closed, "id": closed["id"] + "_again"})
    await process_external_events(session)
    assert await _milestone_status(client, deal) == "submitted"
    approved = await act(client, deal.owner, deal.milestone_id, "approve")
    assert approved.json()["status"] == "released"
