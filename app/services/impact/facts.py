"""The SQL that turns gigs, contracts, milestones, disputes and reviews into impact rows.

Every figure is recomputed from the source tables for the gigs concerned, never adjusted by
a delta, so processing an event twice (two refreshers, a retry, a rebuild racing the worker)
cannot count anything twice. Months are calendar months in WIB (Asia/Jakarta).

When each gig counts:
- posted: the month it was published (drafts never count; a cancelled gig still was posted);
- awarded, with the hours from publication to contract and whether the business had hired
  the same creative before (repeat hire): the month the contract was made;
- completed, with the days from contract to completion: the month the contract completed;
- GMV released and the creative's share of it (after the fee and the PPN on the fee snapshotted
  on the payment, or the current rates for money released without a payment row): the month
  each milestone was released;
- first paid job: the month of the creative's first release anywhere, on the gig it was for;
- disputes: the month each dispute (platform or chargeback) was opened;
- rating: the month a review of the creative was published.
"""

from __future__ import annotations

from sqlalchemy import text

from app.services.impact.histogram import HISTOGRAM_COLUMNS, bucket_sums_sql

MONTH = "(date_trunc('month', {at} AT TIME ZONE 'Asia/Jakarta'))::date"

GIG_MONTH_COLUMNS = (
    "gig_id, month, business_id, creative_id, region_code, category_slug, posted, awarded, "
    "completed, repeat_hire, first_paid_job, creative_active, disputes, gmv_released_idr, "
    "creative_earnings_idr, rating_sum, rating_count, hours_to_contract, days_to_completion"
)

# :all_gigs (boolean) or :gig_ids (uuid[]) choose the gigs; :fee_bps and :ppn_bps are the
# current rates for releases without a payment row.
_GIG_MONTHS_SELECT = f"""
WITH g AS (
    SELECT gig.id AS gig_id, gig.business_id, b.region_code, gig.category_slug,
           gig.published_at AS posted_at
    FROM gigs gig JOIN businesses b ON b.id = gig.business_id
    WHERE gig.published_at IS NOT NULL
      AND (CAST(:all_gigs AS boolean) OR gig.id = ANY(CAST(:gig_ids AS uuid[])))
),
c AS (
    SELECT g.gig_id, ct.id AS contract_id, ct.creative_id, ct.business_id, ct.created_at,
           ct.status, ct.completed_at, g.posted_at
    FROM g JOIN contracts ct ON ct.gig_id = g.gig_id
),
-- Each creative's first release anywhere, for the creatives of these gigs.
first_release AS (
    SELECT DISTINCT ON (mine.creative_id) mine.creative_id, m.contract_id, m.released_at
    FROM contracts mine JOIN milestones m ON m.contract_id = mine.id
    WHERE mine.creative_id IN (SELECT creative_id FROM c)
      AND m.released_at IS NOT NULL AND m.released_idr > 0
    ORDER BY mine.creative_id, m.released_at, m.id
),
activity AS (
    SELECT gig_id, posted_at AS at, 1 AS posted, 0 AS awarded, 0 AS completed,
           0 AS repeat_hire, 0 AS first_paid_job, 0 AS creative_active, 0 AS disputes,
           0::bigint AS gmv, 0::bigint AS earnings, 0 AS rating_sum, 0 AS rating_count,
           NULL::float8 AS hours_to_contract, NULL::float8 AS days_to_completion
    FROM g
    UNION ALL
    SELECT c.gig_id, c.created_at, 0, 1, 0,
           CASE WHEN EXISTS (
               SELECT 1 FROM contracts earlier
               WHERE earlier.business_id = c.business_id
                 AND earlier.creative_id = c.creative_id
                 AND (earlier.created_at, earlier.id) < (c.created_at, c.contract_id)
           ) THEN 1 ELSE 0 END,
           0, 1, 0, 0, 0, 0, 0,
           greatest(extract(epoch FROM c.created_at - c.posted_at) / 3600.0, 0)::float8, NULL
    FROM c
    UNION ALL
    SELECT c.gig_id, c.completed_at, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, NULL,
           greatest(extract(epoch FROM c.completed_at - c.created_at) / 86400.0, 0)::float8
    FROM c WHERE c.status = 'completed' AND c.completed_at IS NOT NULL
    UNION ALL
    SELECT c.gig_id, m.released_at, 0, 0, 0, 0, 0, 1, 0, m.released_idr,
           m.released_idr - fee.fee_idr - fee.fee_idr * fee.ppn_bps / 10000,
           0, 0, NULL, NULL
    FROM c
    JOIN milestones m ON m.contract_id = c.contract_id
    CROSS JOIN LATERAL (
        SELECT m.released_idr * rates.fee_bps / 10000 AS fee_idr, rates.ppn_bps
        FROM (
            SELECT coalesce(
                       (SELECT p.fee_bps FROM payments p
                        WHERE p.milestone_id = m.id AND p.status = 'succeeded' LIMIT 1),
                       CAST(:fee_bps AS bigint)) AS fee_bps,
                   coalesce(
                       (SELECT p.ppn_bps FROM payments p
                        WHERE p.milestone_id = m.id AND p.status = 'succeeded' LIMIT 1),
                       CAST(:ppn_bps AS bigint)) AS ppn_bps
        ) rates
    ) fee
    WHERE m.released_at IS NOT NULL AND m.released_idr > 0
    UNION ALL
    SELECT c.gig_id, first_release.released_at, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, NULL, NULL
    FROM c JOIN first_release ON first_release.contract_id = c.contract_id
    UNION ALL
    SELECT c.gig_id, d.created_at, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, NULL, NULL
    FROM c JOIN disputes d ON d.contract_id = c.contract_id
    UNION ALL
    SELECT c.gig_id, r.published_at, 0, 0, 0, 0, 0, 0, 0, 0, 0, r.rating, 1, NULL, NULL
    FROM c JOIN reviews r ON r.contract_id = c.contract_id
    WHERE r.creative_id IS NOT NULL AND r.published_at IS NOT NULL
)
SELECT a.gig_id, {MONTH.format(at="a.at")} AS month, g.business_id, c.creative_id,
       g.region_code, g.category_slug,
       sum(a.posted), sum(a.awarded), sum(a.completed), sum(a.repeat_hire),
       least(sum(a.first_paid_job), 1), least(sum(a.creative_active), 1), sum(a.disputes),
       sum(a.gmv), sum(a.earnings), sum(a.rating_sum), sum(a.rating_count),
       max(a.hours_to_contract), max(a.days_to_completion)
FROM activity a
JOIN g ON g.gig_id = a.gig_id
LEFT JOIN c ON c.gig_id = a.gig_id
GROUP BY a.gig_id, 2, g.business_id, c.creative_id, g.region_code, g.category_slug
"""

