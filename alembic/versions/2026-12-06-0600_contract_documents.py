"""contract documents: receipts per funded milestone and tax invoices for the platform fee,
numbered without gaps per year (a counter row per year, locked by the issuing transaction)

Revision ID: 0018_contract_documents
Revises: 0017_local_payments
Create Date: 2026-12-06 05:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0018_contract_documents"
down_revision: str | None = "0017_local_payments"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "invoice_counters",
        sa.Column("year", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("last_number", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("year", name="pk_invoice_counters"),
    )
    op.create_table(
        "contract_documents",
        sa.Column(
            "kind",
            sa.Enum(
                "receipt",
                "tax_invoice",
                name="document_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column("year", sa.BigInteger(), nullable=False),
        sa.Column("sequence", sa.BigInteger(), nullable=False),
        sa.Column("contract_id", sa.Uuid(), nullable=False),
        sa.Column("milestone_id", sa.Uuid(), nullable=False),
        sa.Column("payment_id", sa.Uuid(), nullable=False),
        sa.Column("buyer_name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("amount_idr", sa.BigInteger(), nullable=False),
        sa.Column("dpp_idr", sa.BigInteger(), nullable=False),
        sa.Column("ppn_idr", sa.BigInteger(), nullable=False),
        sa.Column(
            "issued_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contract_id"], ["contracts.id"], name="fk_contract_documents_contract_id_contracts"
        ),
        sa.ForeignKeyConstraint(
            ["milestone_id"],
            ["milestones.id"],
            name="fk_contract_documents_milestone_id_milestones",
        ),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payments.id"], name="fk_contract_documents_payment_id_payments"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_contract_documents"),
        sa.UniqueConstraint("number", name="uq_contract_documents_number"),
        sa.UniqueConstraint("kind", "year", "sequence", name="uq_contract_documents_kind_year_seq"),
    )
    op.create_index(
        "ix_contract_documents_contract_id", "contract_documents", ["contract_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_contract_documents_contract_id", table_name="contract_documents")
    op.drop_table("contract_documents")
    op.drop_table("invoice_counters")
