"""Hubs on the evaluation set: a share of the creatives affiliated with hubs, half of those with
a training record in their real speciality, and one talent pool of every affiliated creative.

Used by `python -m bench.matching.evaluate --hubs` and tests/hubs/test_pools_exposure.py to
measure that the hub signals and the pool filter keep the fair-exposure share for newcomers.
Affiliation is drawn from a hash of the creative's key, independent of track record, as hubs
take in newcomers and established freelancers alike.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Hub, HubCreative, TalentPool, TalentPoolMember, TrainingRecord
from app.reference.skills import SKILLS
from bench.matching.evaluation import LoadedSet

_SKILL_NAMES = {skill.slug: skill.name_id for skill in SKILLS}
_NAMESPACE = uuid.UUID("0b6f3a1e-52c4-4d8e-9f1a-7c2e4b5d6a80")


@dataclass(frozen=True)
class HubbedSet:
    pool_id: uuid.UUID
    affiliated: frozenset[uuid.UUID]
    trained: frozenset[uuid.UUID]


def _draw(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=2).digest(), "big") % 100


async def add_hubs(session: AsyncSession, loaded: LoadedSet, *, share: float = 0.3) -> HubbedSet:
    """Affiliate about `share` of the creatives with one hub, train half of them, pool them all."""
    hub_id = uuid.uuid5(_NAMESPACE, "hub")
    await session.execute(
        insert(Hub),
        [
            {
                "id": hub_id,
                "slug": "cak-emus-eval",
                "name": "CAK eMus",
                "kind": "coworking",
                "region_code": "35.78",
                "description": "",
                "address": "",
            }
        ],
    )
    affiliated = [cid for cid, c in loaded.creatives.items() if _draw(c.key) < share * 100]
    trained = [cid for cid in affiliated if _draw(loaded.creatives[cid].key) % 2 == 0]
    await session.execute(
        insert(HubCreative),
        [
            {"id": uuid.uuid5(_NAMESPACE, f"aff/{cid}"), "hub_id": hub_id, "creative_id": cid}
            | {"status": "active"}
            for cid in affiliated
        ],
    )
    await session.execute(
        insert(TrainingRecord),
        [
            {
                "id": uuid.uuid5(_NAMESPACE, f"training/{cid}"),
                "hub_id": hub_id,
                "creative_id": cid,
                "title": f"Pelatihan {_SKILL_NAMES[loaded.creatives[cid].primary]}",
                "days": 3,
                "completed_on": date(2026, 10, 1),
            }
            for cid in trained
        ],
    )
    pool_id = uuid.uuid5(_NAMESPACE, "pool")
    await session.execute(
        insert(TalentPool),
        [
            {
                "id": pool_id,
                "hub_id": hub_id,
                "slug": "semua",
                "name": "Talenta CAK eMus",
                "description": "",
            }
        ],
    )
    await session.execute(
        insert(TalentPoolMember),
        [
            {"pool_id": pool_id, "creative_id": cid, "reviewed_on": date(2026, 10, 2), "note": ""}
            for cid in affiliated
        ],
    )
    await session.flush()
    return HubbedSet(pool_id, frozenset(affiliated), frozenset(trained))
