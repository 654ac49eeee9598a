"""The daily reconciliation of the ledger against what each provider reported."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from app.models import PaymentProvider
from app.schemas.common import ResponseModel


class ReconciliationDifference(ResponseModel):
    kind: str = Field(description="`payment`, `refund` or `payout`")
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
    differences: list[ReconciliationDifference]


class ReconciliationRead(ResponseModel):
    """One WIB day: per provider, what the ledger booked against what the provider reported in
    the events stored that day; every difference listed."""

    date: dt.date
    providers: list[ProviderReconciliation]
    balanced: bool = Field(description="No differences at all")
