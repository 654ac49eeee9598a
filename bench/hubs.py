"""The hub layer of the bench data set (issue 13), added in SQL after the COPY load: every
contract's milestone (released at completion), reviews and a few disputes, then 40 hubs (five
of them programmes with child hubs in their province), three staff each, 30 % of creatives
affiliated and 15 % of businesses assisted (by the hub of their regency where there is one),
two talent pools per hub and delegations for a fifth of the assisted owners.

Deterministic like the rest of the generator: ids are md5 of the row's key, choices are
`hashtext` of ids, never random(). Times follow the rows they belong to.
"""

from __future__ import annotations

import asyncpg

HUBS = 40
PROGRAMMES = 5

_MILESTONES = """
INSERT INTO milestones (id, contract_id, position, title, amount_idr, status, deliverable_urls,
    deliverable_file_ids, revision_count, released_idr, refunded_idr, funded_at, submitted_at,
    approved_at, released_at, created_at, updated_at)
SELECT md5('milestone' || c.id)::uuid, c.id, 1, 'Pekerjaan', c.price_idr,
       CASE WHEN c.status = 'completed' THEN 'released' ELSE 'funded' END, '{}', '{}', 0,
       CASE WHEN c.status = 'completed' THEN c.price_idr ELSE 0 END, 0, c.created_at,
       c.completed_at, c.completed_at, c.completed_at, c.created_at, c.updated_at
FROM contracts c
"""
_REVIEWS = """
INSERT INTO reviews (id, contract_id, author_user_id, subject_user_id, creative_id, rating,
    comment, publish_due_at, published_at, created_at, updated_at)
SELECT md5('review' || c.id)::uuid, c.id, c.owner_id, c.creative_user_id, c.creative_id,
       3 + abs(hashtext(c.id::text)) % 3, '', c.completed_at + interval '2 days',
       c.completed_at + interval '2 days', c.completed_at, c.completed_at
FROM contracts c WHERE c.status = 'completed' AND abs(hashtext(c.id::text || 'r')) % 10 < 6
"""
_DISPUTES = """
INSERT INTO disputes (id, milestone_id, contract_id, kind, status, opened_by_user_id, reason,
    frozen_from_status, respond_by, decide_by, created_at, updated_at)
SELECT md5('dispute' || c.id)::uuid, md5('milestone' || c.id)::uuid, c.id, 'platform',
       'withdrawn', c.owner_id, 'Hasil belum sesuai brief', 'submitted',
       c.created_at + interval '8 days', c.created_at + interval '15 days',
       c.created_at + interval '5 days', c.created_at + interval '5 days'
FROM contracts c WHERE abs(hashtext(c.id::text || 'd')) % 100 < 2
"""
_HUBS = f"""
INSERT INTO hubs (id, slug, name, kind, region_code, description, address, created_at,
    updated_at)
SELECT md5('hub' || rn)::uuid, 'hub-' || lpad(rn::text, 2, '0'), 'Hub Kreatif ' || r.name,
       (ARRAY['government_programme', 'coworking', 'technopark', 'campus', 'community'])
           [1 + rn % 5],
       t.region_code, '', '', '2024-11-01', '2024-11-01'
FROM (SELECT region_code, row_number() OVER (ORDER BY count(*) DESC, region_code) AS rn
      FROM businesses GROUP BY region_code ORDER BY count(*) DESC, region_code
      LIMIT {HUBS}) t
JOIN regions r ON r.code = t.region_code
"""
# The first hubs are programmes; the other hubs of their province become their children.
_PARENTS = f"""
UPDATE hubs child SET parent_id = parent.id
FROM hubs parent
WHERE parent.slug <= 'hub-{PROGRAMMES:02d}' AND child.slug > 'hub-{PROGRAMMES:02d}'
  AND split_part(parent.region_code, '.', 1) = split_part(child.region_code, '.', 1)
  AND child.parent_id IS NULL
"""
_STAFF = """
INSERT INTO hub_staff (id, hub_id, user_id, role, status, accepted_at, created_at, updated_at)
SELECT md5('staff' || h.slug || k)::uuid, h.id, u.id,
       CASE WHEN k = 0 THEN 'hub_admin' ELSE 'facilitator' END, 'active',
       '2024-11-01', '2024-11-01', '2024-11-01'
FROM (SELECT id, slug, row_number() OVER (ORDER BY slug) AS rn FROM hubs) h
CROSS JOIN generate_series(0, 2) AS k
JOIN (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM users WHERE role = 'owner') u
  ON u.rn = (h.rn - 1) * 3 + k + 1
"""
# A member's hub: the hub of their regency, else one drawn by their id.
_HUB_OF = """coalesce(
    (SELECT id FROM hubs WHERE hubs.region_code = {region} ORDER BY slug LIMIT 1),
    (SELECT id FROM hubs ORDER BY slug
     OFFSET abs(hashtext({key}::text || 'h')) % {hubs} LIMIT 1))"""
