"""provider transactions: Xendit's transactions (with the fee it kept) matched to our payments,
refunds and payouts, stored once per transaction id so each fee is booked once

Revision ID: 0022_provider_transactions
Revises: 0021_superseded_payments
Create Date: 2026-12-06 07:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0022_provider_transactions"
down_revision: str | None = "0021_superseded_payments"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "provider_transactions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "provider",
            sa.Enum(
                "stripe",
                "sandbox",
                "xendit",
                name="payment_provider",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("transaction_id", sa.String(length=255), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("reference_id", sa.String(length=255), nullable=True),
        sa.Column("product_id", sa.String(length=255), nullable=True),
        sa.Column("amount_idr", sa.BigInteger(), nullable=False),
        sa.Column("fee_idr", sa.BigInteger(), nullable=False),
        sa.Column("payment_id", sa.Uuid(), nullable=True),
        sa.Column("refund_id", sa.Uuid(), nullable=True),
        sa.Column("payout_id", sa.Uuid(), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "recorded_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payments.id"], name="fk_provider_transactions_payment_id_payments"
        ),
        sa.ForeignKeyConstraint(
            ["payout_id"], ["payouts.id"], name="fk_provider_transactions_payout_id_payouts"
        ),
        sa.ForeignKeyConstraint(
            ["refund_id"], ["refunds.id"], name="fk_provider_transactions_refund_id_refunds"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_provider_transactions"),
        sa.UniqueConstraint(
            "provider", "transaction_id", name="uq_provider_transactions_provider_transaction_id"
        ),
    )
    op.create_index("ix_provider_transactions_payment_id", "provider_transactions", ["payment_id"])


def downgrade() -> None:
    op.drop_index("ix_provider_transactions_payment_id", table_name="provider_transactions")
    op.drop_table("provider_transactions")
