"""Escrow: funding, cancelling, disputing and releasing milestones; payouts and the ledger."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Annotated, Protocol

from pydantic import ConfigDict, Field, Strict, StringConstraints, model_validator
from pydantic.config import JsonDict

from app.models import (
    DisputeKind,
    DisputeStatus,
    LedgerEntry,
    LedgerKind,
    LedgerTransaction,
    Milestone,
    Payment,
    PaymentMethod,
    PaymentProvider,
    PaymentStatus,
    Refund,
    RefundReason,
    RefundStatus,
)
from app.schemas.common import (
    MAX_AMOUNT_IDR,
    LongText,
    RequestModel,
    ResponseModel,
    Timestamp,
)
from app.schemas.contracts import MilestoneRead

_IDS = {
    "payment": "01937b72-4c10-7d01-9a11-2b3c4d5e6f70",
    "milestone": "01937b71-1d22-7c55-8a6f-4e3d2c1b0a99",
    "contract": "01937b71-0a00-7b00-9c00-1d2e3f405162",
    "dispute": "01937b74-8e21-7f03-8c33-4d5e6f708192",
    "owner": "01937b6c-1a2b-7c3d-8e4f-5a6b7c8d9e0f",
    "creative": "01937b6e-2f4a-7c3e-9a51-6a1d2b3c4d5e",
    "admin": "01937b60-0000-7000-8000-000000000001",
}
_MILESTONE_EXAMPLE: JsonDict = {
    "id": _IDS["milestone"],
    "contract_id": _IDS["contract"],
    "position": 1,
    "title": "Seluruh pekerjaan",
    "amount_idr": 2_500_000,
    "due_date": "2026-12-09",
    "status": "released",
    "submission_note": "Desain final terlampir.",
    "deliverable_urls": ["https://drive.google.com/drive/folders/1AbCdEf"],
    "change_request_note": None,
    "revision_count": 0,
    "submitted_at": "2026-12-01T09:30:00Z",
    "approved_at": "2026-12-02T10:00:00Z",
    "funded_at": "2026-11-26T03:00:00Z",
    "auto_release_at": None,
    "released_at": "2026-12-02T10:00:00Z",
    "released_idr": 2_500_000,
    "refunded_idr": 0,
}
_REFUND_EXAMPLE: JsonDict = {
    "id": "01937b73-5a00-7c00-8d00-9e0fa1b2c3d4",
    "amount_idr": 2_500_000,
    "reason": "cancellation",
    "status": "succeeded",
    "created_at": "2026-11-27T02:00:00Z",
}
Statement = Annotated[LongText, Field(min_length=20)]
SplitIDR = Annotated[
    int, Strict(), Field(ge=0, le=MAX_AMOUNT_IDR, description="Whole rupiah, may be 0")
]


class FeeAmounts(Protocol):
    """What releasing an amount costs (`app.services.fees.FeeSplit` is one)."""

    @property
    def fee_idr(self) -> int: ...
    @property
    def ppn_idr(self) -> int: ...
    @property
    def creative_share_idr(self) -> int: ...


class FundingRead(ResponseModel):
    """The escrow payment for a milestone and what releasing it will cost the creative."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "payment_id": _IDS["payment"],
                "milestone_id": _IDS["milestone"],
                "provider": "stripe",
                "status": "pending",
                "client_secret": "pi_3Qx_secret_9fK2",
                "amount_idr": 2_500_000,
                "fee_idr": 250_000,
                "ppn_idr": 27_500,
                "creative_share_idr": 2_222_500,
                "method": "card",
                "channel": None,
                "expires_at": None,
                "qr_string": None,
                "qr_png_data_url": None,
                "va_number": None,
                "bank": None,
                "redirect_url": None,
                "deeplink_url": None,
            }
        }
    )

    payment_id: uuid.UUID
    milestone_id: uuid.UUID
    provider: PaymentProvider
    status: PaymentStatus
    method: PaymentMethod = PaymentMethod.card
    channel: str | None = Field(default=None, description="The VA's bank or the e-wallet")
    client_secret: str | None = Field(
        description="Confirm the payment with it in Stripe.js (sandbox: use the sandbox endpoints)"
    )
    expires_at: Timestamp | None = Field(
        default=None, description="QRIS, VA and e-wallet payments expire; fund again after"
    )
    qr_string: str | None = Field(default=None, description="QRIS payload to render as a QR")
    qr_png_data_url: str | None = Field(default=None, description="The same QR as a PNG")
    va_number: str | None = Field(default=None, description="Transfer the exact amount here")
    bank: str | None = Field(default=None, description="The virtual account's bank")
    redirect_url: str | None = Field(default=None, description="E-wallet checkout page")
    deeplink_url: str | None = Field(default=None, description="Opens the e-wallet app")

    @classmethod
    def from_row(
        cls, payment: Payment, split: FeeAmounts, *, qr_png_data_url: str | None = None
    ) -> FundingRead:
        shown = payment.instructions or {}
        qr_string = shown.get("qr_string")
        return cls(
            payment_id=payment.id,
            milestone_id=payment.milestone_id,
            provider=payment.provider,
            status=payment.status,
            method=payment.method,
            channel=payment.channel,
            client_secret=payment.client_secret,
            expires_at=payment.expires_at,
            qr_string=qr_string,
            qr_png_data_url=qr_png_data_url if qr_string else None,
            va_number=shown.get("va_number"),
            bank=shown.get("bank"),
            redirect_url=shown.get("redirect_url"),
            deeplink_url=shown.get("deeplink_url"),
            amount_idr=payment.amount_idr,
            fee_idr=split.fee_idr,
            ppn_idr=split.ppn_idr,
            creative_share_idr=split.creative_share_idr,
        )

    amount_idr: int = Field(description="What the owner pays into escrow")
    fee_idr: int = Field(description="Platform fee, taken from the release (floor of the rate)")
    ppn_idr: int = Field(description="PPN on the fee, shown separately (floor of the rate)")
    creative_share_idr: int = Field(description="What the creative receives on full release")


