"""Load the evaluation set into a database and measure the ranking against the judgments.

Used by `python -m bench.matching.evaluate` (its own database, ablations, report) and by
tests/matching/test_quality_floor.py (inside a rolled-back test transaction).
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from statistics import mean

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import jakarta_today
from app.models import (
    Business,
    CreativeProfile,
    Gig,
    PortfolioItem,
    User,
    creative_categories,
    creative_skills,
    gig_skills,
)
from app.services.matching import loading
from app.services.matching.candidates import pool_candidates
from app.services.matching.recommendations import score_creatives_for_gig
from app.services.matching.signals import Signal
from bench.matching.eval_creatives import EvalCreative, build_creatives, grade
from bench.matching.eval_gigs import EVAL_GIGS, EvalGig

RELEVANT_GRADE = 2
_NAMESPACE = uuid.UUID("6f1d3a52-8c1e-4f0b-9d37-2b7a1c5e9f40")


def _id(*parts: str) -> uuid.UUID:
    # Ids from names, so ties in a ranking break the same way on every run.
    return uuid.uuid5(_NAMESPACE, "/".join(parts))


@dataclass(frozen=True)
class LoadedSet:
    gigs: dict[uuid.UUID, EvalGig]
    creatives: dict[uuid.UUID, EvalCreative]


async def load_evaluation_set(session: AsyncSession) -> LoadedSet:
    """Insert the 51 gigs (one owner and business each) and 404 creatives; returns their ids."""
    now = datetime.now(UTC)
    users: list[dict[str, object]] = []
    owners: dict[str, uuid.UUID] = {}
    for gig in EVAL_GIGS:
        owners[gig.key] = _id("owner", gig.key)
        users.append(_user(owners[gig.key], f"pemilik-{gig.key}", "owner"))
    creatives = build_creatives()
    creative_users = {c.key: _id("user", c.key) for c in creatives}
    users += [
        _user(creative_users[c.key], f"kreatif-{c.key}", "creative", c.name) for c in creatives
    ]
    await session.execute(insert(User), users)

    businesses = {gig.key: _id("business", gig.key) for gig in EVAL_GIGS}
    await session.execute(
        insert(Business),
        [
            {
                "id": businesses[gig.key],
                "owner_id": owners[gig.key],
                "name": f"Usaha {gig.key}",
                "sector": "UMKM",
                "scale": "mikro",
                "region_code": gig.region or "31.74",
                "description": "",
            }
            for gig in EVAL_GIGS
        ],
    )
    gig_ids = {gig.key: _id("gig", gig.key) for gig in EVAL_GIGS}
    await session.execute(
        insert(Gig),
        [
            {
                "id": gig_ids[gig.key],
                "business_id": businesses[gig.key],
                "owner_id": owners[gig.key],
                "title": gig.title,
                "description": gig.description,
                "category_slug": gig.category,
                "budget_min_idr": gig.budget[0],
                "budget_max_idr": gig.budget[1],
                "deadline": jakarta_today() + timedelta(days=30),
                "region_code": gig.region,
                "work_mode": gig.work_mode,
                "status": "open",
                "published_at": now,
                "proposal_count": 0,
            }
            for gig in EVAL_GIGS
        ],
    )
    tagged = [{"gig_id": gig_ids[g.key], "skill_slug": s} for g in EVAL_GIGS for s in g.tagged]
    if tagged:
        await session.execute(insert(gig_skills), tagged)

    profile_ids = {c.key: _id("creative", c.key) for c in creatives}
    await session.execute(
        insert(CreativeProfile),
        [
            {
                "id": profile_ids[c.key],
                "user_id": creative_users[c.key],
                "display_name": c.name,
                "headline": c.headline,
                "bio": c.bio,
                "region_code": c.region,
                "rate_min_idr": c.rate_min_idr,
                "availability": "available" if c.available else "busy",
                "rating_avg": c.rating_avg,
                "rating_count": c.rating_count,
                "completed_contracts": c.completed_contracts,
            }
            for c in creatives
        ],
    )
    await session.execute(
        insert(creative_skills),
        [{"creative_id": profile_ids[c.key], "skill_slug": s} for c in creatives for s in c.tagged],
    )
    await session.execute(
        insert(creative_categories),
        [
            {"creative_id": profile_ids[c.key], "category_slug": slug}
            for c in creatives
            for slug in c.categories
        ],
    )
    portfolio = [
        {
            "id": _id("portfolio", c.key, str(n)),
            "creative_id": profile_ids[c.key],
            "position": n,
            "title": title,
            "url": f"https://www.behance.net/gallery/{c.key}-{n}",
            "description": description,
            "category_slug": category,
        }
        for c in creatives
        for n, (title, description, category) in enumerate(c.portfolio)
    ]
    if portfolio:
        await session.execute(insert(PortfolioItem), portfolio)
    await session.flush()
    return LoadedSet(
        gigs={gig_ids[g.key]: g for g in EVAL_GIGS},
        creatives={profile_ids[c.key]: c for c in creatives},
    )


def _user(user_id: uuid.UUID, handle: str, role: str, name: str | None = None) -> dict[str, object]:
    return {
        "id": user_id,
        "email": f"{handle}@eval.pasarkreatif.id",
        "password_hash": "evaluation-set-no-login",
        "full_name": name or handle,
        "role": role,
        "is_active": True,
    }


def dcg(gains: Sequence[int]) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))


@dataclass(frozen=True)
class GigResult:
    key: str
    ndcg_at_10: float
    recall_at_20: float
    new_talent_in_top_10: int
    top_10: int
    # Of the creatives judged relevant (grade >= 2), how many have no completed contract.
    new_talent_relevant: int
    relevant: int


@dataclass(frozen=True)
class Evaluation:
    per_gig: list[GigResult]

    @property
    def ndcg_at_10(self) -> float:
        return mean(r.ndcg_at_10 for r in self.per_gig)

    @property
    def recall_at_20(self) -> float:
        return mean(r.recall_at_20 for r in self.per_gig)

    @property
    def new_talent_share(self) -> float:
        """Share of all top-10 slots held by creatives with no completed contract."""
        return sum(r.new_talent_in_top_10 for r in self.per_gig) / max(
            1, sum(r.top_10 for r in self.per_gig)
        )

    @property
    def gigs_with_two_new_in_top_10(self) -> float:
        return mean(r.new_talent_in_top_10 >= 2 for r in self.per_gig)

    @property
    def new_talent_share_of_relevant(self) -> float:
        """What a ranking blind to track record would show: new talent among the relevant."""
        return sum(r.new_talent_relevant for r in self.per_gig) / max(
            1, sum(r.relevant for r in self.per_gig)
        )


async def evaluate(
    session: AsyncSession,
    loaded: LoadedSet,
    *,
    disabled: Collection[Signal] = (),
    pool_id: uuid.UUID | None = None,
) -> Evaluation:
    """Rank creatives for every evaluation gig through the service and score the rankings;
    with `pool_id`, only that talent pool's members (as `?pool=` does). Judged against all
    creatives either way, so a pool's nDCG also shows what the filter leaves out."""
    results: list[GigResult] = []
    for gig_id, gig in loaded.gigs.items():
        features = await loading.load_gig(session, gig_id)
        assert features is not None
        ids = None if pool_id is None else await pool_candidates(session, features, pool_id)
        ranked = await score_creatives_for_gig(session, features, ids, disabled=disabled)
        # Creatives that are not part of the evaluation set (none in a fresh database) are
        # judged irrelevant.
        order = [loaded.creatives.get(item.pair.creative.id) for item in ranked]
        gains = [grade(gig, c) if c is not None else 0 for c in order]
        ideal = sorted((grade(gig, c) for c in loaded.creatives.values()), reverse=True)
        relevant_creatives = [
            c for c in loaded.creatives.values() if grade(gig, c) >= RELEVANT_GRADE
        ]
        relevant = len(relevant_creatives)
        found = sum(g >= RELEVANT_GRADE for g in gains[:20])
        top = order[:10]
        results.append(
            GigResult(
                key=gig.key,
                ndcg_at_10=dcg(gains[:10]) / dcg(ideal[:10]) if dcg(ideal[:10]) else 1.0,
                recall_at_20=found / relevant if relevant else 1.0,
                new_talent_in_top_10=sum(
                    1 for c in top if c is not None and c.completed_contracts == 0
                ),
                top_10=len(top),
                new_talent_relevant=sum(c.completed_contracts == 0 for c in relevant_creatives),
                relevant=relevant,
            )
        )
    return Evaluation(results)
