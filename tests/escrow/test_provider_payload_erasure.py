"""Erasure empties the personal fields of the provider events stored about the user's money
(a Xendit payout callback's account number and holder, a Stripe charge's billing details),
keeping ids, amounts and statuses; other people's events are left as they were."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.security import hash_password
from app.models import ExternalEvent, User
from app.services.payments.webhooks import process_external_events
from tests.escrow import stripe_stub, xendit_stub
from tests.escrow.factories import act, idem, submit
from tests.escrow.test_xendit_flow import _payout_to, _released_by_qris
from tests.factories import Deal
from tests.helpers import PASSWORD, Actor


async def _erase(client: httpx.AsyncClient, session: AsyncSession, actor: Actor) -> None:
    user = await session.get_one(User, actor.id)
    user.password_hash = hash_password(PASSWORD)  # factory users have no usable password
    await session.flush()
    erased = await client.request(
        "DELETE", "/v1/me", json={"password": PASSWORD}, headers=actor.headers
    )
    assert erased.status_code == 200, erased.text


async def _payloads(session: AsyncSession, source: str) -> list[dict[str, Any]]:
    rows = await session.scalars(
        select(ExternalEvent)
        .where(ExternalEvent.source == source)
        .order_by(ExternalEvent.received_at)
        .execution_options(populate_existing=True)
    )
    return [row.payload for row in rows]


@pytest.mark.usefixtures("xendit_env")
async def test_erasing_a_creative_empties_the_account_in_stored_payout_callbacks(
    xendit: xendit_stub.XenditStub, client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    await _payout_to(client, deal, "bank", "BCA")
    await _released_by_qris(xendit, client, session, deal)
    [sent] = xendit.payouts.values()
    await xendit_stub.deliver(client, xendit.payout_report(sent["id"]))
    await process_external_events(session)
    capture, payout_report = sorted(await _payloads(session, "xendit"), key=lambda p: p["event"])
    assert payout_report["data"]["channel_properties"]["account_number"] == "0881234567"

    await _erase(client, session, deal.creative)

    capture_after, report_after = sorted(
        await _payloads(session, "xendit"), key=lambda p: p["event"]
    )
    assert "0881234567" not in json.dumps(report_after)
    assert "Dimas Prasetyo" not in json.dumps(report_after)
    assert report_after["data"]["channel_properties"] == {
        "account_number": None,
        "account_holder_name": None,
    }
    # The financial facts stay: ids, amount, status.
    kept = ("id", "reference_id", "amount", "status", "channel_code")
    assert {k: report_after["data"][k] for k in kept} == {k: sent[k] for k in kept}
    # The owner's payment callback is not the creative's to erase.
    assert capture_after == capture


@pytest.mark.usefixtures("stripe_env")
@pytest.mark.filterwarnings("ignore:Use 'content=<...>':DeprecationWarning")
async def test_erasing_an_owner_empties_billing_details_in_stored_stripe_events(
    stripe: stripe_stub.StripeStub, client: httpx.AsyncClient, session: AsyncSession, deal: Deal
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
        "receipt_email": "sari@warungsari.id",
        "billing_details": {
            "name": "Sari Wulandari",
            "email": "sari@warungsari.id",
            "phone": "+6281234567890",
            "address": {"city": "Surabaya", "country": "ID"},
        },
        "payment_method_details": {"type": "card", "card": {"brand": "visa", "last4": "4242"}},
    }
    await stripe_stub.deliver(client, stripe_stub.event("charge.succeeded", charge))
    await stripe_stub.deliver(client, stripe_stub.event("payment_intent.succeeded", paid))
    someone_else = {**charge, "id": "ch_other", "payment_intent": "pi_other", "metadata": {}}
    await stripe_stub.deliver(client, stripe_stub.event("charge.succeeded", someone_else))
    await process_external_events(session)
    await submit(client, deal)
    assert (await act(client, deal.owner, deal.milestone_id, "approve")).status_code == 200

    await _erase(client, session, deal.owner)

    # Stored in one test transaction, they share a received_at: found by their object.
    stored = {p["data"]["object"]["id"]: p for p in await _payloads(session, "stripe")}
    ours, intent_event, theirs = stored[charge["id"]], stored[paid["id"]], stored["ch_other"]
    charge_after = ours["data"]["object"]
    assert "Sari" not in json.dumps(ours) and "6281234567890" not in json.dumps(ours)
    assert charge_after["billing_details"] is None and charge_after["receipt_email"] is None
    assert charge_after["payment_method_details"]["card"] == {"brand": "visa", "last4": None}
    assert (charge_after["id"], charge_after["amount"]) == (charge["id"], charge["amount"])
    assert intent_event["data"]["object"]["id"] == paid["id"]
    # Another person's event naming nothing of the owner's keeps its details.
    assert theirs["data"]["object"]["billing_details"]["name"] == "Sari Wulandari"
    assert uuid.UUID(ours["data"]["object"]["metadata"]["payment_id"])
