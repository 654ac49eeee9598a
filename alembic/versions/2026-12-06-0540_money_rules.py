"""money rules: chargeback fees and claims, refused refunds settled by hand, one payout per
bank reference, and a stricter ledger guard

Revision ID: 0016_money_rules
Revises: 0015_files
Create Date: 2026-12-06 05:00:00

The ledger guard of 0004 refuses UPDATE and DELETE row by row; TRUNCATE fires no row trigger,
so it gets a statement trigger of its own. A transaction's entries are written in the database
transaction that posted it: an entry added later (to a transaction whose `created_at`, the
start of the database transaction that posted it, is not the current one's) is refused, so a
posted transaction can never be changed by appending to it.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0016_money_rules"
down_revision: str | None = "0015_files"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_LEDGER_KINDS = (
    "funding",
    "release",
    "refund",
    "payout",
    "payout_reversal",
    "chargeback",
)
_NEW_LEDGER_KINDS = ("refund_failure", "refund_settlement")
_REFUND_STATUSES = ("created", "pending", "succeeded", "failed")


def _in(values: Sequence[str]) -> str:
    return ", ".join(f"'{value}'" for value in values)


def _replace_check(table: str, name: str, column: str, values: Sequence[str]) -> None:
    op.execute(
        f"ALTER TABLE {table} DROP CONSTRAINT {name}, "
        f"ADD CONSTRAINT {name} CHECK ({column} IN ({_in(values)}))"
    )


def upgrade() -> None:
    op.add_column("disputes", sa.Column("provider_fee_idr", sa.BigInteger(), nullable=True))
    op.add_column("disputes", sa.Column("creative_claim_idr", sa.BigInteger(), nullable=True))
    op.add_column("refunds", sa.Column("bank_reference", sa.String(length=100), nullable=True))
    op.add_column("refunds", sa.Column("settled_by_user_id", sa.Uuid(), nullable=True))
    op.create_unique_constraint("uq_refunds_bank_reference", "refunds", ["bank_reference"])
    op.create_foreign_key(
        "fk_refunds_settled_by_user_id_users", "refunds", "users", ["settled_by_user_id"], ["id"]
    )
    op.create_unique_constraint("uq_payouts_reference", "payouts", ["reference"])
    _replace_check(
        "refunds",
        "ck_refunds_refund_status",
        "status",
        (*_REFUND_STATUSES, "settled_manually"),
    )
    _replace_check(
        "ledger_transactions",
        "ck_ledger_transactions_ledger_kind",
        "kind",
        (*_LEDGER_KINDS, *_NEW_LEDGER_KINDS),
    )
    op.execute(
        "CREATE TRIGGER ledger_transactions_no_truncate BEFORE TRUNCATE ON ledger_transactions "
        "FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()"
    )
    op.execute(
        "CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries "
        "FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()"
    )
    op.execute(
        """
        CREATE FUNCTION ledger_refuse_late_entry() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF EXISTS (
                SELECT 1 FROM ledger_transactions
                WHERE id = NEW.transaction_id AND created_at <> transaction_timestamp()
            ) THEN
                RAISE EXCEPTION 'ledger transaction % is already posted; post a new one',
                    NEW.transaction_id USING ERRCODE = 'restrict_violation';
            END IF;
            RETURN NEW;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER ledger_entries_no_late_entry BEFORE INSERT ON ledger_entries "
        "FOR EACH ROW EXECUTE FUNCTION ledger_refuse_late_entry()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER ledger_entries_no_late_entry ON ledger_entries")
    op.execute("DROP FUNCTION ledger_refuse_late_entry()")
    op.execute("DROP TRIGGER ledger_entries_no_truncate ON ledger_entries")
    op.execute("DROP TRIGGER ledger_transactions_no_truncate ON ledger_transactions")
    _replace_check(
        "ledger_transactions", "ck_ledger_transactions_ledger_kind", "kind", _LEDGER_KINDS
    )
    _replace_check("refunds", "ck_refunds_refund_status", "status", _REFUND_STATUSES)
    op.drop_constraint("uq_payouts_reference", "payouts", type_="unique")
    op.drop_constraint("fk_refunds_settled_by_user_id_users", "refunds", type_="foreignkey")
    op.drop_constraint("uq_refunds_bank_reference", "refunds", type_="unique")
    op.drop_column("refunds", "settled_by_user_id")
    op.drop_column("refunds", "bank_reference")
    op.drop_column("disputes", "creative_claim_idr")
    op.drop_column("disputes", "provider_fee_idr")
