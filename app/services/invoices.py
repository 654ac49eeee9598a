"""Receipts and tax invoices for owners.

A receipt is issued when a milestone's payment is booked (`RC/<year>/<payment id in hex>`); a tax
invoice when money is released, for the platform fee (the DPP) and the PPN on it, the rates
snapshotted on the payment. Tax invoice numbers are `PK/<year>/<6 digits>` without gaps: the
year's counter row is incremented with `INSERT ... ON CONFLICT DO UPDATE ... RETURNING` in the
transaction that books the release, so its row lock serialises issuers and a rolled-back
release rolls its number back too. The PDF is rendered on request (fpdf2, pure Python) from
the stored row, so it always says what the JSON says.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from fpdf import FPDF
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import JAKARTA
from app.core.errors import NotFound
from app.core.principal import Principal
from app.models import (
    Business,
    Contract,
    ContractDocument,
    DocumentKind,
    InvoiceCounter,
    Milestone,
    Payment,
    UserRole,
)
from app.schemas.documents import DocumentList, DocumentRead
from app.schemas.npwp import masked_npwp
from app.services.contracts import ContractNotFound, is_party
from app.services.fees import FeeSplit

SELLER = "Pasar Kreatif"


class DocumentNotFound(NotFound):
    code, title = "document_not_found", "Document not found"


def _year() -> int:
    return datetime.now(JAKARTA).year


async def _buyer(session: AsyncSession, contract: Contract) -> tuple[str, str | None]:
    """The business's name and NPWP as they are now (copied onto the document)."""
    row = (
        await session.execute(
            select(Business.name, Business.npwp).where(Business.id == contract.business_id)
        )
    ).first()
    return (str(row.name), row.npwp) if row else ("", None)


def _sees_npwp(principal: Principal, contract: Contract) -> bool:
    """The buyer's NPWP is the owner's (a sole trader's NIK): whole for them and admins."""
    return principal.id == contract.owner_id or principal.role is UserRole.admin


async def issue_receipt(
    session: AsyncSession, contract: Contract, milestone: Milestone, payment: Payment
) -> None:
    """The owner's receipt for a milestone paid into escrow."""
    year = _year()
    session.add(
        ContractDocument(
            kind=DocumentKind.receipt,
            number=f"RC/{year}/{payment.id.hex.upper()}",
            year=year,
            sequence=payment.id.int % 10**15,
            contract_id=contract.id,
            milestone_id=milestone.id,
            payment_id=payment.id,
            buyer_name=(await _buyer(session, contract))[0],
            description=f"Dana escrow: {contract.title} - {milestone.title}"[:500],
            amount_idr=payment.amount_idr,
            dpp_idr=0,
            ppn_idr=0,
        )
    )
    await session.flush()


async def issue_tax_invoice(
    session: AsyncSession,
    contract: Contract,
    milestone: Milestone,
    payment: Payment,
    split: FeeSplit,
) -> None:
    """The tax invoice for the platform fee of a release, with the next number of the year."""
    if split.fee_idr <= 0:
        return
    year = _year()
    sequence = await session.scalar(
        insert(InvoiceCounter)
        .values(year=year, last_number=1)
        .on_conflict_do_update(
            index_elements=[InvoiceCounter.year],
            set_={"last_number": InvoiceCounter.last_number + 1},
        )
        .returning(InvoiceCounter.last_number)
    )
    assert sequence is not None
    buyer_name, buyer_npwp = await _buyer(session, contract)
    session.add(
        ContractDocument(
            kind=DocumentKind.tax_invoice,
            number=f"PK/{year}/{sequence:06d}",
            year=year,
            sequence=sequence,
            contract_id=contract.id,
            milestone_id=milestone.id,
            payment_id=payment.id,
            buyer_name=buyer_name,
            buyer_npwp=buyer_npwp,
            description=f"Biaya layanan platform: {contract.title} - {milestone.title}"[:500],
            amount_idr=split.fee_idr + split.ppn_idr,
            dpp_idr=split.fee_idr,
            ppn_idr=split.ppn_idr,
        )
    )
    await session.flush()


async def _owner_contract(
    session: AsyncSession, principal: Principal, contract_id: uuid.UUID
) -> Contract:
    """Documents are the owner's (the buyer); the creative sees them too as a party."""
    contract = await session.get(Contract, contract_id)
    if contract is None or not is_party(principal, contract):
        raise ContractNotFound()
    return contract


async def list_documents(
    session: AsyncSession, *, principal: Principal, contract_id: uuid.UUID
) -> DocumentList:
    """A contract's receipts and tax invoices, oldest first."""
    contract = await _owner_contract(session, principal, contract_id)
    rows = (
        await session.scalars(
            select(ContractDocument)
            .where(ContractDocument.contract_id == contract.id)
            .order_by(ContractDocument.issued_at, ContractDocument.kind, ContractDocument.id)
        )
    ).all()
    shown = _sees_npwp(principal, contract)
    return DocumentList(data=[DocumentRead.from_row(row, show_npwp=shown) for row in rows])


def _rupiah(amount: int) -> str:
    return "Rp" + f"{amount:,}".replace(",", ".")


async def document_pdf(
    session: AsyncSession, *, principal: Principal, contract_id: uuid.UUID, document_id: uuid.UUID
) -> bytes:
    """The document as a PDF (A4), from the stored row."""
    contract = await _owner_contract(session, principal, contract_id)
    document = await session.get(ContractDocument, document_id)
    if document is None or document.contract_id != contract.id:
        raise DocumentNotFound()
    title = "FAKTUR PAJAK (PPN)" if document.kind is DocumentKind.tax_invoice else "KWITANSI"
    pdf = FPDF(format="A4")
    pdf.set_title(f"{title} {document.number}")
    pdf.add_page()
    pdf.set_font("Helvetica", style="B", size=16)
    pdf.cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    issued = document.issued_at.astimezone(JAKARTA).strftime("%d-%m-%Y")
    lines = [
        f"Nomor: {document.number}",
        f"Tanggal: {issued}",
        f"Penjual: {SELLER}",
        f"Pembeli: {document.buyer_name}",
    ]
    if document.kind is DocumentKind.tax_invoice and document.buyer_npwp:
        npwp = document.buyer_npwp
        lines.append(
            f"NPWP Pembeli: {npwp if _sees_npwp(principal, contract) else masked_npwp(npwp)}"
        )
    lines.append(f"Uraian: {document.description}")
    if document.kind is DocumentKind.tax_invoice:
        lines += [
            f"Dasar Pengenaan Pajak (DPP): {_rupiah(document.dpp_idr)}",
            f"PPN: {_rupiah(document.ppn_idr)}",
        ]
    lines.append(f"Jumlah: {_rupiah(document.amount_idr)}")
    for line in lines:
        text = line.encode("latin-1", "replace").decode("latin-1")  # core fonts are Latin-1
        pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
