"""impact rollups: per gig and month activity, cells per month/regency/category with duration
histograms, the months each business and creative was active per place and category level, and
the refresher's position in the outbox

Revision ID: 0026_impact_rollups
Revises: 0025_training_certificates
Create Date: 2026-12-06 07:10:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0026_impact_rollups"
down_revision: str | None = "0025_training_certificates"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _counter(name: str, kind: sa.types.TypeEngine[int] | None = None) -> sa.Column[int]:
    return sa.Column(name, kind if kind is not None else sa.BigInteger(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "impact_gig_months",
        sa.Column("gig_id", sa.Uuid(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("business_id", sa.Uuid(), nullable=False),
        sa.Column("creative_id", sa.Uuid(), nullable=True),
        sa.Column("region_code", sa.String(length=13), nullable=False),
        sa.Column("category_slug", sa.String(length=64), nullable=False),
        *(
            _counter(name, sa.SmallInteger())
            for name in (
                "posted",
                "awarded",
                "completed",
                "repeat_hire",
                "first_paid_job",
                "creative_active",
                "disputes",
            )
        ),
        _counter("gmv_released_idr"),
        _counter("creative_earnings_idr"),
        _counter("rating_sum"),
        _counter("rating_count"),
        sa.Column("hours_to_contract", sa.Float(), nullable=True),
        sa.Column("days_to_completion", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["gig_id"],
            ["gigs.id"],
            name=op.f("fk_impact_gig_months_gig_id_gigs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("gig_id", "month", name=op.f("pk_impact_gig_months")),
    )
    op.create_index(
        "ix_impact_gig_months_month_region_code",
        "impact_gig_months",
        ["month", "region_code"],
    )
    op.create_index(
        "ix_impact_gig_months_business_id", "impact_gig_months", ["business_id", "month"]
    )
    op.create_index(
        "ix_impact_gig_months_creative_id", "impact_gig_months", ["creative_id", "month"]
    )
    op.create_table(
        "impact_cells",
        sa.Column("region_key", sa.String(length=13), nullable=False),
        sa.Column("category_key", sa.String(length=64), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        *(
            _counter(name)
            for name in (
                "gigs_posted",
                "gigs_awarded",
                "gigs_completed",
                "repeat_hires",
                "first_paid_jobs",
                "disputes",
                "gmv_released_idr",
                "creative_earnings_idr",
                "rating_sum",
                "rating_count",
                "umkm_served",
                "businesses",
                "creatives",
            )
        ),
        # Duration histograms: 19 buckets of hours to contract, 20 of days to completion.
        *(_counter(f"hours_to_contract_{k:02d}") for k in range(19)),
        *(_counter(f"days_to_completion_{k:02d}") for k in range(20)),
        sa.PrimaryKeyConstraint(
            "region_key", "category_key", "month", name=op.f("pk_impact_cells")
        ),
    )
    op.create_table(
        "impact_party_spans",
        sa.Column("region_key", sa.String(length=13), nullable=False),
        sa.Column("category_key", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=1), nullable=False),
        sa.Column("party_id", sa.Uuid(), nullable=False),
        sa.Column("months", sa.ARRAY(sa.Integer()), nullable=False),
        sa.Column("first_month", sa.Integer(), nullable=False),
        sa.Column("last_month", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "region_key",
            "category_key",
            "kind",
            "party_id",
            name=op.f("pk_impact_party_spans"),
        ),
    )
    op.create_index("ix_impact_party_spans_party_id", "impact_party_spans", ["party_id"])
    op.create_table(
        "impact_refresh_positions",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("tx_id", sa.BigInteger(), nullable=False),
        sa.Column("cursor", sa.BigInteger(), nullable=False),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_impact_refresh_positions")),
    )


def downgrade() -> None:
    op.drop_table("impact_refresh_positions")
    op.drop_index("ix_impact_party_spans_party_id", table_name="impact_party_spans")
    op.drop_table("impact_party_spans")
    op.drop_table("impact_cells")
    op.drop_index("ix_impact_gig_months_creative_id", table_name="impact_gig_months")
    op.drop_index("ix_impact_gig_months_business_id", table_name="impact_gig_months")
    op.drop_index("ix_impact_gig_months_month_region_code", table_name="impact_gig_months")
    op.drop_table("impact_gig_months")
