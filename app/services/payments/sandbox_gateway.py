"""The sandbox provider: the Stripe and Xendit flows without a network, for development and
demos.

Charges wait until `POST /v1/sandbox/payments/{id}/succeed` (or `/fail`, or `/expire`)
completes them, which records the same internal event a provider callback would; refunds and
transfers succeed at once. QRIS, virtual account and e-wallet payments get instructions shaped
like Xendit's (a QRIS string with a valid checksum, a VA number, e-wallet links), so a client
can be built against `make run` alone. It refuses to exist when ENVIRONMENT=production.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

from app.core.config import Settings
from app.models import (
    Contract,
    Milestone,
    Payment,
    PaymentMethod,
    PaymentProvider,
    PaymentStatus,
    Payout,
    PayoutAccount,
    Refund,
    RefundStatus,
)
from app.services.payments.gateway import (
    ChargeResult,
    InvalidWebhookSignature,
    OnboardingResult,
    PaymentExpired,
    PaymentFailed,
    PaymentSucceeded,
    ProviderEvent,
    RefundResult,
    TransferResult,
    VerifiedWebhook,
    metadata_uuid,
)


class SandboxRefusedInProduction(RuntimeError):
    pass


def sandbox_payment_id(payment_id: uuid.UUID) -> str:
    return f"sandbox_pi_{payment_id.hex}"


_VA_PREFIX = {"BCA": "8808", "BNI": "8808", "BRI": "26215", "MANDIRI": "88608", "PERMATA": "8214"}
SANDBOX_EVENT_TYPES = {
    "succeeded": "payment_intent.succeeded",
    "failed": "payment_intent.payment_failed",
    "expired": "payment_request.expired",
}


def _crc16_ccitt(text: str) -> str:
    """The checksum EMVCo QR payloads (QRIS) end with: CRC-16/CCITT-FALSE, 4 hex digits."""
    crc = 0xFFFF
    for byte in text.encode():
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return f"{crc:04X}"


def _tag(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def sandbox_qris(payment: Payment) -> str:
    """A dynamic QRIS payload in the EMVCo layout (scannable, payable nowhere)."""
    merchant = _tag("00", "ID.PASARKREATIF.SANDBOX") + _tag("01", payment.id.hex[:15].upper())
    body = (
        _tag("00", "01")
        + _tag("01", "12")
        + _tag("26", merchant)
        + _tag("52", "7399")
        + _tag("53", "360")
        + _tag("54", str(payment.amount_idr))
        + _tag("58", "ID")
        + _tag("59", "PASAR KREATIF")
        + _tag("60", "JAKARTA")
        + "6304"
    )
    return body + _crc16_ccitt(body)


def sandbox_instructions(payment: Payment) -> dict[str, Any] | None:
    if payment.method is PaymentMethod.qris:
        return {"qr_string": sandbox_qris(payment)}
    if payment.method is PaymentMethod.va:
        prefix = _VA_PREFIX.get(payment.channel or "", "8808")
        digits = str(payment.id.int % 10 ** (16 - len(prefix))).zfill(16 - len(prefix))
        return {"va_number": prefix + digits, "bank": payment.channel}
    if payment.method is PaymentMethod.ewallet:
        channel = (payment.channel or "").lower()
        return {
            "channel": payment.channel,
            "redirect_url": f"https://sandbox.pasarkreatif.id/ewallet/{channel}/{payment.id}",
            "deeplink_url": f"{channel}://sandbox/pay/{payment.id}",
        }
    return None


def sandbox_event(
    payment: Payment,
    *,
    succeeded: bool,
    event_id: uuid.UUID | None = None,
    outcome: str | None = None,
) -> dict[str, Any]:
    """The event the sandbox records when a payment completes, shaped like Stripe's."""
    outcome = outcome or ("succeeded" if succeeded else "failed")
    return {
        "id": f"evt_sandbox_{(event_id or uuid.uuid4()).hex}",
        "object": "event",
        "type": SANDBOX_EVENT_TYPES[outcome],
        "data": {
            "object": {
                "id": payment.provider_payment_id or sandbox_payment_id(payment.id),
                "object": "payment_intent",
                "amount_idr": payment.amount_idr,
                "latest_charge": f"sandbox_ch_{payment.id.hex}" if succeeded else None,
                "metadata": {"payment_id": str(payment.id)},
                "last_payment_error": None
                if succeeded
                else {"code": "card_declined", "message": "Kartu ditolak (sandbox)"},
            }
        },
    }


class SandboxGateway:
    provider: ClassVar[PaymentProvider] = PaymentProvider.sandbox

    def __init__(self, settings: Settings) -> None:
        if settings.is_production:
            raise SandboxRefusedInProduction("The sandbox payment provider is off in production")
        self._settings = settings

    async def create_charge(
        self, *, payment: Payment, contract: Contract, milestone: Milestone
    ) -> ChargeResult:
        provider_id = sandbox_payment_id(payment.id)
        if payment.method is PaymentMethod.card:
            return ChargeResult(provider_id, PaymentStatus.pending, f"{provider_id}_secret_sandbox")
        expiry = timedelta(minutes=self._settings.local_payment_expiry_minutes)
        return ChargeResult(
            provider_id,
            PaymentStatus.pending,
            None,
            instructions=sandbox_instructions(payment),
            expires_at=datetime.now(UTC) + expiry,
        )

    async def retrieve_charge(self, payment: Payment) -> ChargeResult:
        # The sandbox keeps no state of its own: our row is the truth.
        provider_id = payment.provider_payment_id or sandbox_payment_id(payment.id)
        return ChargeResult(provider_id, payment.status, payment.client_secret)

    async def refund(self, *, refund: Refund, payment: Payment) -> RefundResult:
        return RefundResult(f"sandbox_re_{refund.id.hex}", RefundStatus.succeeded)

    async def cancel_charge(self, payment: Payment) -> None:
        return None

    async def transfer(
        self,
        *,
        payout: Payout,
        payment: Payment | None,
        account: PayoutAccount,
        transfer_group: str,
    ) -> TransferResult:
        return TransferResult(f"sandbox_tr_{payout.id.hex}")

    async def onboard_payout_account(
        self, *, user_id: uuid.UUID, email: str, account_id: str | None
    ) -> OnboardingResult:
        return OnboardingResult(account_id or f"sandbox_acct_{user_id.hex}", None, True)

    def verify_webhook(self, payload: bytes, signature: str | None) -> VerifiedWebhook:
        raise InvalidWebhookSignature("The sandbox provider receives no webhooks")

    def interpret(self, event_type: str, payload: dict[str, Any]) -> ProviderEvent | None:
        obj: dict[str, Any] = payload["data"]["object"]
        payment_id = metadata_uuid(obj.get("metadata"), "payment_id")
        if event_type == "payment_intent.succeeded":
            return PaymentSucceeded(
                obj["id"], payment_id, obj.get("latest_charge"), obj["amount_idr"]
            )
        if event_type == "payment_request.expired":
            return PaymentExpired(obj["id"], payment_id)
        if event_type == "payment_intent.payment_failed":
            error = obj.get("last_payment_error") or {}
            return PaymentFailed(
                obj["id"], payment_id, str(error.get("code")), str(error.get("message"))
            )
        return None