class FundingCreate(RequestModel):
    """How the owner pays. Without a body: a card (Stripe; the sandbox in development)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"method": "qris"},
                {"method": "va", "bank": "BCA"},
                {"method": "ewallet", "channel": "OVO"},
                {"method": "card"},
            ]
        }
    )

    method: PaymentMethod = PaymentMethod.card
    bank: Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{3,10}$")] | None = Field(
        default=None, description="For `va`: BCA, BNI, BRI, MANDIRI or PERMATA"
    )
    channel: Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{3,12}$")] | None = Field(
        default=None, description="For `ewallet`: OVO, DANA or SHOPEEPAY"
    )

    @property
    def chosen_channel(self) -> str | None:
        return self.bank if self.method is PaymentMethod.va else self.channel


class MethodLimitRead(ResponseModel):
    method: PaymentMethod
    provider: PaymentProvider
    min_idr: int
    max_idr: int
    channels: list[str] = Field(description="Banks (va) or e-wallets (ewallet); empty otherwise")


class PaymentMethodsRead(ResponseModel):
    """What this deployment accepts, and the amount limits checked before any provider call."""

    data: list[MethodLimitRead]


class PaymentRead(ResponseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "example": {
                "id": _IDS["payment"],
                "milestone_id": _IDS["milestone"],
                "contract_id": _IDS["contract"],
                "provider": "sandbox",
                "status": "succeeded",
                "amount_idr": 2_500_000,
                "failure_code": None,
                "failure_message": None,
                "succeeded_at": "2026-12-01T09:30:00Z",
                "created_at": "2026-12-01T09:29:10Z",
            }
        },
    )

    id: uuid.UUID
    milestone_id: uuid.UUID
    contract_id: uuid.UUID
    provider: PaymentProvider
    method: PaymentMethod = PaymentMethod.card
    status: PaymentStatus
    amount_idr: int
    failure_code: str | None
    failure_message: str | None
    succeeded_at: Timestamp | None
    created_at: Timestamp


class MilestoneCancel(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={"example": {"reason": "Acara pameran dibatalkan, desain tidak jadi."}}
    )

    reason: Annotated[LongText, Field(max_length=1000)] = ""


class RefundRead(ResponseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={"example": _REFUND_EXAMPLE},
    )

    id: uuid.UUID
    amount_idr: int
    reason: RefundReason
    status: RefundStatus
    created_at: Timestamp
    bank_reference: str | None = Field(
        default=None, description="Set when an admin paid a refused refund by bank transfer"
    )


class CancellationRead(ResponseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "milestone": {
                    **_MILESTONE_EXAMPLE,
                    "status": "refunded",
                    "released_at": None,
                    "released_idr": 0,
                    "refunded_idr": 2_500_000,
                },
                "refund": _REFUND_EXAMPLE,
            }
        }
    )

    milestone: MilestoneRead
    refund: RefundRead | None = Field(description="Null when nothing was paid in yet")

    @classmethod
    def from_row(cls, milestone: Milestone, refund: Refund | None) -> CancellationRead:
        return cls(
            milestone=MilestoneRead.model_validate(milestone),
            refund=RefundRead.model_validate(refund) if refund is not None else None,
        )


class DisputeCreate(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {"reason": "File yang dikirim bukan desain final yang disepakati bersama."}
        }
    )

    reason: Statement


class DisputeAnswer(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "statement": "Desain final sudah dikirim 3 Desember; file PDF siap cetak terlampir."
            }
        }
    )

    statement: Statement


class DisputeResolve(RequestModel):
    """How the admin splits the held amount: the two parts must add up to it exactly."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "release_idr": 1_500_000,
                "refund_idr": 1_000_000,
                "note": "Dua dari tiga desain diterima; sisanya dikembalikan ke pemilik usaha.",
            }
        }
    )

    release_idr: SplitIDR
    refund_idr: SplitIDR
    note: Annotated[LongText, Field(min_length=1)]

    @model_validator(mode="after")
    def _something_to_split(self) -> DisputeResolve:
        if self.release_idr + self.refund_idr == 0:
            raise ValueError("release_idr and refund_idr cannot both be 0")
        return self


