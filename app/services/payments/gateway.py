"""The payment provider interface the escrow services talk to, and the events it reports.

A provider's raw webhook payload is stored as received; `interpret` turns it into one of the
`ProviderEvent` dataclasses below, in whole rupiah, so provider units and names never leak
past the adapter. Outgoing calls take our row (payment, refund, payout) and derive their
provider idempotency key from its id, so a retried call never charges, refunds or pays twice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, Protocol

from app.core.config import get_settings
from app.core.errors import BadRequest, DomainError
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


class PaymentProviderError(DomainError):
    status, code, title = 502, "payment_provider_error", "The payment provider did not answer"

    def __init__(self, detail: str | None = None, *, permanent: bool = False) -> None:
        super().__init__(detail)
        # Permanent: the provider refused the request itself; retrying cannot help.
        self.permanent = permanent


class InvalidWebhookSignature(BadRequest):
    code, title = "invalid_webhook_signature", "The webhook signature is missing, wrong or stale"


@dataclass(frozen=True)
class ChargeResult:
    provider_payment_id: str
    status: PaymentStatus
    client_secret: str | None
    charge_id: str | None = None
    failure_message: str | None = None
    # What the payer is shown (keys: qr_string, va_number, bank, redirect_url, deeplink_url).
    instructions: dict[str, Any] | None = None
    expires_at: datetime | None = None


@dataclass(frozen=True)
class RefundResult:
    provider_refund_id: str
    status: RefundStatus


@dataclass(frozen=True)
class TransferResult:
    provider_transfer_id: str
    # False when the provider only accepted it: a later report says paid or failed.
    settled: bool = True


@dataclass(frozen=True)
class OnboardingResult:
    account_id: str
    onboarding_url: str | None
    payouts_enabled: bool


@dataclass(frozen=True)
class PaymentSucceeded:
    provider_payment_id: str
    payment_id: uuid.UUID | None
    charge_id: str | None
    amount_idr: int


@dataclass(frozen=True)
class PaymentFailed:
    provider_payment_id: str
    payment_id: uuid.UUID | None
    code: str
    message: str


@dataclass(frozen=True)
class PaymentExpired:
    """The payment can no longer be paid (an unpaid QR, virtual account or e-wallet request)."""

    provider_payment_id: str
    payment_id: uuid.UUID | None


@dataclass(frozen=True)
class ProviderFeeReported:
    """What the provider kept of a payment it collected (processing fee, with its tax)."""

    provider_payment_id: str
    payment_id: uuid.UUID | None
    fee_idr: int


@dataclass(frozen=True)
class RefundsSettled:
    """The charge behind a payment has been refunded this much in total."""

    provider_payment_id: str
    refunded_total_idr: int


@dataclass(frozen=True)
class RefundFailed:
    provider_refund_id: str
    refund_id: uuid.UUID | None
    message: str


@dataclass(frozen=True)
class ChargebackOpened:
    provider_dispute_id: str
    provider_payment_id: str
    amount_idr: int
    reason: str


@dataclass(frozen=True)
class ChargebackClosed:
    """A decided chargeback. It carries what the opening report carried, so a close that
    arrives first can open the chargeback itself; `fee_idr` is the provider's dispute fee."""

    provider_dispute_id: str
    won: bool
    provider_payment_id: str = ""
    amount_idr: int = 0
    reason: str = "unknown"
    fee_idr: int = 0

    def as_opened(self) -> ChargebackOpened:
        return ChargebackOpened(
            self.provider_dispute_id, self.provider_payment_id, self.amount_idr, self.reason
        )


@dataclass(frozen=True)
class TransferCreated:
    provider_transfer_id: str
    payout_id: uuid.UUID | None


@dataclass(frozen=True)
class TransferFailed:
    provider_transfer_id: str
    payout_id: uuid.UUID | None
    reason: str


@dataclass(frozen=True)
class TransferReversed:
    provider_transfer_id: str
    payout_id: uuid.UUID | None


@dataclass(frozen=True)
class AccountUpdated:
    account_id: str
    payouts_enabled: bool


ProviderEvent = (
    PaymentSucceeded
    | PaymentFailed
    | PaymentExpired
    | ProviderFeeReported
    | RefundsSettled
    | RefundFailed
    | ChargebackOpened
    | ChargebackClosed
    | TransferCreated
    | TransferFailed
    | TransferReversed
    | AccountUpdated
)


@dataclass(frozen=True)
class ReportedTransaction:
    """One entry of a provider's own transactions list (Xendit's Transactions API), in whole
    rupiah: `fee_idr` is what the provider kept (its fee and the VAT on it)."""

    transaction_id: str
    type: str  # PAYMENT, DISBURSEMENT, REFUND ...
    status: str  # SUCCESS, PENDING, FAILED, VOIDED, REVERSED
    reference_id: str | None
    product_id: str | None
    amount_idr: int
    fee_idr: int
    created: datetime


@dataclass(frozen=True)
class VerifiedWebhook:
    """A provider event whose signature checked out, as received."""

    event_id: str
    type: str
    payload: dict[str, Any]


class PaymentGateway(Protocol):
    provider: ClassVar[PaymentProvider]

    async def create_charge(
        self, *, payment: Payment, contract: Contract, milestone: Milestone
    ) -> ChargeResult:
        """Create (or, with the same payment, find again) the provider's charge."""
        ...

    async def retrieve_charge(self, payment: Payment) -> ChargeResult:
        """The provider's current view of a payment created earlier."""
        ...

    async def cancel_charge(self, payment: Payment) -> None:
        """Stop the provider taking money for a payment we no longer want (best effort)."""
        ...

    async def refund(self, *, refund: Refund, payment: Payment) -> RefundResult:
        """Refund `refund.amount_idr` of the payment (all or part of it)."""
        ...

    async def transfer(
        self,
        *,
        payout: Payout,
        payment: Payment | None,
        account: PayoutAccount,
        transfer_group: str,
    ) -> TransferResult:
        """Pay a creative: their connected account, bank account or e-wallet."""
        ...

    async def onboard_payout_account(
        self, *, user_id: uuid.UUID, email: str, account_id: str | None
    ) -> OnboardingResult:
        """Create the creative's payout account if needed and a link to finish onboarding."""
        ...

    def verify_webhook(self, payload: bytes, signature: str | None) -> VerifiedWebhook:
        """Check the signature on the raw body; raise InvalidWebhookSignature if it fails."""
        ...

    def interpret(self, event_type: str, payload: dict[str, Any]) -> ProviderEvent | None:
        """The internal meaning of a stored event, or None for types we ignore."""
        ...


def payment_gateway(provider: PaymentProvider | None = None) -> PaymentGateway:
    """The configured provider's gateway, or the one that created an existing payment."""
    from app.services.payments.sandbox_gateway import SandboxGateway
    from app.services.payments.stripe_gateway import StripeGateway
    from app.services.payments.xendit_gateway import XenditGateway

    settings = get_settings()
    chosen = provider or PaymentProvider(settings.payment_provider)
    if chosen is PaymentProvider.stripe:
        return StripeGateway.from_settings(settings)
    if chosen is PaymentProvider.xendit:
        return XenditGateway(settings)
    return SandboxGateway(settings)


def metadata_uuid(metadata: Any, name: str) -> uuid.UUID | None:
    """Our id from a provider object's metadata, if it is there and well formed."""
    if not isinstance(metadata, dict):
        return None
    value = metadata.get(name)
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None
