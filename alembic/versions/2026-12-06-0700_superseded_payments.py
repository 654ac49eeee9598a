"""superseded payments: an old payment whose money arrived after a newer payment had taken its
place is booked and refunded; it leaves the one-live-payment index

Revision ID: 0021_superseded_payments
Revises: 0020_notifications
Create Date: 2026-12-06 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0021_superseded_payments"
down_revision: str | None = "0020_notifications"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STATUSES = ("created", "pending", "failed", "succeeded", "canceled")


def _status_check(values: Sequence[str]) -> None:
    listed = ", ".join(f"'{value}'" for value in values)
    op.execute(
        "ALTER TABLE payments DROP CONSTRAINT IF EXISTS ck_payments_payment_status, "
        f"ADD CONSTRAINT ck_payments_payment_status CHECK (status IN ({listed}))"
    )


def _live_index(where: str) -> None:
    op.drop_index("uq_payments_milestone_id_live", table_name="payments")
    op.create_index(
        "uq_payments_milestone_id_live",
        "payments",
        ["milestone_id"],
        unique=True,
        postgresql_where=sa.text(where),
    )


def upgrade() -> None:
    _status_check((*_STATUSES, "superseded"))
    _live_index("status NOT IN ('canceled', 'superseded')")


def downgrade() -> None:
    op.execute("UPDATE payments SET status = 'canceled' WHERE status = 'superseded'")
    _live_index("status <> 'canceled'")
    _status_check(_STATUSES)
