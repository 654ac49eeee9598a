"""The sandbox provider: the Stripe flow without a network, for development and demos.

Charges wait until `POST /v1/sandbox/payments/{id}/succeed` (or `/fail`) completes them,
which records the same internal event a Stripe webhook would; refunds and transfers succeed
at once. It refuses to exist when ENVIRONMENT=production.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from app.core.config import Settings
from app.models import (
    Contract,
    Milestone,
    Payment,
    PaymentProvider,
    PaymentStatus,
    Payout,
    Refund,
    RefundStatus,
)
from app.services.payments.gateway import (
    ChargeResult,
    InvalidWebhookSignature,
    OnboardingResult,
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


def sandbox_event(
    payment: Payment, *, succeeded: bool, event_id: uuid.UUID | None = None
) -> dict[str, Any]:
    """The event the sandbox records when a payment completes, shaped like Stripe's."""
    return {
        "id": f"evt_sandbox_{(event_id or uuid.uuid4()).hex}",
        "object": "event",
        "type": "payment_intent.succeeded" if succeeded else "payment_intent.payment_failed",
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

    async def create_charge(
        self, *, payment: Payment, contract: Contract, milestone: Milestone
    ) -> ChargeResult:
        provider_id = sandbox_payment_id(payment.id)
        return ChargeResult(provider_id, PaymentStatus.pending, f"{provider_id}_secret_sandbox")

    async def retrieve_charge(self, payment: Payment) -> ChargeResult:
        # The sandbox keeps no state of its own: our row is the truth.
        provider_id = payment.provider_payment_id or sandbox_payment_id(payment.id)
        return ChargeResult(provider_id, payment.status, payment.client_secret)

    async def refund(self, *, refund: Refund, payment: Payment) -> RefundResult:
        return RefundResult(f"sandbox_re_{refund.id.hex}", RefundStatus.succeeded)

    async def transfer(
        self, *, payout: Payout, payment: Payment | None, destination: str, transfer_group: str
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
        if event_type == "payment_intent.payment_failed":
            error = obj.get("last_payment_error") or {}
            return PaymentFailed(
                obj["id"], payment_id, str(error.get("code")), str(error.get("message"))
            )
        return None
