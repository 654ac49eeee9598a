"""Money finance moves by hand: manual payouts (key required, one per bank reference, a bounced
one reversed) and refunds the provider refused, settled by bank transfer."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Refund, RefundStatus
from tests.escrow.factories import act, fund, idem, submit
from tests.escrow.ledger_checks import balances
from tests.factories import Deal
from tests.helpers import Actor, assert_problem


async def _released(client: httpx.AsyncClient, deal: Deal) -> None:
    await fund(client, deal)
    await submit(client, deal)
    assert (await act(client, deal.owner, deal.milestone_id, "approve")).status_code == 200


def _payout(deal: Deal, reference: str, amount_idr: Any = 1_000_000) -> dict[str, Any]:
    return {
        "creative_user_id": str(deal.creative.id),
        "amount_idr": amount_idr,
        "reference": reference,
    }


async def test_a_manual_payout_needs_a_key_and_a_new_bank_reference(
    client: httpx.AsyncClient, deal: Deal, admin: Actor
) -> None:
    await _released(client, deal)
    no_key = await client.post(
        "/v1/admin/payouts", json=_payout(deal, "BIFAST-0001"), headers=admin.headers
    )
    assert_problem(no_key, 422)
    first = await client.post(
        "/v1/admin/payouts", json=_payout(deal, "BIFAST-0001"), headers=idem(admin)
    )
    assert first.status_code == 201, first.text
    again = await client.post(
        "/v1/admin/payouts", json=_payout(deal, "BIFAST-0001", 5_000), headers=idem(admin)
    )
    assert_problem(again, 409, "bank_reference_already_used")
    as_text = await client.post(
        "/v1/admin/payouts", json=_payout(deal, "BIFAST-0002", "5000"), headers=idem(admin)
    )
    assert_problem(as_text, 422)
    earnings = (await client.get("/v1/creatives/me/earnings", headers=deal.creative.headers)).json()
    assert earnings["available_idr"] == 2_222_500 - 1_000_000


async def test_a_bounced_manual_payout_is_reversed_once(
    client: httpx.AsyncClient, deal: Deal, admin: Actor, stranger_creative: Actor
) -> None:
    await _released(client, deal)
    payout = (
        await client.post(
            "/v1/admin/payouts", json=_payout(deal, "BIFAST-0003"), headers=idem(admin)
        )
    ).json()
    url = f"/v1/admin/payouts/{payout['id']}/reverse"
    body = {"reason": "Rekening ditutup"}
    assert_problem(
        await client.post(url, json=body, headers=idem(stranger_creative)), 403, "role_required"
    )
    reversed_ = await client.post(url, json=body, headers=idem(admin))
    assert reversed_.status_code == 200, reversed_.text
    assert reversed_.json()["status"] == "reversed"
    assert_problem(
        await client.post(url, json=body, headers=idem(admin)), 409, "payout_not_reversible"
    )
    earnings = (await client.get("/v1/creatives/me/earnings", headers=deal.creative.headers)).json()
    assert earnings["available_idr"] == 2_222_500


async def test_the_ledger_refuses_truncate_and_late_entries(session: AsyncSession) -> None:
    for table in ("ledger_entries", "ledger_transactions"):
        with pytest.raises(DBAPIError, match="append-only"):
            async with session.begin_nested():
                await session.execute(text(f"TRUNCATE {table} CASCADE"))
    with pytest.raises(DBAPIError, match="already posted"):
        async with session.begin_nested():
            # A transaction posted by an earlier database transaction (an earlier created_at).
            posted = await session.scalar(
                text(
                    "INSERT INTO ledger_transactions (id, kind, memo, created_at) "
                    "VALUES (gen_random_uuid(), 'funding', 'x', now() - interval '1 minute') "
                    "RETURNING id"
                )
            )
            await session.execute(
                text(
                    "INSERT INTO ledger_entries (id, transaction_id, account, amount_idr) "
                    "VALUES (gen_random_uuid(), :t, 'owner_funding', -1), "
                    "(gen_random_uuid(), :t, 'platform_revenue', 1)"
                ),
                {"t": posted},
            )


@pytest.mark.usefixtures("stripe_env")
@pytest.mark.filterwarnings("ignore:Use 'content=<...>':DeprecationWarning")
async def test_a_refund_the_provider_refused_is_settled_by_bank_transfer(
    client: httpx.AsyncClient, session: AsyncSession, deal: Deal, admin: Actor, stripe: Any
) -> None:
    from app.services.payments.webhooks import process_external_events
    from tests.escrow.stripe_stub import deliver, event

    await client.post(f"/v1/milestones/{deal.milestone_id}/fund", headers=idem(deal.owner))
    [intent] = stripe.intents.values()
    await deliver(client, event("payment_intent.succeeded", stripe.pay(intent["id"])))
    await process_external_events(session)
    stripe.fail_next["refunds"] = (
        400,
        {"type": "invalid_request_error", "code": "charge_disputed", "message": "Disputed"},
    )
    cancelled = await act(client, deal.owner, deal.milestone_id, "cancel")
    assert cancelled.status_code == 200, cancelled.text
    refund = await session.scalar(select(Refund).execution_options(populate_existing=True))
    assert refund is not None and refund.status is RefundStatus.failed
    books = await balances(session)
    assert (books.get("refunds_out", 0), books["refunds_owed"]) == (0, 2_500_000)

    url = f"/v1/admin/refunds/{refund.id}/settle"
    body = {"bank_reference": "BIFAST-20261206-0042"}
    assert_problem(await client.post(url, json=body, headers=idem(deal.owner)), 403)
    settled = await client.post(url, json=body, headers=idem(admin))
    assert settled.status_code == 200, settled.text
    assert settled.json()["status"] == "settled_manually"
    assert settled.json()["bank_reference"] == "BIFAST-20261206-0042"
    assert_problem(await client.post(url, json=body, headers=idem(admin)), 409, "refund_not_failed")
    books = await balances(session)
    assert (books["refunds_out"], books.get("refunds_owed", 0)) == (2_500_000, 0)
