"""idempotency for apps: keys owned by an app token too, and encrypted replays of secrets

Revision ID: 0010_idempotency_for_apps
Revises: 0009_gig_search_notify
Create Date: 2026-12-06 04:40:00

Idempotency-Key now covers every POST that creates something, including those an app token
makes for no user (its webhook endpoints): such keys belong to the app (client_id). Replays
of responses that show a secret once are stored encrypted (response_encrypted).
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0010_idempotency_for_apps"
down_revision: str | None = "0009_gig_search_notify"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("idempotency_keys", sa.Column("client_id", sa.String(length=64), nullable=True))
    op.add_column(
        "idempotency_keys",
        sa.Column("response_encrypted", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.alter_column("idempotency_keys", "user_id", existing_type=sa.Uuid(), nullable=True)
    op.create_check_constraint(
        op.f("ck_idempotency_keys_has_owner"),
        "idempotency_keys",
        "user_id IS NOT NULL OR client_id IS NOT NULL",
    )
    op.create_index(
        "uq_idempotency_keys_client_key",
        "idempotency_keys",
        ["client_id", "key"],
        unique=True,
        postgresql_where=sa.text("user_id IS NULL"),
    )


def downgrade() -> None:
    op.execute("DELETE FROM idempotency_keys WHERE user_id IS NULL")
    op.drop_index("uq_idempotency_keys_client_key", table_name="idempotency_keys")
    op.drop_constraint(op.f("ck_idempotency_keys_has_owner"), "idempotency_keys", type_="check")
    op.alter_column("idempotency_keys", "user_id", existing_type=sa.Uuid(), nullable=False)
    op.drop_column("idempotency_keys", "response_encrypted")
    op.drop_column("idempotency_keys", "client_id")
