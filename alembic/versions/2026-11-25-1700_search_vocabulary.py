"""search vocabulary and the open-gig search index

Revision ID: 0005_search_vocabulary
Revises: 0004_ledger_guards
Create Date: 2026-11-25 17:00:00

Gig search used to OR a trigram "typo fallback" (`q <% title`) into every full-text query;
at national scale that matched every title with a word near "kemasan" (130k of 1M) and made
one search take seconds. Misspellings are now corrected against a vocabulary of title words
(`search_words`, small, trigram-indexed) before the full-text query runs, so the title
trigram index goes. Open gigs are searched through one GIN index over (province, regency,
text) via btree_gin, so a search within a place reads only that place's matching gigs.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0005_search_vocabulary"
down_revision: str | None = "0004_ledger_guards"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    op.create_table(
        "search_words",
        sa.Column("word", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("word", name=op.f("pk_search_words")),
    )
    op.create_index(
        "ix_search_words_word_trgm",
        "search_words",
        ["word"],
        postgresql_using="gin",
        postgresql_ops={"word": "gin_trgm_ops"},
    )
    # The same words `app.services.search.vocabulary.title_words` keeps adding.
    op.execute(
        """
        INSERT INTO search_words (word)
        SELECT DISTINCT m[1] FROM gigs, regexp_matches(lower(title), '([a-z][a-z0-9]*)', 'g') m
        WHERE length(m[1]) BETWEEN 3 AND 64
        ON CONFLICT DO NOTHING
        """
    )
    op.drop_index("ix_gigs_title_trgm", table_name="gigs")
    op.create_index(
        "ix_gigs_open_search",
        "gigs",
        [sa.text("left(region_code, 2)"), "region_code", "search_vector"],
        postgresql_using="gin",
        postgresql_where=sa.text("status = 'open'"),
    )


def downgrade() -> None:
    op.drop_index("ix_gigs_open_search", table_name="gigs")
    op.create_index(
        "ix_gigs_title_trgm",
        "gigs",
        ["title"],
        postgresql_using="gin",
        postgresql_ops={"title": "gin_trgm_ops"},
    )
    op.drop_index("ix_search_words_word_trgm", table_name="search_words")
    op.drop_table("search_words")
    # btree_gin stays: other databases on the server may use it, and it costs nothing.
