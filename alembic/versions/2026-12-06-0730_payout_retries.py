"""payout retries: a failed payout is sent again, once, as a new payout when the creative
fixes their payout account; the new one names the payout it retries

Revision ID: 0024_payout_retries
Revises: 0023_business_npwp
Create Date: 2026-12-06 07:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0024_payout_retries"
down_revision: str | None = "0023_business_npwp"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("payouts", sa.Column("retry_of_payout_id", sa.Uuid(), nullable=True))
    op.create_foreign_key(
        "fk_payouts_retry_of_payout_id_payouts",
        "payouts",
        "payouts",
        ["retry_of_payout_id"],
        ["id"],
    )
    op.create_unique_constraint("uq_payouts_retry_of_payout_id", "payouts", ["retry_of_payout_id"])


def downgrade() -> None:
    op.drop_constraint("uq_payouts_retry_of_payout_id", "payouts", type_="unique")
    op.drop_constraint("fk_payouts_retry_of_payout_id_payouts", "payouts", type_="foreignkey")
    op.drop_column("payouts", "retry_of_payout_id")