INSERT_GIG_MONTHS = text(
    f"INSERT INTO impact_gig_months ({GIG_MONTH_COLUMNS}) {_GIG_MONTHS_SELECT} "
    "RETURNING month, region_code, category_slug, business_id, creative_id"
)
INSERT_ALL_GIG_MONTHS = text(
    f"INSERT INTO impact_gig_months ({GIG_MONTH_COLUMNS}) {_GIG_MONTHS_SELECT}"
)

DELETE_GIG_MONTHS = text(
    "DELETE FROM impact_gig_months WHERE gig_id = ANY(CAST(:gig_ids AS uuid[])) "
    "RETURNING month, region_code, category_slug, business_id, creative_id"
)

# The gigs a batch of outbox events touched, whatever the event's subject.
GIGS_OF_EVENTS = text(
    """
WITH batch AS (
    SELECT subject_type, subject_id FROM events
    WHERE cursor = ANY(CAST(:cursors AS bigint[]))
)
SELECT subject_id AS gig_id FROM batch WHERE subject_type = 'gig'
UNION SELECT p.gig_id FROM batch JOIN proposals p ON p.id = batch.subject_id
    WHERE batch.subject_type = 'proposal'
UNION SELECT ct.gig_id FROM batch JOIN contracts ct ON ct.id = batch.subject_id
    WHERE batch.subject_type = 'contract'
UNION SELECT ct.gig_id FROM batch JOIN milestones m ON m.id = batch.subject_id
    JOIN contracts ct ON ct.id = m.contract_id WHERE batch.subject_type = 'milestone'
UNION SELECT ct.gig_id FROM batch JOIN disputes d ON d.id = batch.subject_id
    JOIN contracts ct ON ct.id = d.contract_id WHERE batch.subject_type = 'dispute'
UNION SELECT ct.gig_id FROM batch JOIN reviews r ON r.id = batch.subject_id
    JOIN contracts ct ON ct.id = r.contract_id WHERE batch.subject_type = 'review'
"""
)

# A creative's first paid job moves when an earlier release is recorded for another gig, so
# the gigs now holding the flag for the same creatives are recomputed too.
FIRST_JOB_GIGS_OF_SAME_CREATIVES = text(
    """
SELECT DISTINCT other.gig_id FROM impact_gig_months other
WHERE other.first_paid_job > 0 AND other.creative_id IN (
    SELECT ct.creative_id FROM contracts ct WHERE ct.gig_id = ANY(CAST(:gig_ids AS uuid[])))
"""
)

# The levels a gig-month row counts at: its regency, its province and `*`; its category and `*`
# (DISTINCT: a business registered with a province code has the same key twice).
_LEVELS = """CROSS JOIN LATERAL (SELECT DISTINCT unnest(ARRAY[
        {row}.region_code, split_part({row}.region_code, '.', 1), '*'])) r(key)
    CROSS JOIN LATERAL (SELECT DISTINCT unnest(ARRAY[{row}.category_slug, '*'])) c(key)"""
