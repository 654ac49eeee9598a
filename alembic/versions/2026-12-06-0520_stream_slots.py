"""stream slots: open live streams per user, counted across replicas

Revision ID: 0014_stream_slots
Revises: 0013_conversations
Create Date: 2026-12-06 05:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0014_stream_slots"
down_revision: str | None = "0013_conversations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "stream_slots",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.String(), nullable=True),
        sa.Column(
            "opened_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "seen_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_stream_slots_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_stream_slots"),
    )
    op.create_index("ix_stream_slots_user_id_seen_at", "stream_slots", ["user_id", "seen_at"])


def downgrade() -> None:
    op.drop_index("ix_stream_slots_user_id_seen_at", table_name="stream_slots")
    op.drop_table("stream_slots")
