"""matching speed: sample a skill's creatives from an index in a per-gig pseudo-random order

Revision ID: 0006_matching_speed
Revises: 0005_search_vocabulary
Create Date: 2026-11-25 17:10:00

Candidate generation for `GET /v1/gigs/{id}/matches` counted every creative with a needed
skill (thousands per popular skill at national scale) only to keep a thousand of them, ordered
by a seeded hash. These indexes hold each skill's, category's and regency's creatives in the
order of a hash of their id, so a gig reads a few hundred entries from a point its own id picks
(wrapping around at the end), and different gigs see different creatives. Expression indexes
only: nothing is denormalised, so nothing can go stale.
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0006_matching_speed"
down_revision: str | None = "0005_search_vocabulary"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_creative_skills_matching_sample",
        "creative_skills",
        ["skill_slug", sa.text("uuid_hash(creative_id)"), "creative_id"],
    )
    op.create_index(
        "ix_creative_categories_matching_sample",
        "creative_categories",
        ["category_slug", sa.text("uuid_hash(creative_id)"), "creative_id"],
    )
    op.create_index(
        "ix_creative_profiles_region_sample",
        "creative_profiles",
        ["region_code", sa.text("uuid_hash(id)"), "id"],
        postgresql_include=["availability", "rate_min_idr"],
    )


def downgrade() -> None:
    op.drop_index("ix_creative_profiles_region_sample", table_name="creative_profiles")
    op.drop_index("ix_creative_categories_matching_sample", table_name="creative_categories")
    op.drop_index("ix_creative_skills_matching_sample", table_name="creative_skills")