class DisputeRead(ResponseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "example": {
                "id": _IDS["dispute"],
                "milestone_id": _IDS["milestone"],
                "contract_id": _IDS["contract"],
                "kind": "platform",
                "status": "resolved",
                "opened_by_user_id": _IDS["owner"],
                "reason": "File yang dikirim bukan desain final yang disepakati.",
                "response": "Desain final sudah dikirim 3 Desember.",
                "respond_by": "2026-12-08T09:00:00Z",
                "decide_by": "2026-12-17T09:00:00Z",
                "release_idr": 1_500_000,
                "refund_idr": 1_000_000,
                "resolution_note": "Dua dari tiga desain diterima.",
                "resolved_at": "2026-12-10T04:00:00Z",
                "created_at": "2026-12-03T09:00:00Z",
            }
        },
    )

    id: uuid.UUID
    milestone_id: uuid.UUID
    contract_id: uuid.UUID
    kind: DisputeKind
    status: DisputeStatus
    opened_by_user_id: uuid.UUID | None
    reason: str
    response: str | None
    respond_by: Timestamp = Field(description="The other party answers by then")
    decide_by: Timestamp = Field(description="An admin decides by then")
    release_idr: int | None
    refund_idr: int | None
    resolution_note: str | None
    resolved_at: Timestamp | None
    created_at: Timestamp


class LedgerEntryRead(ResponseModel):
    model_config = ConfigDict(from_attributes=True)

    account: str
    amount_idr: int = Field(description="Positive: into the account; negative: out of it")


