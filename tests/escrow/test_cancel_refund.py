"""Cancelling milestones: unpaid ones simply end, funded ones are refunded in full, and a
contract whose every milestone ended without paying the creative is cancelled."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Contract, ContractStatus, Gig, GigStatus, Refund, RefundReason
from app.services.escrow.funding import record_payment_succeeded
from app.services.payments.gateway import PaymentSucceeded
from tests.escrow.factories import act, fund, request_funding, submit
from tests.escrow.ledger_checks import balances
from tests.factories import make_deal
from tests.helpers import assert_problem


async def test_the_owner_cancels_a_funded_milestone_and_gets_everything_back(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    deal = await make_deal(session)
    await fund(client, deal)
    response = await act(client, deal.owner, deal.milestone_id, "cancel")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["milestone"]["status"] == "refunded"
    assert body["milestone"]["refunded_idr"] == 2_500_000
    assert body["refund"]["amount_idr"] == 2_500_000
    assert body["refund"]["reason"] == "cancellation"
    assert body["refund"]["status"] == "succeeded"  # the sandbox refunds at once
    books = await balances(session)
    assert books[f"escrow:{deal.milestone_id}"] == 0
    assert books["refunds_out"] == 2_500_000
    assert "platform_revenue" not in books  # no fee on refunded money
    contract = await session.get_one(Contract, deal.contract_id, populate_existing=True)
    assert contract.status is ContractStatus.cancelled and contract.cancelled_at is not None
    gig = await session.get_one(Gig, contract.gig_id, populate_existing=True)
    assert gig.status is GigStatus.cancelled


async def test_after_delivery_the_owner_must_dispute_but_the_creative_may_still_step_back(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    deal = await make_deal(session, (1_000_000, 1_500_000))
    first, second = deal.milestone_ids
    await fund(client, deal, first)
    await submit(client, deal, first)
    refused = await act(client, deal.owner, first, "cancel")
    body = assert_problem(refused, 409, "milestone_already_delivered")
    assert body["current_status"] == "submitted"

    stepped_back = await act(client, deal.creative, first, "cancel")
    assert stepped_back.status_code == 200, stepped_back.text
    assert stepped_back.json()["milestone"]["status"] == "refunded"
    # The second milestone is untouched and the contract stays open for it.
    contract = await session.get_one(Contract, deal.contract_id, populate_existing=True)
    assert contract.status is ContractStatus.active
    await fund(client, deal, second)
    await submit(client, deal, second)
    await client.post(
        f"/v1/milestones/{second}/approve", headers={**deal.owner.headers, "Idempotency-Key": "x1"}
    )
    contract = await session.get_one(Contract, deal.contract_id, populate_existing=True)
    assert contract.status is ContractStatus.completed


async def test_cancelling_an_unpaid_milestone_moves_no_money(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    deal = await make_deal(session)
    response = await act(client, deal.owner, deal.milestone_id, "cancel")
    assert response.json()["milestone"]["status"] == "cancelled"
    assert response.json()["refund"] is None
    assert await balances(session) == {}


async def test_a_payment_completed_after_the_cancellation_goes_straight_back(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    deal = await make_deal(session)
    funding = await request_funding(client, deal)
    await act(client, deal.owner, deal.milestone_id, "cancel")
    # The owner's card still goes through (the checkout page was open).
    paid = await client.post(
        f"/v1/sandbox/payments/{funding['payment_id']}/succeed", headers=deal.owner.headers
    )
    assert paid.status_code == 409  # sandbox refuses: the payment was cancelled with it
    # Through the provider's own event it still arrives, and is sent back.
    late = PaymentSucceeded("pi_late", uuid.UUID(funding["payment_id"]), "ch_late", 2_500_000)
    await record_payment_succeeded(session, late, external_event_id=None)
    refund = await session.scalar(select(Refund))
    assert refund is not None and refund.reason is RefundReason.late_payment
    books = await balances(session)
    assert books["owner_funding"] == -2_500_000 and books["refunds_out"] == 2_500_000
