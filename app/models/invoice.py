"""Documents for the owner: a receipt per funded milestone, and a tax invoice (faktur) for the
platform fee with its PPN, numbered without gaps per year."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin
from app.models.types import str_enum


class DocumentKind(StrEnum):
    receipt = "receipt"  # the owner paid a milestone into escrow
    tax_invoice = "tax_invoice"  # the platform fee on a release, with PPN


class InvoiceCounter(Base):
    """The last tax invoice number of a year; its row lock makes numbering gapless."""

    __tablename__ = "invoice_counters"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_number: Mapped[int]


class ContractDocument(IdMixin, Base):
    __tablename__ = "contract_documents"
    __table_args__ = (
        UniqueConstraint("kind", "year", "sequence", name="uq_contract_documents_kind_year_seq"),
    )

    kind: Mapped[DocumentKind] = mapped_column(str_enum(DocumentKind, "document_kind"))
    number: Mapped[str] = mapped_column(String(40), unique=True)
    year: Mapped[int]
    sequence: Mapped[int]
    contract_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("contracts.id"), index=True)
    milestone_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("milestones.id"))
    payment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("payments.id"))
    # The buyer as named when the document was issued (the business, for the owner).
    buyer_name: Mapped[str] = mapped_column(String(200))
    # The buyer's NPWP as it was at issue (tax invoices only); shown whole to owner and admins.
    buyer_npwp: Mapped[str | None] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(String(500))
    # Receipt: amount paid. Tax invoice: DPP (the fee), PPN, and the total.
    amount_idr: Mapped[int]
    dpp_idr: Mapped[int] = mapped_column(default=0)
    ppn_idr: Mapped[int] = mapped_column(default=0)
    issued_at: Mapped[datetime] = mapped_column(server_default=func.now())
