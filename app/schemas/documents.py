"""Receipts and tax invoices of a contract, as JSON (the PDF has the same content)."""

from __future__ import annotations

import uuid

from pydantic import ConfigDict, Field

from app.models import ContractDocument, DocumentKind
from app.schemas.common import ResponseModel, Timestamp
from app.schemas.npwp import masked_npwp


class DocumentRead(ResponseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "example": {
                "id": "01937b80-0000-7000-8000-0000000000d1",
                "kind": "tax_invoice",
                "number": "PK/2026/000042",
                "milestone_id": "01937b71-1d22-7c55-8a6f-4e3d2c1b0a99",
                "buyer_name": "Batik Tulis Sari",
                "buyer_npwp": "012345678901000",
                "description": "Biaya layanan platform: Desain kemasan - Seluruh pekerjaan",
                "amount_idr": 277_500,
                "dpp_idr": 250_000,
                "ppn_idr": 27_500,
                "issued_at": "2026-12-02T10:00:00Z",
            }
        },
    )

    id: uuid.UUID
    kind: DocumentKind
    number: str = Field(description="Tax invoices: PK/<year>/<6 digits>, gapless per year")
    milestone_id: uuid.UUID
    buyer_name: str
    buyer_npwp: str | None = Field(
        description="The business's NPWP on tax invoices; masked for anyone but the owner and "
        "admins; null on receipts or when none was recorded"
    )
    description: str
    amount_idr: int = Field(description="Receipt: paid; tax invoice: DPP + PPN")
    dpp_idr: int = Field(description="Tax base (the platform fee); 0 on receipts")
    ppn_idr: int = Field(description="PPN on the fee; 0 on receipts")
    issued_at: Timestamp

    @classmethod
    def from_row(cls, document: ContractDocument, *, show_npwp: bool) -> DocumentRead:
        read = cls.model_validate(document)
        if not show_npwp:
            read.buyer_npwp = masked_npwp(document.buyer_npwp)
        return read


class DocumentList(ResponseModel):
    data: list[DocumentRead]
