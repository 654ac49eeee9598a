"""Stripe: separate charges and transfers, through the official library's async client.

Funding is a PaymentIntent on the platform account (merchant of record, no `on_behalf_of`)
with `transfer_group=<contract id>` and our ids in metadata; release pays a creative with a
Transfer to their Express account, `source_transaction` set to the milestone's charge;
refunds are Refunds on the PaymentIntent. Every call carries an idempotency key derived from
our row's id (`fund-<payment id>`, `refund-<refund id>`, `payout-<payout id>`), so a retry
after a crash finds the object created the first time instead of making another.

IDR is not a zero-decimal currency at Stripe: Rp1 is `amount=100`. `to_stripe_amount` and
`from_stripe_amount` are the only place rupiah and Stripe units meet.
"""

from __future__ import annotations

import time
import uuid
from typing import Any, ClassVar

import stripe

from app.core.config import Settings
from app.core.json import loads
from app.models import (
    Contract,
    Milestone,
    Payment,
    PaymentProvider,
    PaymentStatus,
    Payout,
    PayoutAccount,
    Refund,
    RefundStatus,
)
from app.services.payments.gateway import (
    AccountUpdated,
    ChargebackClosed,
    ChargebackOpened,
    ChargeResult,
    InvalidWebhookSignature,
    OnboardingResult,
    PaymentFailed,
    PaymentProviderError,
    PaymentSucceeded,
    ProviderEvent,
    ProviderFeeReported,
    RefundFailed,
    RefundResult,
    RefundsSettled,
    TransferCreated,
    TransferResult,
    TransferReversed,
    VerifiedWebhook,
    metadata_uuid,
)

# Pinned: upgrading the library must not silently change the API we are written against.
STRIPE_API_VERSION = "2026-10-28.endive"
WEBHOOK_TOLERANCE_SECONDS = 300
CURRENCY = "idr"
_STRIPE_UNITS_PER_RUPIAH = 100

_clients: dict[tuple[str, str], stripe.StripeClient] = {}


def to_stripe_amount(amount_idr: int) -> int:
    """Rp2.500.000 -> 250000000: Stripe counts IDR in hundredths."""
    return amount_idr * _STRIPE_UNITS_PER_RUPIAH


def from_stripe_amount(amount: int) -> int:
    """Stripe IDR units back to whole rupiah; we only ever create whole-rupiah amounts."""
    rupiah, cents = divmod(int(amount), _STRIPE_UNITS_PER_RUPIAH)
    if cents:
        raise ValueError(f"Stripe amount {amount} is not a whole number of rupiah")
    return rupiah


def _signed_at(signature: str) -> int:
    stamps = [p[2:] for p in signature.split(",") if p.startswith("t=")]
    return int(stamps[0]) if stamps and stamps[0].isdigit() else 0


def _client(settings: Settings) -> stripe.StripeClient:
    key = (settings.stripe_api_key, settings.stripe_api_base)
    if key not in _clients:
        _clients[key] = stripe.StripeClient(
            settings.stripe_api_key,
            stripe_version=STRIPE_API_VERSION,
            base_addresses={"api": settings.stripe_api_base},
            http_client=stripe.HTTPXClient(),
            max_network_retries=2,
        )
    return _clients[key]


def _payment_status(intent_status: str, has_error: bool) -> PaymentStatus:
    if intent_status == "succeeded":
        return PaymentStatus.succeeded
    if intent_status == "canceled":
        return PaymentStatus.failed
    if intent_status == "requires_payment_method" and has_error:
        return PaymentStatus.failed
    return PaymentStatus.pending


