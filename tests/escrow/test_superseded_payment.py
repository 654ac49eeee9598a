"""An old payment the provider reports as paid after a newer payment for the same milestone
was opened: the money is booked and refunded automatically (the old payment becomes
`superseded`), the newer payment keeps the milestone, nothing answers 5xx and nothing is
funded twice. Through the webhook path of both providers; the ledger audit runs after each."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import respx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import ExternalEvent, Payment, PaymentStatus, Refund, RefundReason, RefundStatus
from app.services.escrow.refunds import send_refund
from app.services.payments.webhooks import process_external_events
from tests.escrow import stripe_stub, xendit_stub
from tests.escrow.factories import idem
from tests.escrow.ledger_checks import balances
from tests.factories import Deal

AMOUNT = 2_500_000


@pytest.fixture
def providers(stripe_env: None, xendit_env: None) -> Iterator[tuple[Any, Any]]:
    """Stripe for cards and Xendit for local methods, stubbed on one HTTP router."""
    with respx.mock(assert_all_called=False, assert_all_mocked=True) as router:
        yield stripe_stub.StripeStub(router), xendit_stub.XenditStub(router)


async def _fund(client: httpx.AsyncClient, deal: Deal, body: dict[str, Any]) -> str:
    response = await client.post(
        f"/v1/milestones/{deal.milestone_id}/fund", json=body, headers=idem(deal.owner)
    )
    assert response.status_code == 201, response.text
    return str(response.json()["payment_id"])


async def _milestone(client: httpx.AsyncClient, deal: Deal) -> str:
    contract = await client.get(f"/v1/contracts/{deal.contract_id}", headers=deal.owner.headers)
    return str(contract.json()["milestones"][0]["status"])


async def _payment(session: AsyncSession, payment_id: str) -> Payment:
    return await session.get_one(Payment, payment_id, populate_existing=True)


async def _all_events_handled(session: AsyncSession) -> None:
    await process_external_events(session)
    unhandled = await session.scalars(
        select(ExternalEvent.last_error).where(ExternalEvent.handled_at.is_(None))
    )
    assert list(unhandled) == []  # applied, not left failing against the unique index


async def test_an_expired_va_paid_after_a_qris_payment_opened_is_refunded(
    providers: tuple[Any, xendit_stub.XenditStub],
    client: httpx.AsyncClient,
    session: AsyncSession,
    deal: Deal,
) -> None:
    _, xendit = providers
    old = await _fund(client, deal, {"method": "va", "bank": "BNI"})
    [va_request] = xendit.requests
    await xendit_stub.deliver(client, xendit.expired(va_request))
    await process_external_events(session)
    new = await _fund(client, deal, {"method": "qris"})
    qr_request = next(pr for pr in xendit.requests if pr != va_request)

    # The bank had taken the transfer just before the VA closed; its report comes now.
    late = await xendit_stub.deliver(client, xendit.captured(va_request))
    assert late.status_code == 200
    await _all_events_handled(session)
    superseded = await _payment(session, old)
    assert superseded.status is PaymentStatus.superseded
    assert (await _payment(session, new)).status is PaymentStatus.pending
    assert await _milestone(client, deal) == "pending"
    [refund] = await session.scalars(select(Refund).where(Refund.payment_id == superseded.id))
    assert (refund.reason, refund.amount_idr) == (RefundReason.late_payment, AMOUNT)
    assert await send_refund(session, refund.id)
    [sent] = xendit.refunds.values()
    assert (sent["payment_request_id"], sent["amount"]) == (va_request, AMOUNT)
    assert f"refund-{refund.id}" in xendit.keys

    # The report again changes nothing; the new QRIS payment funds the milestone once.
    await xendit_stub.deliver(client, {**xendit.captured(va_request), "created": "later"})
    await xendit_stub.deliver(client, xendit.captured(qr_request))
    await _all_events_handled(session)
    assert await _milestone(client, deal) == "funded"
    books = await balances(session)
    assert books[f"escrow:{deal.milestone_id}"] == AMOUNT
    assert (books["owner_funding"], books["refunds_out"]) == (-2 * AMOUNT, AMOUNT)
    assert await session.scalar(select(Refund.id).where(Refund.payment_id == new)) is None


async def test_a_card_payment_abandoned_then_paid_while_a_qris_payment_is_open_is_refunded(
    providers: tuple[stripe_stub.StripeStub, xendit_stub.XenditStub],
    client: httpx.AsyncClient,
    session: AsyncSession,
    deal: Deal,
) -> None:
    stripe, _ = providers
    old = await _fund(client, deal, {"method": "card"})
    [intent] = stripe.intents.values()
    # The owner's browser never confirmed the card: reconciliation abandons the payment
    # (the state it leaves behind), so the milestone can be paid another way.
    card = await _payment(session, old)
    card.status = PaymentStatus.canceled
    await session.flush()
    new = await _fund(client, deal, {"method": "qris"})

    paid = stripe.pay(intent["id"])
    for _ in range(2):  # delivered twice, as Stripe may
        ack = await stripe_stub.deliver(
            client, stripe_stub.event("payment_intent.succeeded", paid, event_id="evt_late")
        )
        assert ack.status_code == 200
    await _all_events_handled(session)
    assert (await _payment(session, old)).status is PaymentStatus.superseded
    assert (await _payment(session, new)).status is PaymentStatus.pending
    [refund] = await session.scalars(select(Refund).where(Refund.payment_id == card.id))
    assert await send_refund(session, refund.id)
    await session.refresh(refund)
    assert refund.status in (RefundStatus.pending, RefundStatus.succeeded)
    assert stripe.calls["refunds"] == 1
    assert await _milestone(client, deal) == "pending"
    books = await balances(session)
    assert books.get(f"escrow:{deal.milestone_id}", 0) == 0
    assert books["refunds_out"] == AMOUNT
