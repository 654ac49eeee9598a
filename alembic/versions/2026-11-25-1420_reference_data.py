"""reference data: categories, skills and Kemendagri regions

Revision ID: 0003_reference_data
Revises: 0002_marketplace_core
Create Date: 2026-11-25 14:20:00

Lightweight sa.table() definitions instead of the ORM models, so later model changes cannot
change what this revision inserts.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from alembic import op
from app.reference.categories import CATEGORIES
from app.reference.regions import load_regions
from app.reference.skills import SKILLS

revision: str = "0003_reference_data"
down_revision: str | None = "0002_marketplace_core"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

categories = sa.table(
    "categories",
    sa.column("slug", sa.String),
    sa.column("name_id", sa.String),
    sa.column("name_en", sa.String),
    sa.column("description_id", sa.Text),
    sa.column("description_en", sa.Text),
    sa.column("position", sa.BigInteger),
)
skills = sa.table(
    "skills",
    sa.column("slug", sa.String),
    sa.column("name_id", sa.String),
    sa.column("name_en", sa.String),
    sa.column("category_slug", sa.String),
    sa.column("synonyms", postgresql.ARRAY(sa.String)),
    sa.column("search_text", sa.Text),
)
regions = sa.table(
    "regions",
    sa.column("code", sa.String),
    sa.column("name", sa.String),
    sa.column("level", sa.String),
    sa.column("parent_code", sa.String),
)


def _skill_search_text(name_id: str, name_en: str, synonyms: Sequence[str]) -> str:
    return " | ".join([name_id, name_en, *synonyms]).lower()


def upgrade() -> None:
    op.bulk_insert(
        categories,
        [
            {
                "slug": c.slug,
                "name_id": c.name_id,
                "name_en": c.name_en,
                "description_id": c.description_id,
                "description_en": c.description_en,
                "position": position,
            }
            for position, c in enumerate(CATEGORIES)
        ],
    )
    op.bulk_insert(
        skills,
        [
            {
                "slug": s.slug,
                "name_id": s.name_id,
                "name_en": s.name_en,
                "category_slug": s.category_slug,
                "synonyms": list(s.synonyms),
                "search_text": _skill_search_text(s.name_id, s.name_en, s.synonyms),
            }
            for s in SKILLS
        ],
    )
    # load_regions() lists provinces before regencies, so parent rows exist first.
    op.bulk_insert(
        regions,
        [
            {"code": r.code, "name": r.name, "level": r.level, "parent_code": r.parent_code}
            for r in load_regions()
        ],
    )


def downgrade() -> None:
    all_regions = load_regions()
    op.execute(
        regions.delete().where(
            regions.c.code.in_([r.code for r in all_regions if r.level == "regency"])
        )
    )
    op.execute(
        regions.delete().where(
            regions.c.code.in_([r.code for r in all_regions if r.level == "province"])
        )
    )
    op.execute(skills.delete().where(skills.c.slug.in_([s.slug for s in SKILLS])))
    op.execute(categories.delete().where(categories.c.slug.in_([c.slug for c in CATEGORIES])))
