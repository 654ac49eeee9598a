"""Payout accounts, earnings and payouts of creatives (and the admin's manual payouts)."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StringConstraints

from app.models import PayoutAccount, PayoutMethod, PayoutStatus
from app.schemas.common import MoneyIDR, Name, RequestModel, ResponseModel, Timestamp

_CREATIVE = "01937b6e-2f4a-7c3e-9a51-6a1d2b3c4d5e"


class StripePayoutSetup(RequestModel):
    model_config = ConfigDict(json_schema_extra={"example": {"method": "stripe_connect"}})

    method: Literal["stripe_connect"]


class BankPayoutSetup(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "method": "manual",
                "bank_code": "014",
                "account_number": "0881234567",
                "account_holder_name": "Dimas Prasetyo",
            }
        }
    )

    method: Literal["manual"]
    bank_code: Annotated[
        str,
        StringConstraints(pattern=r"^[A-Za-z0-9_]{2,20}$"),
        Field(description="BI bank code (e.g. 014 BCA) or the bank's short name"),
    ]
    account_number: Annotated[str, StringConstraints(pattern=r"^[0-9]{6,20}$")]
    account_holder_name: Name


class XenditPayoutSetup(RequestModel):
    """A bank account or an e-wallet (its phone number) that Xendit pays out to."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "method": "xendit",
                "destination": "ewallet",
                "channel": "OVO",
                "account_number": "081234567890",
                "account_holder_name": "Dimas Prasetyo",
            }
        }
    )

    method: Literal["xendit"]
    destination: Literal["bank", "ewallet"]
    channel: Annotated[
        str,
        StringConstraints(pattern=r"^[A-Z_]{2,20}$"),
        Field(description="A bank (BCA, BNI, BRI, MANDIRI ...) or e-wallet (OVO, DANA ...) code"),
    ]
    account_number: Annotated[
        str,
        StringConstraints(pattern=r"^[0-9]{6,20}$"),
        Field(description="The bank account number, or the e-wallet's phone number (08...)"),
    ]
    account_holder_name: Name


PayoutAccountUpdate = Annotated[
    StripePayoutSetup | BankPayoutSetup | XenditPayoutSetup, Field(discriminator="method")
]


class PayoutAccountRead(ResponseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "method": "stripe_connect",
                "payouts_enabled": False,
                "stripe_account_id": "acct_1QxYz",
                "onboarding_url": "https://connect.stripe.com/setup/e/acct_1QxYz/abc",
                "bank_code": None,
                "account_number_last4": None,
                "account_holder_name": None,
            }
        }
    )

    method: PayoutMethod
    payouts_enabled: bool
    stripe_account_id: str | None
    onboarding_url: str | None = Field(description="Finish Stripe onboarding here (once)")
    bank_code: str | None
    account_number_last4: str | None
    account_holder_name: str | None

    @classmethod
    def from_row(cls, account: PayoutAccount, onboarding_url: str | None) -> PayoutAccountRead:
        """The account number is shown by its last four digits only."""
        number = account.bank_account_number
        return cls(
            method=account.method,
            payouts_enabled=account.payouts_enabled,
            stripe_account_id=account.stripe_account_id,
            onboarding_url=onboarding_url,
            bank_code=account.bank_code,
            account_number_last4=number[-4:] if number else None,
            account_holder_name=account.account_holder_name,
        )


class EarningsRead(ResponseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "held_idr": 2_222_500,
                "available_idr": 1_333_500,
                "in_transit_idr": 0,
                "paid_out_idr": 4_445_000,
                "payout_mode": "manual",
            }
        }
    )

    held_idr: int = Field(description="Your share of milestones funded and not yet released")
    available_idr: int = Field(description="Released to you and not yet paid out")
    in_transit_idr: int = Field(description="Payouts being sent")
    paid_out_idr: int
    payout_mode: str


class PayoutRead(ResponseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "example": {
                "id": "01937b76-0000-7000-8000-00000000b001",
                "creative_user_id": _CREATIVE,
                "milestone_id": None,
                "amount_idr": 2_222_500,
                "method": "manual",
                "status": "paid",
                "reference": "BIFAST-20261203-0001234",
                "provider_transfer_id": None,
                "paid_at": "2026-12-03T02:00:00Z",
                "created_at": "2026-12-03T02:00:00Z",
            }
        },
    )

    id: uuid.UUID
    creative_user_id: uuid.UUID
    milestone_id: uuid.UUID | None
    amount_idr: int
    method: PayoutMethod
    status: PayoutStatus
    reference: str | None
    provider_transfer_id: str | None
    failure_message: str | None = Field(None, description="Why the provider refused it")
    retry_of_payout_id: uuid.UUID | None = Field(
        None, description="The failed payout this one sends again (after an account fix)"
    )
    paid_at: Timestamp | None
    created_at: Timestamp


BankReference = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9][A-Za-z0-9 ./_-]{3,99}$"),
    Field(description="The bank's transfer reference; one transfer is recorded once"),
]


class ManualPayoutCreate(RequestModel):
    """A bank transfer an admin already made to a creative (e.g. BI-FAST)."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "creative_user_id": _CREATIVE,
                "amount_idr": 2_222_500,
                "reference": "BIFAST-20261203-0001234",
            }
        }
    )

    creative_user_id: uuid.UUID
    amount_idr: MoneyIDR
    reference: BankReference


class PayoutReverse(RequestModel):
    """The bank returned a manual transfer (closed account, wrong number)."""

    model_config = ConfigDict(json_schema_extra={"example": {"reason": "Rekening ditutup"}})

    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=500)]


class RefundSettle(RequestModel):
    """The bank transfer an admin made to pay back a refund the provider refused."""

    model_config = ConfigDict(
        json_schema_extra={"example": {"bank_reference": "BIFAST-20261205-0009876"}}
    )

    bank_reference: BankReference


class PayableRead(ResponseModel):
    """A creative the platform owes money to, with where to send it."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "creative_user_id": _CREATIVE,
                "available_idr": 2_222_500,
                "payout_method": "manual",
                "bank_code": "014",
                "account_number": "0881234567",
                "account_holder_name": "Dimas Prasetyo",
            }
        }
    )

    creative_user_id: uuid.UUID
    available_idr: int
    payout_method: PayoutMethod | None
    bank_code: str | None
    account_number: str | None
    account_holder_name: str | None

    @classmethod
    def from_row(
        cls, creative_user_id: uuid.UUID, available_idr: int, account: PayoutAccount | None
    ) -> PayableRead:
        return cls(
            creative_user_id=creative_user_id,
            available_idr=available_idr,
            payout_method=account.method if account else None,
            bank_code=account.bank_code if account else None,
            account_number=account.bank_account_number if account else None,
            account_holder_name=account.account_holder_name if account else None,
        )