class LedgerTransactionRead(ResponseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": "01937b75-0000-7000-8000-00000000a001",
                "kind": "release",
                "milestone_id": _IDS["milestone"],
                "payment_id": _IDS["payment"],
                "refund_id": None,
                "payout_id": None,
                "dispute_id": None,
                "memo": "Release of milestone 'Seluruh pekerjaan': fee 250000, PPN 27500",
                "created_at": "2026-12-02T10:00:00Z",
                "entries": [
                    {"account": f"escrow:{_IDS['milestone']}", "amount_idr": -2_500_000},
                    {"account": f"creative_payable:{_IDS['creative']}", "amount_idr": 2_222_500},
                    {"account": "platform_revenue", "amount_idr": 250_000},
                    {"account": "ppn_payable", "amount_idr": 27_500},
                ],
            }
        }
    )

    id: uuid.UUID
    kind: LedgerKind
    milestone_id: uuid.UUID | None
    payment_id: uuid.UUID | None
    refund_id: uuid.UUID | None
    payout_id: uuid.UUID | None
    dispute_id: uuid.UUID | None
    memo: str
    created_at: Timestamp
    entries: list[LedgerEntryRead]

    @classmethod
    def from_row(
        cls, transaction: LedgerTransaction, entries: Sequence[LedgerEntry]
    ) -> LedgerTransactionRead:
        return cls(
            id=transaction.id,
            kind=transaction.kind,
            milestone_id=transaction.milestone_id,
            payment_id=transaction.payment_id,
            refund_id=transaction.refund_id,
            payout_id=transaction.payout_id,
            dispute_id=transaction.dispute_id,
            memo=transaction.memo,
            created_at=transaction.created_at,
            entries=[LedgerEntryRead.model_validate(e) for e in entries],
        )


class AccountBalance(ResponseModel):
    account: str
    balance_idr: int


class ContractLedgerRead(ResponseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "contract_id": _IDS["contract"],
                "balances": [
                    {"account": f"creative_payable:{_IDS['creative']}", "balance_idr": 2_222_500},
                    {"account": f"escrow:{_IDS['milestone']}", "balance_idr": 0},
                    {"account": "owner_funding", "balance_idr": -2_500_000},
                    {"account": "platform_revenue", "balance_idr": 250_000},
                    {"account": "ppn_payable", "balance_idr": 27_500},
                ],
                "balanced": True,
                "escrow_held_idr": 0,
            }
        }
    )

    contract_id: uuid.UUID
    balances: list[AccountBalance] = Field(description="What this contract moved, per account")
    balanced: bool = Field(description="The contract's entries sum to zero")
    escrow_held_idr: int

    @classmethod
    def from_balances(
        cls, contract_id: uuid.UUID, balances: Mapping[str, int]
    ) -> ContractLedgerRead:
        """Balances per account; the escrow held is what the `escrow:*` accounts still hold."""
        return cls(
            contract_id=contract_id,
            balances=[AccountBalance(account=a, balance_idr=b) for a, b in balances.items()],
            balanced=sum(balances.values()) == 0,
            escrow_held_idr=sum(v for k, v in balances.items() if k.startswith("escrow:")),
        )


class AccountTypeTotalRead(ResponseModel):
    model_config = ConfigDict(from_attributes=True)

    account_type: str = Field(description="`escrow`, `creative_payable`, `platform_revenue` ...")
    accounts: int
    balance_idr: int


# Built with `model_validate` from `app.services.ledger.LedgerHealth` (its properties included).
class LedgerSummaryRead(ResponseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "example": {
                "totals": [
                    {"account_type": "creative_payable", "accounts": 12, "balance_idr": 8_890_000},
                    {"account_type": "escrow", "accounts": 30, "balance_idr": 7_500_000},
                    {"account_type": "owner_funding", "accounts": 1, "balance_idr": -31_000_000},
                    {"account_type": "payouts_out", "accounts": 1, "balance_idr": 11_112_500},
                    {"account_type": "platform_revenue", "accounts": 1, "balance_idr": 2_250_000},
                    {"account_type": "ppn_payable", "accounts": 1, "balance_idr": 247_500},
                    {"account_type": "refunds_out", "accounts": 1, "balance_idr": 1_000_000},
                ],
                "sum_idr": 0,
                "transactions": 96,
                "balanced": True,
                "consistent": True,
                "unbalanced_transactions": [],
                "escrow_mismatches": [],
            }
        },
    )

    totals: list[AccountTypeTotalRead]
    sum_idr: int = Field(description="Always 0 in a healthy ledger")
    transactions: int
    balanced: bool = Field(description="Every transaction sums to zero")
    consistent: bool = Field(
        description="Balanced, and every milestone's escrow holds exactly what its state says"
    )
    unbalanced_transactions: list[uuid.UUID] = Field(description="Up to 100")
    escrow_mismatches: list[uuid.UUID] = Field(description="Milestone ids, up to 100")
