"""Erasure of what payment providers told us about a person.

Provider events are stored as received (`external_events.payload`) and kept as financial
records, but some carry personal data: a Xendit payout callback names the destination account
number and its holder, a Stripe charge the card holder's billing details, a dispute the
customer's name and email, a Connect account the creative's identity. On erasure every stored
event about the user's payments, refunds, payouts or Stripe account keeps its ids, amounts and
statuses (what reconciliation and the ledger link to) and loses those fields.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, String, cast, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import ExternalEvent, Payment, Payout, PayoutAccount, Refund

# Keys whose values identify or describe a person, in Stripe's and Xendit's documented
# payloads (payouts, payment requests, charges, disputes' evidence, Connect accounts).
PERSONAL_KEYS = frozenset(
    {
        "account_number",
        "account_holder_name",
        "account_name",
        "payer_name",
        "customer_name",
        "customer_email_address",
        "customer_purchase_ip",
        "billing_details",
        "billing_address",
        "shipping",
        "shipping_address",
        "receipt_email",
        "email",
        "name",
        "given_names",
        "surname",
        "first_name",
        "last_name",
        "phone",
        "phone_number",
        "mobile_number",
        "address",
        "dob",
        "individual",
        "business_profile",
        "external_accounts",
        "last4",
        "fingerprint",
        "ip_address",
    }
)


def redacted(value: Any) -> Any:
    """The payload with every personal field emptied (None), at any depth."""
    if isinstance(value, dict):
        return {
            key: None if key in PERSONAL_KEYS else redacted(inner) for key, inner in value.items()
        }
    if isinstance(value, list):
        return [redacted(item) for item in value]
    return value


def _text(*path: str) -> ColumnElement[str]:
    return cast(ExternalEvent.payload[list(path)].astext, String)


async def redact_provider_payloads(session: AsyncSession, user_id: uuid.UUID) -> int:
    """Empty the personal fields of every stored provider event about the user's money;
    the number of events changed. Call before the payout account is deleted."""
    payments = (
        await session.execute(
            select(Payment.id, Payment.provider_payment_id, Payment.provider_charge_id).where(
                Payment.owner_id == user_id
            )
        )
    ).all()
    payment_ids = {str(p.id) for p in payments}
    provider_ids = {i for p in payments for i in (p.provider_payment_id, p.provider_charge_id) if i}
    refunds = (
        await session.execute(
            select(Refund.id, Refund.provider_refund_id).where(
                Refund.payment_id.in_([p.id for p in payments])
            )
        )
    ).all()
    refund_ids = {str(r.id) for r in refunds}
    provider_ids |= {r.provider_refund_id for r in refunds if r.provider_refund_id}
    payouts = (
        await session.execute(
            select(Payout.id, Payout.provider_transfer_id).where(Payout.creative_user_id == user_id)
        )
    ).all()
    payout_ids = {str(p.id) for p in payouts}
    provider_ids |= {p.provider_transfer_id for p in payouts if p.provider_transfer_id}
    stripe_account = await session.scalar(
        select(PayoutAccount.stripe_account_id).where(PayoutAccount.user_id == user_id)
    )
    ours = payment_ids | refund_ids | payout_ids
    accounts = {stripe_account} if stripe_account else set()
    if not (ours or provider_ids or accounts):
        return 0

    about_user: list[ColumnElement[bool]] = [false()]
    if ours:
        about_user += [
            _text("data", "reference_id").in_(ours),  # Xendit: our id as reference
            _text("data", "object", "metadata", "payment_id").in_(ours),
            _text("data", "object", "metadata", "payout_id").in_(ours),
            _text("data", "object", "metadata", "refund_id").in_(ours),
        ]
    if provider_ids:
        about_user += [
            _text("data", "id").in_(provider_ids),
            _text("data", "payment_request_id").in_(provider_ids),
            _text("data", "object", "id").in_(provider_ids),
            _text("data", "object", "payment_intent").in_(provider_ids),
            _text("data", "object", "charge").in_(provider_ids),
        ]
    if accounts:
        about_user += [
            _text("account").in_(accounts),  # Stripe Connect events name the account
            _text("data", "object", "id").in_(accounts),
            _text("data", "object", "destination").in_(accounts),
        ]
    events = await session.scalars(select(ExternalEvent).where(or_(*about_user)).with_for_update())
    changed = 0
    for event in events:
        cleaned = redacted(event.payload)
        if cleaned != event.payload:
            event.payload = cleaned
            changed += 1
    await session.flush()
    return changed