def _expandable_id(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    identifier = getattr(value, "id", None) or (
        value.get("id") if isinstance(value, dict) else None
    )
    return str(identifier) if identifier else None


def _dispute_fee_idr(dispute: dict[str, Any]) -> int:
    """Stripe's dispute fee: the `fee` of the dispute's balance transactions (withdrawal and,
    for a won dispute, the reinstatement, whose fee is 0)."""
    total = 0
    for balance_transaction in dispute.get("balance_transactions") or []:
        if isinstance(balance_transaction, dict):
            total += int(balance_transaction.get("fee") or 0)
    # A fee need not be whole rupiah; the platform paid the fraction too, so round up.
    return -(-total // _STRIPE_UNITS_PER_RUPIAH) if total > 0 else 0


def _provider_error(error: stripe.StripeError) -> PaymentProviderError:
    # 4xx other than rate limiting: Stripe refused the request itself.
    permanent = (
        error.http_status is not None
        and 400 <= error.http_status < 500
        and error.http_status not in (409, 429)
    )
    return PaymentProviderError(f"Stripe: {error.user_message or error}", permanent=permanent)


class StripeGateway:
    provider: ClassVar[PaymentProvider] = PaymentProvider.stripe

    def __init__(self, client: stripe.StripeClient | None, webhook_secret: str, settings: Settings):
        self._stripe = client
        self._webhook_secret = webhook_secret
        self._settings = settings

    @classmethod
    def from_settings(cls, settings: Settings) -> StripeGateway:
        client = _client(settings) if settings.stripe_api_key else None
        return cls(client, settings.stripe_webhook_secret, settings)

    @property
    def client(self) -> stripe.StripeClient:
        if self._stripe is None:
            raise PaymentProviderError("STRIPE_API_KEY is not configured", permanent=True)
        return self._stripe

    async def create_charge(
        self, *, payment: Payment, contract: Contract, milestone: Milestone
    ) -> ChargeResult:
        try:
            intent = await self.client.v1.payment_intents.create_async(
                {
                    "amount": to_stripe_amount(payment.amount_idr),
                    "currency": CURRENCY,
                    "transfer_group": str(contract.id),
                    "automatic_payment_methods": {"enabled": True},
                    "description": f"Escrow {contract.title} - {milestone.title}"[:1000],
                    "metadata": {
                        "payment_id": str(payment.id),
                        "milestone_id": str(milestone.id),
                        "contract_id": str(contract.id),
                    },
                },
                {"idempotency_key": f"fund-{payment.id}"},
            )
        except stripe.StripeError as error:
            raise _provider_error(error) from error
        return self._charge_result(intent)

    async def retrieve_charge(self, payment: Payment) -> ChargeResult:
        if payment.provider_payment_id is None:
            raise PaymentProviderError("The payment was never created at Stripe", permanent=True)
        try:
            intent = await self.client.v1.payment_intents.retrieve_async(
                payment.provider_payment_id
            )
        except stripe.StripeError as error:
            raise _provider_error(error) from error
        return self._charge_result(intent)

    @staticmethod
    def _charge_result(intent: stripe.PaymentIntent) -> ChargeResult:
        error = intent.last_payment_error
        return ChargeResult(
            provider_payment_id=intent.id,
            status=_payment_status(intent.status, error is not None),
            client_secret=intent.client_secret,
            charge_id=_expandable_id(intent.latest_charge),
            failure_message=getattr(error, "message", None) if error is not None else None,
        )

    async def refund(self, *, refund: Refund, payment: Payment) -> RefundResult:
        if payment.provider_payment_id is None:
            raise PaymentProviderError("The payment was never created at Stripe", permanent=True)
        try:
            created = await self.client.v1.refunds.create_async(
                {
                    "payment_intent": payment.provider_payment_id,
                    "amount": to_stripe_amount(refund.amount_idr),
                    "reason": "requested_by_customer",
                    "metadata": {
                        "refund_id": str(refund.id),
                        "payment_id": str(payment.id),
                        "milestone_id": str(refund.milestone_id),
                    },
                },
                {"idempotency_key": f"refund-{refund.id}"},
            )
        except stripe.StripeError as error:
            raise _provider_error(error) from error
        status = {
            "succeeded": RefundStatus.succeeded,
            "failed": RefundStatus.failed,
            "canceled": RefundStatus.failed,
        }.get(created.status or "", RefundStatus.pending)
        return RefundResult(provider_refund_id=created.id, status=status)

    async def cancel_charge(self, payment: Payment) -> None:
        if payment.provider_payment_id is None:
            return
        try:
            await self.client.v1.payment_intents.cancel_async(payment.provider_payment_id)
        except stripe.StripeError as error:
            # Already succeeded or canceled: the late-payment refund covers the first case.
            raise _provider_error(error) from error

    async def transfer(
        self,
        *,
        payout: Payout,
        payment: Payment | None,
        account: PayoutAccount,
        transfer_group: str,
    ) -> TransferResult:
        if account.stripe_account_id is None:
            raise PaymentProviderError("No connected Stripe account", permanent=True)
        destination = account.stripe_account_id
        params: dict[str, Any] = {
            "amount": to_stripe_amount(payout.amount_idr),
            "currency": CURRENCY,
            "destination": destination,
            "transfer_group": transfer_group,
            "metadata": {"payout_id": str(payout.id), "milestone_id": str(payout.milestone_id)},
        }
        if payment is not None and payment.provider_charge_id:
            # Ties the transfer to the owner's charge: it may run before the funds settle.
            params["source_transaction"] = payment.provider_charge_id
        try:
            transfer = await self.client.v1.transfers.create_async(
                params,  # type: ignore[arg-type]
                {"idempotency_key": f"payout-{payout.id}"},
            )
        except stripe.StripeError as error:
            raise _provider_error(error) from error
        return TransferResult(provider_transfer_id=transfer.id)

    async def onboard_payout_account(
        self, *, user_id: uuid.UUID, email: str, account_id: str | None
    ) -> OnboardingResult:
        try:
            if account_id is None:
                account = await self.client.v1.accounts.create_async(
                    {
                        "type": "express",
                        "country": self._settings.stripe_connect_country,
                        "email": email,
                        "capabilities": {"transfers": {"requested": True}},
                        "metadata": {"user_id": str(user_id)},
                    },
                    {"idempotency_key": f"account-{user_id}"},
                )
            else:
                account = await self.client.v1.accounts.retrieve_async(account_id)
            if account.payouts_enabled:
                return OnboardingResult(account.id, None, True)
            link = await self.client.v1.account_links.create_async(
                {
                    "account": account.id,
                    "refresh_url": self._settings.stripe_connect_return_url,
                    "return_url": self._settings.stripe_connect_return_url,
                    "type": "account_onboarding",
                }
            )
        except stripe.StripeError as error:
            raise _provider_error(error) from error
        return OnboardingResult(account.id, link.url, False)

    def verify_webhook(self, payload: bytes, signature: str | None) -> VerifiedWebhook:
        if not self._webhook_secret or not signature:
            raise InvalidWebhookSignature("Missing Stripe-Signature header")
        try:
            stripe.Webhook.construct_event(
                payload, signature, self._webhook_secret, tolerance=WEBHOOK_TOLERANCE_SECONDS
            )
            # The library only bounds the past; a timestamp far ahead is as suspect as one
            # far behind (a pre-signed payload kept for replay).
            if _signed_at(signature) > time.time() + WEBHOOK_TOLERANCE_SECONDS:
                raise ValueError("Timestamp outside the tolerance zone")
            event = loads(payload)
        except (stripe.SignatureVerificationError, ValueError) as error:
            raise InvalidWebhookSignature(str(error.args[0] if error.args else error)) from error
        if not isinstance(event, dict) or not event.get("id") or not event.get("type"):
            raise InvalidWebhookSignature("The payload is not a Stripe event")
        return VerifiedWebhook(str(event["id"])[:255], str(event["type"])[:100], event)

    def interpret(self, event_type: str, payload: dict[str, Any]) -> ProviderEvent | None:
        obj: dict[str, Any] = payload.get("data", {}).get("object", {})
        meta = obj.get("metadata")
        match event_type:
            case "payment_intent.succeeded":
                return PaymentSucceeded(
                    provider_payment_id=obj["id"],
                    payment_id=metadata_uuid(meta, "payment_id"),
                    charge_id=_expandable_id(obj.get("latest_charge")),
                    amount_idr=from_stripe_amount(obj.get("amount_received") or obj["amount"]),
                )
            case "payment_intent.payment_failed" | "payment_intent.canceled":
                error = obj.get("last_payment_error") or {}
                return PaymentFailed(
                    provider_payment_id=obj["id"],
                    payment_id=metadata_uuid(meta, "payment_id"),
                    code=str(error.get("code") or obj.get("cancellation_reason") or "failed"),
                    message=str(error.get("message") or event_type)[:500],
                )
            case "charge.succeeded" | "charge.updated":
                # The fee is on the charge's balance transaction once Stripe has created it
                # (the webhook endpoint expands nothing: only an object carries it).
                balance = obj.get("balance_transaction")
                if not isinstance(balance, dict) or not obj.get("payment_intent"):
                    return None
                fee = int(balance.get("fee") or 0)
                return ProviderFeeReported(
                    provider_payment_id=str(_expandable_id(obj.get("payment_intent"))),
                    payment_id=metadata_uuid(meta, "payment_id"),
                    fee_idr=-(-fee // _STRIPE_UNITS_PER_RUPIAH),
                )
            case "charge.refunded":
                return RefundsSettled(
                    provider_payment_id=str(_expandable_id(obj.get("payment_intent"))),
                    refunded_total_idr=from_stripe_amount(obj["amount_refunded"]),
                )
            case "refund.failed":
                return RefundFailed(
                    provider_refund_id=obj["id"],
                    refund_id=metadata_uuid(meta, "refund_id"),
                    message=str(obj.get("failure_reason") or "refund failed")[:500],
                )
            case "charge.dispute.created":
                return ChargebackOpened(
                    provider_dispute_id=obj["id"],
                    provider_payment_id=str(_expandable_id(obj.get("payment_intent"))),
                    amount_idr=from_stripe_amount(obj["amount"]),
                    reason=str(obj.get("reason") or "unknown")[:200],
                )
            case "charge.dispute.closed":
                # `warning_closed` (an inquiry that never became a chargeback) keeps the money.
                return ChargebackClosed(
                    obj["id"],
                    won=obj.get("status") != "lost",
                    provider_payment_id=str(_expandable_id(obj.get("payment_intent"))),
                    amount_idr=from_stripe_amount(obj["amount"]),
                    reason=str(obj.get("reason") or "unknown")[:200],
                    fee_idr=_dispute_fee_idr(obj),
                )
            case "transfer.created" | "transfer.updated":
                return TransferCreated(obj["id"], metadata_uuid(meta, "payout_id"))
            case "transfer.reversed":
                return TransferReversed(obj["id"], metadata_uuid(meta, "payout_id"))
            case "account.updated":
                return AccountUpdated(obj["id"], bool(obj.get("payouts_enabled")))
        return None
