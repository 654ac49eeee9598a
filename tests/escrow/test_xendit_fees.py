"""Xendit's fees, booked from its Transactions API (stubbed with the documented shape): once
per transaction however often it is listed, for payments and payouts, into `provider_fees`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Payment, ProviderTransaction
from app.services.escrow.xendit_fees import sync_recent_xendit_fees, sync_xendit_fees
from app.services.payments import xendit_gateway
from app.services.payments.webhooks import process_external_events
from tests.escrow.ledger_checks import balances
from tests.escrow.test_xendit_flow import SHARE, _payout_to, _released_by_qris
from tests.escrow.xendit_stub import XenditStub, deliver
from tests.factories import Deal

pytestmark = pytest.mark.usefixtures("xendit_env")

PAYMENT_FEE = 17_500 + 1_925  # 0.7 % of Rp2.500.000, and 11 % VAT on it
PAYOUT_FEE = 2_500 + 275


async def test_fees_of_a_payment_and_its_payout_are_booked_once(
    xendit: XenditStub,
    client: httpx.AsyncClient,
    session: AsyncSession,
    deal: Deal,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await _payout_to(client, deal, "ewallet", "OVO")
    payout = await _released_by_qris(xendit, client, session, deal)
    await deliver(client, xendit.payout_report(next(iter(xendit.payouts))))
    await process_external_events(session)
    xendit.add_transaction(  # another merchant's, or not successful: never booked
        "PAYMENT", reference_id="their-order-7", product_id="py-theirs", amount=50_000, fee=350
    )
    xendit.add_transaction(
        "PAYMENT",
        reference_id=None,
        product_id="py-pending",
        amount=90_000,
        fee=630,
        status="PENDING",
    )
    # Paged three at a time, so `has_more` and `after_id` are followed.
    monkeypatch.setattr(xendit_gateway, "TRANSACTIONS_PAGE", 3)
    now = datetime.now(UTC)
    assert await sync_xendit_fees(session, start=now - timedelta(hours=1), end=now) == 2
    assert xendit.calls["transactions"] == 2
    assert await sync_recent_xendit_fees(session) == 0  # listed again: nothing new

    books = await balances(session)
    assert books["provider_fees"] == PAYMENT_FEE + PAYOUT_FEE
    [payment] = await session.scalars(select(Payment).execution_options(populate_existing=True))
    assert payment.provider_fee_idr == PAYMENT_FEE
    rows = await session.scalar(select(func.count()).select_from(ProviderTransaction))
    assert rows == 2
    payout_row = await session.scalar(
        select(ProviderTransaction).where(ProviderTransaction.payout_id == payout.id)
    )
    assert payout_row is not None and payout_row.fee_idr == PAYOUT_FEE
    assert payout_row.type == "DISBURSEMENT"
    # The creative's money is untouched: fees are the platform's cost.
    earnings = await client.get("/v1/creatives/me/earnings", headers=deal.creative.headers)
    assert earnings.json()["paid_out_idr"] == SHARE


async def test_the_worker_task_does_nothing_without_xendit(
    client: httpx.AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XENDIT_SECRET_KEY", "")
    from app.core.config import get_settings

    get_settings.cache_clear()
    try:
        assert await sync_recent_xendit_fees(session) == 0
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
