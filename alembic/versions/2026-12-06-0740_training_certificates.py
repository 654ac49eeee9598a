"""training certificates: a file purpose for the certificate a hub attaches to a creative's
training record (public with the record)

Revision ID: 0025_training_certificates
Revises: 0024_payout_retries
Create Date: 2026-12-06 07:20:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0025_training_certificates"
down_revision: str | None = "0024_payout_retries"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PURPOSES = ("message_attachment", "deliverable", "portfolio_image", "dispute_evidence", "avatar")


def _purposes_check(values: Sequence[str]) -> None:
    listed = ", ".join(f"'{value}'" for value in values)
    op.execute(
        "ALTER TABLE files DROP CONSTRAINT ck_files_file_purpose, "
        f"ADD CONSTRAINT ck_files_file_purpose CHECK (purpose IN ({listed}))"
    )


def upgrade() -> None:
    _purposes_check((*_PURPOSES, "training_certificate"))


def downgrade() -> None:
    op.execute("DELETE FROM files WHERE purpose = 'training_certificate'")
    _purposes_check(_PURPOSES)