_TOUCHED = f"""WITH base AS (
    SELECT * FROM unnest(CAST(:months AS date[]), CAST(:regions AS text[]),
                         CAST(:categories AS text[])) AS k(month, region_code, category_slug)
), levels AS (
    SELECT DISTINCT k.month, r.key AS region_key, c.key AS category_key FROM base k
    {_LEVELS.format(row="k")}
)"""
_CELL_SUMS = f"""sum(g.posted), sum(g.awarded), sum(g.completed), sum(g.repeat_hire),
    sum(g.first_paid_job), sum(g.disputes), sum(g.gmv_released_idr),
    sum(g.creative_earnings_idr), sum(g.rating_sum), sum(g.rating_count),
    count(DISTINCT g.business_id) FILTER (WHERE g.posted > 0), count(DISTINCT g.business_id),
    count(DISTINCT g.creative_id) FILTER (WHERE g.creative_active > 0),
    {bucket_sums_sql("g.hours_to_contract", "g.days_to_completion")}"""
_CELL_COLUMNS = (
    "region_key, category_key, month, gigs_posted, gigs_awarded, gigs_completed, "
    "repeat_hires, first_paid_jobs, disputes, gmv_released_idr, creative_earnings_idr, "
    "rating_sum, rating_count, umkm_served, businesses, creatives, " + ", ".join(HISTOGRAM_COLUMNS)
)
DELETE_CELLS = text(
    f"""{_TOUCHED} DELETE FROM impact_cells cell USING levels
    WHERE (cell.region_key, cell.category_key, cell.month)
        = (levels.region_key, levels.category_key, levels.month)"""
)
# Each gig-month row of the touched months, expanded to its levels, kept where a level cell
# was touched: linear in the rows of those months.
INSERT_CELLS = text(
    f"""{_TOUCHED} INSERT INTO impact_cells ({_CELL_COLUMNS})
    SELECT r.key, c.key, g.month, {_CELL_SUMS}
    FROM impact_gig_months g {_LEVELS.format(row="g")}
    WHERE g.month IN (SELECT month FROM base)
      AND (r.key, c.key, g.month) IN (SELECT region_key, category_key, month FROM levels)
    GROUP BY r.key, c.key, g.month"""
)
INSERT_ALL_CELLS = text(
    f"""INSERT INTO impact_cells ({_CELL_COLUMNS})
    SELECT r.key, c.key, g.month, {_CELL_SUMS}
    FROM impact_gig_months g {_LEVELS.format(row="g")}
    GROUP BY r.key, c.key, g.month
    ORDER BY r.key, c.key, g.month"""
)
# Every party's active months at each level of place (regency, province, `*`) and category
# (slug, `*`); months as `year * 12 + month - 1`.
_SPANS = """
INSERT INTO impact_party_spans (kind, region_key, category_key, party_id, months, first_month,
    last_month)
SELECT p.kind, r.key, c.key, p.party_id, array_agg(DISTINCT p.m), min(p.m), max(p.m)
FROM (SELECT *, (extract(year FROM month) * 12 + extract(month FROM month) - 1)::int AS m FROM (
    SELECT 'u' AS kind, business_id AS party_id, region_code, category_slug, month
    FROM impact_gig_months WHERE posted > 0 {businesses}
    UNION ALL
    SELECT 'b', business_id, region_code, category_slug, month
    FROM impact_gig_months WHERE true {businesses}
    UNION ALL
    SELECT 'c', creative_id, region_code, category_slug, month
    FROM impact_gig_months WHERE creative_active > 0 AND creative_id IS NOT NULL {creatives}
) activity) p
CROSS JOIN LATERAL (VALUES (p.region_code), (split_part(p.region_code, '.', 1)), ('*')) r(key)
CROSS JOIN LATERAL (VALUES (p.category_slug), ('*')) c(key)
GROUP BY p.kind, r.key, c.key, p.party_id
-- In key order, so a rebuilt table is laid out like its primary key (reports scan ranges).
ORDER BY r.key, c.key, p.kind, p.party_id
"""
# Semi-joins, not `= ANY(array)`: a long array tested against every row is quadratic.
_OF_BUSINESSES = "AND business_id IN (SELECT unnest(CAST(:businesses AS uuid[])))"
_OF_CREATIVES = "AND creative_id IN (SELECT unnest(CAST(:creatives AS uuid[])))"

DELETE_SPANS = text(
    "DELETE FROM impact_party_spans WHERE "
    "(kind IN ('u', 'b') AND party_id IN (SELECT unnest(CAST(:businesses AS uuid[])))) "
    "OR (kind = 'c' AND party_id IN (SELECT unnest(CAST(:creatives AS uuid[]))))"
)
INSERT_SPANS = text(_SPANS.format(businesses=_OF_BUSINESSES, creatives=_OF_CREATIVES))
INSERT_ALL_SPANS = text(_SPANS.format(businesses="", creatives=""))
