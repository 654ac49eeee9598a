"""privacy and operator tools: erasure and suspension marks, hidden gigs, admin audit log

Revision ID: 0012_privacy_operator_tools
Revises: 0011_account_lifecycle
Create Date: 2026-12-06 04:10:00

`users.suspended_at` / `users.erased_at` record an operator suspension and a UU PDP erasure;
`gigs.hidden_at` keeps a suspended or erased owner's gigs out of public reads without a join.
`admin_audit_log` is append-only like the ledger: a trigger refuses UPDATE and DELETE.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from alembic import op

revision: str = "0012_privacy_operator_tools"
down_revision: str | None = "0011_account_lifecycle"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("users", sa.Column("suspended_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("users", sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("gigs", sa.Column("hidden_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "admin_audit_log",
        sa.Column("actor_user_id", sa.Uuid(), nullable=True),
        sa.Column("actor_label", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("target_type", sa.String(length=32), nullable=False),
        sa.Column("target_id", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("details", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_user_id"], ["users.id"], name=op.f("fk_admin_audit_log_actor_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_admin_audit_log")),
    )
    op.create_index(
        "ix_admin_audit_log_created_at_id", "admin_audit_log", ["created_at", "id"], unique=False
    )
    op.create_index(
        "ix_admin_audit_log_target", "admin_audit_log", ["target_type", "target_id"], unique=False
    )
    op.execute(
        """
        CREATE FUNCTION admin_audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the admin audit log is append-only: % refused', TG_OP
                USING ERRCODE = 'restrict_violation';
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER admin_audit_log_append_only BEFORE UPDATE OR DELETE ON admin_audit_log "
        "FOR EACH ROW EXECUTE FUNCTION admin_audit_log_refuse_change()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER admin_audit_log_append_only ON admin_audit_log")
    op.execute("DROP FUNCTION admin_audit_log_refuse_change()")
    op.drop_index("ix_admin_audit_log_target", table_name="admin_audit_log")
    op.drop_index("ix_admin_audit_log_created_at_id", table_name="admin_audit_log")
    op.drop_table("admin_audit_log")
    op.drop_column("gigs", "hidden_at")
    op.drop_column("users", "erased_at")
    op.drop_column("users", "suspended_at")
