"""A payout Xendit failed (money back in the available balance) is sent again, once, as a
new payout with its own key, when the creative fixes their payout account."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Payout, PayoutStatus
from app.services.escrow.payouts import send_payout
from app.services.payments.webhooks import process_external_events
from tests.escrow.ledger_checks import balances
from tests.escrow.test_xendit_flow import SHARE, _earnings, _payout_to, _released_by_qris
from tests.escrow.xendit_stub import XenditStub, deliver
from tests.factories import Deal

pytestmark = pytest.mark.usefixtures("xendit_env")


async def _payouts(session: AsyncSession) -> list[Payout]:
    rows = await session.scalars(
        select(Payout).order_by(Payout.created_at).execution_options(populate_existing=True)
    )
    return list(rows)


async def test_a_failed_payout_is_sent_again_once_the_account_is_fixed(
    xendit: XenditStub, client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    await _payout_to(client, deal, "bank", "BCA")
    failed = await _released_by_qris(xendit, client, session, deal)
    [first] = xendit.payouts.values()
    await deliver(client, xendit.payout_report(first["id"], failure_code="INVALID_DESTINATION"))
    await process_external_events(session)
    assert (await _earnings(client, deal))["available_idr"] == SHARE

    fixed = await client.put(
        "/v1/creatives/me/payout-account",
        json={
            "method": "xendit",
            "destination": "bank",
            "channel": "BNI",
            "account_number": "0123456789",
            "account_holder_name": "Dimas Prasetyo",
        },
        headers=deal.creative.headers,
    )
    assert fixed.status_code == 200, fixed.text
    [old, retry] = await _payouts(session)
    assert old.id == failed.id and old.status is PayoutStatus.failed
    assert (retry.retry_of_payout_id, retry.status, retry.amount_idr) == (
        failed.id,
        PayoutStatus.created,
        SHARE,
    )
    earnings = await _earnings(client, deal)
    assert (earnings["available_idr"], earnings["in_transit_idr"]) == (0, SHARE)
    listed = await client.get("/v1/creatives/me/payouts", headers=deal.creative.headers)
    assert {p["retry_of_payout_id"] for p in listed.json()["data"]} == {None, str(failed.id)}

    # Fixing the account again does not send it twice.
    again = await client.put(
        "/v1/creatives/me/payout-account",
        json={
            "method": "xendit",
            "destination": "bank",
            "channel": "BNI",
            "account_number": "0123456789",
            "account_holder_name": "Dimas Prasetyo",
        },
        headers=deal.creative.headers,
    )
    assert again.status_code == 200
    assert len(await _payouts(session)) == 2

    assert await send_payout(session, retry.id)
    second = next(p for p in xendit.payouts.values() if p["id"] != first["id"])
    assert (second["channel_code"], second["amount"]) == ("ID_BNI", SHARE)
    assert second["channel_properties"]["account_number"] == "0123456789"
    assert f"payout-{retry.id}" in xendit.keys
    await deliver(client, xendit.payout_report(second["id"]))
    await process_external_events(session)
    earnings = await _earnings(client, deal)
    assert (earnings["available_idr"], earnings["paid_out_idr"]) == (0, SHARE)
    assert (await balances(session))["payouts_out"] == SHARE
