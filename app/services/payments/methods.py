"""The ways an owner can pay, who carries each, and the amounts each accepts.

Limits are whole rupiah per transaction, checked before any provider is called. The maxima
are the providers' documented per-transaction limits (Xendit's channel pages: QRIS
10.000.000, the BI cap for one QRIS payment; OVO, DANA and ShopeePay 20.000.000); the minima
are the platform's own, so that no payment costs more in fees than it is worth (a Rp1 card
charge). Virtual accounts allow far more at the bank; the platform caps them at its largest
milestone.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.config import Settings, get_settings
from app.core.errors import Unprocessable
from app.models import PaymentMethod, PaymentProvider
from app.schemas.escrow import MethodLimitRead, PaymentMethodsRead


@dataclass(frozen=True)
class MethodLimits:
    min_idr: int
    max_idr: int


LIMITS: dict[PaymentMethod, MethodLimits] = {
    PaymentMethod.card: MethodLimits(10_000, 1_000_000_000),
    PaymentMethod.qris: MethodLimits(1_500, 10_000_000),
    PaymentMethod.va: MethodLimits(10_000, 1_000_000_000),
    PaymentMethod.ewallet: MethodLimits(1_000, 20_000_000),
}
# The main banks' virtual accounts and the e-wallets offered (Xendit channel codes).
VA_BANKS = ("BCA", "BNI", "BRI", "MANDIRI", "PERMATA")
EWALLET_CHANNELS = ("OVO", "DANA", "SHOPEEPAY")
CHANNELS: dict[PaymentMethod, tuple[str, ...]] = {
    PaymentMethod.va: VA_BANKS,
    PaymentMethod.ewallet: EWALLET_CHANNELS,
}


class AmountBelowMethodMinimum(Unprocessable):
    code, title = "amount_below_method_minimum", "The amount is below this method's minimum"


class AmountAboveMethodMaximum(Unprocessable):
    code, title = (
        "amount_above_method_maximum",
        "The amount is above what this method accepts in one payment",
    )


class PaymentChannelRequired(Unprocessable):
    code, title = (
        "payment_channel_required",
        "This method needs a bank (virtual account) or an e-wallet channel",
    )


class PaymentChannelUnsupported(Unprocessable):
    code, title = "payment_channel_unsupported", "This bank or e-wallet is not offered"


def provider_for(method: PaymentMethod, settings: Settings | None = None) -> PaymentProvider:
    """Cards go to Stripe, Indonesia's own methods to Xendit; either is the sandbox when its
    provider is not configured (development)."""
    settings = settings or get_settings()
    chosen = settings.payment_provider if method is PaymentMethod.card else None
    return PaymentProvider(chosen or settings.local_payment_provider)


def check_method(method: PaymentMethod, channel: str | None, amount_idr: int) -> str | None:
    """The channel to use (upper-case) if the amount and channel suit the method."""
    choices = CHANNELS.get(method)
    if choices is None:
        channel = None
    elif channel is None:
        raise PaymentChannelRequired(f"Choose one of {', '.join(choices)}", choices=list(choices))
    elif channel.upper() not in choices:
        raise PaymentChannelUnsupported(
            f"{channel} is not one of {', '.join(choices)}", choices=list(choices)
        )
    limits = LIMITS[method]
    if amount_idr < limits.min_idr:
        raise AmountBelowMethodMinimum(
            f"{method.value} takes at least Rp{limits.min_idr}", min_idr=limits.min_idr
        )
    if amount_idr > limits.max_idr:
        raise AmountAboveMethodMaximum(
            f"{method.value} takes at most Rp{limits.max_idr} in one payment",
            max_idr=limits.max_idr,
        )
    return channel.upper() if channel else None


def accepted_methods() -> PaymentMethodsRead:
    """Every method this deployment takes, its provider and limits."""
    settings = get_settings()
    return PaymentMethodsRead(
        data=[
            MethodLimitRead(
                method=method,
                provider=provider_for(method, settings),
                min_idr=LIMITS[method].min_idr,
                max_idr=LIMITS[method].max_idr,
                channels=list(CHANNELS.get(method, ())),
            )
            for method in PaymentMethod
        ]
    )