_CREATIVES = f"""
INSERT INTO hub_creatives (id, hub_id, creative_id, status, verified_at, created_at, updated_at)
SELECT md5('affiliation' || cp.id)::uuid,
       {_HUB_OF.format(region="cp.region_code", key="cp.id", hubs=HUBS)},
       cp.id, 'active', cp.created_at, cp.created_at, cp.created_at
FROM creative_profiles cp WHERE abs(hashtext(cp.id::text)) % 10 < 3
"""
_BUSINESSES = f"""
INSERT INTO hub_businesses (id, hub_id, business_id, facilitator_user_id, created_at,
    updated_at)
SELECT md5('assisted' || b.id)::uuid, hub_id, b.id,
       (SELECT user_id FROM hub_staff s WHERE s.hub_id = chosen.hub_id
        AND s.role = 'facilitator' ORDER BY s.id LIMIT 1),
       b.created_at, b.created_at
FROM businesses b
CROSS JOIN LATERAL (SELECT {_HUB_OF.format(region="b.region_code", key="b.id", hubs=HUBS)}
                    AS hub_id) chosen
WHERE abs(hashtext(b.id::text)) % 100 < 15
"""
_POOLS = """
INSERT INTO talent_pools (id, hub_id, slug, name, description, category_slug, created_at,
    updated_at)
SELECT md5('pool' || h.slug || k)::uuid, h.id, 'pool-' || k, 'Pool ' || k || ' ' || h.name, '',
       (SELECT slug FROM categories ORDER BY position OFFSET k LIMIT 1),
       '2024-11-01', '2024-11-01'
FROM hubs h CROSS JOIN generate_series(0, 1) AS k
"""
_POOL_MEMBERS = """
INSERT INTO talent_pool_members (pool_id, creative_id, reviewed_on, note)
SELECT md5('pool' || h.slug || (abs(hashtext(hc.creative_id::text)) % 2))::uuid,
       hc.creative_id, hc.created_at::date, ''
FROM hub_creatives hc JOIN hubs h ON h.id = hc.hub_id
WHERE abs(hashtext(hc.creative_id::text || 'p')) % 2 = 0
"""
_DELEGATIONS = """
INSERT INTO delegations (id, hub_id, facilitator_user_id, owner_user_id, scopes, status,
    expires_at, approved_at, created_at, updated_at)
SELECT md5('delegation' || hb.id)::uuid, hb.hub_id, hb.facilitator_user_id, b.owner_id,
       ARRAY['gigs:write', 'proposals:read'], 'active', '2027-06-01', hb.created_at,
       hb.created_at, hb.created_at
FROM hub_businesses hb JOIN businesses b ON b.id = hb.business_id
WHERE hb.facilitator_user_id IS NOT NULL AND abs(hashtext(hb.id::text)) % 5 = 0
"""
STEPS = (
    ("milestones", _MILESTONES),
    ("reviews", _REVIEWS),
    ("disputes", _DISPUTES),
    ("hubs", _HUBS),
    ("hub parents", _PARENTS),
    ("hub_staff", _STAFF),
    ("hub_creatives", _CREATIVES),
    ("hub_businesses", _BUSINESSES),
    ("talent_pools", _POOLS),
    ("talent_pool_members", _POOL_MEMBERS),
    ("delegations", _DELEGATIONS),
)
TABLES = (
    "milestones", "reviews", "disputes", "hubs", "hub_staff", "hub_creatives",
    "hub_businesses", "talent_pools", "talent_pool_members", "delegations",
)  # fmt: skip


async def load_hub_layer(connection: asyncpg.Connection) -> dict[str, int]:
    """Insert the hub layer over a freshly loaded marketplace; returns rows per step."""
    rows: dict[str, int] = {}
    async with connection.transaction():
        for name, statement in STEPS:
            status = await connection.execute(statement)
            rows[name] = int(status.split()[-1])
    return rows
