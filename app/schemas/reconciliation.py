"""The daily reconciliation of the ledger against what each provider reported."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from app.models import PaymentProvider
from app.schemas.common import ResponseModel


class ReconciliationDifference(ResponseModel):
    kind: str = Field(description="`payment`, `refund`, `payout` or `fee`")
    reference: str = Field(description="Our id (and the provider's, where known)")
    ledger_idr: int
    provider_idr: int


class ProviderReconciliation(ResponseModel):
    provider: PaymentProvider
    ledger_received_idr: int
    provider_received_idr: int
    ledger_refunded_idr: int
    provider_refunded_idr: int
    ledger_paid_out_idr: int
    provider_paid_out_idr: int
    ledger_fees_idr: int = Field(
        0, description="Fees booked for the provider's transactions listed that day"
    )
    provider_fees_idr: int = Field(0, description="Fees in the provider's transactions list")
    source: str = Field(
        "events",
        description="Where the provider's side comes from: `transactions` (its transactions "
        "list, Xendit) or `events` (the reports stored that day)",
    )
    source_error: str | None = Field(
        None, description="Why the transactions list could not be read (events used instead)"
    )
    differences: list[ReconciliationDifference]


class ReconciliationRead(ResponseModel):
    """One WIB day: per provider, what the ledger booked against what the provider reported in
    the events stored that day; every difference listed."""

    date: dt.date
    providers: list[ProviderReconciliation]
    balanced: bool = Field(description="No differences at all")
