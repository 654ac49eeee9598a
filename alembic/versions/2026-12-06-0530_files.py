"""files: uploads with purpose and status, delivered files on milestones, portfolio images

Revision ID: 0015_files
Revises: 0014_stream_slots
Create Date: 2026-12-06 05:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from alembic import op

revision: str = "0015_files"
down_revision: str | None = "0014_stream_slots"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PURPOSES = ("message_attachment", "deliverable", "portfolio_image", "dispute_evidence", "avatar")


def upgrade() -> None:
    op.create_table(
        "files",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column(
            "purpose",
            sa.Enum(
                *PURPOSES, name="file_purpose", native_enum=False, create_constraint=True, length=32
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "attached",
                name="file_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("filename", sa.String(length=160), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("storage_key", sa.String(length=200), nullable=False),
        sa.Column("thumbnail_key", sa.String(length=200), nullable=True),
        sa.Column("width", sa.BigInteger(), nullable=True),
        sa.Column("height", sa.BigInteger(), nullable=True),
        sa.Column("conversation_id", sa.Uuid(), nullable=True),
        sa.Column("message_id", sa.Uuid(), nullable=True),
        sa.Column("contract_id", sa.Uuid(), nullable=True),
        sa.Column("milestone_id", sa.Uuid(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("attached_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name="fk_files_owner_id_users", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["conversations.id"],
            name="fk_files_conversation_id_conversations",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["messages.id"],
            name="fk_files_message_id_messages",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contracts.id"],
            name="fk_files_contract_id_contracts",
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["milestone_id"],
            ["milestones.id"],
            name="fk_files_milestone_id_milestones",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_files"),
    )
    op.create_index(
        "ix_files_created_at_pending",
        "files",
        ["created_at"],
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.create_index("ix_files_owner_id_status", "files", ["owner_id", "status"])
    op.create_index("ix_files_conversation_id", "files", ["conversation_id"])
    op.create_index("ix_files_milestone_id", "files", ["milestone_id"])
    op.add_column(
        "milestones",
        sa.Column(
            "deliverable_file_ids",
            postgresql.ARRAY(sa.Uuid()),
            server_default="{}",
            nullable=False,
        ),
    )
    op.add_column("portfolio_items", sa.Column("image_file_id", sa.Uuid(), nullable=True))
    op.create_foreign_key(
        "fk_portfolio_items_image_file_id_files",
        "portfolio_items",
        "files",
        ["image_file_id"],
        ["id"],
        ondelete="SET NULL",
    )


def downgrade() -> None:
    op.drop_constraint("fk_portfolio_items_image_file_id_files", "portfolio_items")
    op.drop_column("portfolio_items", "image_file_id")
    op.drop_column("milestones", "deliverable_file_ids")
    op.drop_index("ix_files_milestone_id", table_name="files")
    op.drop_index("ix_files_conversation_id", table_name="files")
    op.drop_index("ix_files_owner_id_status", table_name="files")
    op.drop_index("ix_files_created_at_pending", table_name="files")
    op.drop_table("files")
