"""business npwp: the business's tax id (15 digits, or a sole trader's 16-digit NIK), and its
copy printed on each tax invoice

Revision ID: 0023_business_npwp
Revises: 0022_provider_transactions
Create Date: 2026-12-06 07:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0023_business_npwp"
down_revision: str | None = "0022_provider_transactions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("businesses", sa.Column("npwp", sa.String(length=16), nullable=True))
    op.add_column(
        "contract_documents", sa.Column("buyer_npwp", sa.String(length=16), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("contract_documents", "buyer_npwp")
    op.drop_column("businesses", "npwp")
