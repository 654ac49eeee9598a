"""local payments: Xendit as a provider, payment methods (card, QRIS, virtual account,
e-wallet) with what the payer is shown, and Xendit payouts to banks and e-wallets

Revision ID: 0017_local_payments
Revises: 0016_money_rules
Create Date: 2026-12-06 05:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from alembic import op

revision: str = "0017_local_payments"
down_revision: str | None = "0016_money_rules"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


_LEDGER_KINDS = (
    "funding",
    "release",
    "refund",
    "payout",
    "payout_reversal",
    "chargeback",
    "refund_failure",
    "refund_settlement",
    "provider_fee",
)


def _check(table: str, name: str, column: str, values: Sequence[str]) -> None:
    listed = ", ".join(f"'{value}'" for value in values)
    op.execute(
        f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}, "
        f"ADD CONSTRAINT {name} CHECK ({column} IN ({listed}))"
    )


def upgrade() -> None:
    _check("payments", "ck_payments_payment_provider", "provider", ("stripe", "sandbox", "xendit"))
    for table in ("payouts", "payout_accounts"):
        _check(
            table,
            f"ck_{table}_payout_method",
            "method",
            ("stripe_connect", "manual", "xendit"),
        )
    op.add_column(
        "payments",
        sa.Column("method", sa.String(length=32), server_default="card", nullable=False),
    )
    _check("payments", "ck_payments_payment_method", "method", ("card", "qris", "va", "ewallet"))
    op.add_column("payments", sa.Column("channel", sa.String(length=32), nullable=True))
    op.add_column(
        "payments",
        sa.Column("instructions", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    )
    op.add_column("payments", sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("payments", sa.Column("provider_fee_idr", sa.BigInteger(), nullable=True))
    _check("ledger_transactions", "ck_ledger_transactions_ledger_kind", "kind", _LEDGER_KINDS)
    op.add_column(
        "payout_accounts",
        sa.Column("is_ewallet", sa.Boolean(), server_default="false", nullable=False),
    )


def downgrade() -> None:
    _check("ledger_transactions", "ck_ledger_transactions_ledger_kind", "kind", _LEDGER_KINDS[:-1])
    op.drop_column("payments", "provider_fee_idr")
    op.drop_column("payout_accounts", "is_ewallet")
    op.drop_column("payments", "expires_at")
    op.drop_column("payments", "instructions")
    op.drop_column("payments", "channel")
    op.execute("ALTER TABLE payments DROP CONSTRAINT IF EXISTS ck_payments_payment_method")
    op.drop_column("payments", "method")
    for table in ("payouts", "payout_accounts"):
        _check(table, f"ck_{table}_payout_method", "method", ("stripe_connect", "manual"))
    _check("payments", "ck_payments_payment_provider", "provider", ("stripe", "sandbox"))
