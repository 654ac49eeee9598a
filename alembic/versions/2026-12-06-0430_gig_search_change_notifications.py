"""gig search change notifications: NOTIFY gig_search_changed when what search shows changes

Revision ID: 0009_gig_search_notify
Revises: 0008_rate_limit_counters
Create Date: 2026-12-06 04:30:00

Each API process caches public search pages; another replica's write must empty them. A
statement-level trigger on the tables a search result is built from (gigs, including their
proposal_count; gig_skills; businesses, for name and region) sends one notification per
statement, which PostgreSQL delivers when the transaction commits (identical ones folded),
so every write path is covered without the services having to remember it.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009_gig_search_notify"
down_revision: str | None = "0008_rate_limit_counters"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("gigs", "gig_skills", "businesses")


def upgrade() -> None:
    op.execute(
        """
        CREATE FUNCTION notify_gig_search_changed() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('gig_search_changed', '');
            RETURN NULL;
        END
        $$
        """
    )
    for table in TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_notify_gig_search AFTER INSERT OR UPDATE OR DELETE "
            f"OR TRUNCATE ON {table} FOR EACH STATEMENT "
            "EXECUTE FUNCTION notify_gig_search_changed()"
        )


def downgrade() -> None:
    for table in TABLES:
        op.execute(f"DROP TRIGGER {table}_notify_gig_search ON {table}")
    op.execute("DROP FUNCTION notify_gig_search_changed()")
