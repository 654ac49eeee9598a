"""Gigs with their skills, proposals and contracts, generated in posting order.

A gig's status follows its age (recent gigs are open, old ones mostly completed or cancelled);
only creatives who had signed up by then propose, experienced ones win most contracts, and
on-site gigs draw many proposals from their own province. The number of proposals per gig is
steered so that the total lands on the target.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import accumulate

from bench.briefs import (
    CATEGORY_TEXT,
    CLOSINGS_EN,
    CLOSINGS_ID,
    COVER_LETTERS,
    GENERIC,
    INTROS_EN,
    INTROS_ID,
    WORK_MODE_NOTES,
    CategoryText,
)
from bench.people import (
    DAY,
    NOW,
    START,
    Businesses,
    CategoryPool,
    Creatives,
    Reference,
    as_datetime,
    time_uuid,
    weighted_index,
)
from bench.vocabulary import CHANNELS_ID, PRODUCTS

KIND_GIG, KIND_PROPOSAL, KIND_CONTRACT = 4, 5, 6
ON_SITE_CATEGORIES = frozenset({"product-photography", "video-production", "live-selling"})
DELIVERY_DAYS = (2, 3, 5, 7, 7, 10, 14, 14, 21, 30)
OPEN_PROPOSAL_STATUSES = ("submitted",) * 70 + ("shortlisted",) * 12 + ("withdrawn",) * 8
OPEN_PROPOSAL_STATUSES += ("rejected",) * 10
CLOSED_PROPOSAL_STATUSES = ("declined",) * 7 + ("rejected",) * 2 + ("withdrawn",)
Row = tuple[object, ...]


@dataclass
class GigBatch:
    gigs: list[Row] = field(default_factory=list)
    gig_skills: list[Row] = field(default_factory=list)
    proposals: list[Row] = field(default_factory=list)
    contracts: list[Row] = field(default_factory=list)


def gig_status(rng: random.Random, age_days: float) -> str:
    draw = rng.random()
    if age_days < 45:
        table = (("open", 0.80), ("in_progress", 0.88), ("draft", 0.94), ("cancelled", 1.0))
    elif age_days < 120:
        table = (("open", 0.30), ("in_progress", 0.42), ("completed", 0.82), ("draft", 0.88))
        table += (("cancelled", 1.0),)
    else:
        table = (("open", 0.03), ("in_progress", 0.05), ("completed", 0.80), ("draft", 0.83))
        table += (("cancelled", 1.0),)
    return next(status for status, edge in table if draw < edge)


def rupiah(amount: float) -> int:
    step = 50_000 if amount >= 200_000 else 10_000
    return max(step, int(amount / step + 0.5) * step)


class GigGenerator:
    """Yields `GigBatch`es; updates the creatives' completed/active contract counters."""

    def __init__(
        self,
        rng: random.Random,
        reference: Reference,
        businesses: Businesses,
        creatives: Creatives,
        *,
        gig_count: int,
        proposal_target: int,
    ) -> None:
        self.rng = rng
        self.reference = reference
        self.businesses = businesses
        self.creatives = creatives
        self.gig_count = gig_count
        self.proposal_target = proposal_target
        self.cumulative_category = list(accumulate(reference.category_weights()))
        self.proposal_serial = 0
        self.contract_serial = 0

    def batches(self, size: int) -> Iterator[GigBatch]:
        batch = GigBatch()
        for serial in range(self.gig_count):
            # sqrt spacing: posting volume grows linearly over the two years.
            created = START + (NOW - START - DAY) * math.sqrt((serial + 0.5) / self.gig_count)
            remaining_gigs = self.gig_count - serial
            mean_proposals = (self.proposal_target - self.proposal_serial) / (remaining_gigs * 0.95)
            self._gig(batch, serial, created, max(mean_proposals, 0.0))
            if len(batch.gigs) >= size:
                yield batch
                batch = GigBatch()
        if batch.gigs:
            yield batch

    def _gig(self, batch: GigBatch, serial: int, created: float, mean_proposals: float) -> None:
        rng, reference, owners = self.rng, self.reference, self.businesses
        joined_owners = bisect_right(owners.joined, created) or 1
        owner = weighted_index(rng, owners.cumulative_activity, joined_owners)
        slug = reference.category_slugs[weighted_index(rng, self.cumulative_category)]
        text = CATEGORY_TEXT.get(slug, GENERIC)
        regency = reference.regencies[owners.regency[owner]]
        product = PRODUCTS[owners.product[owner]]
        words = {
            "p": product.name_id,
            "pe": product.name_en,
            "ch": rng.choice(CHANNELS_ID),
            "biz": owners.name[owner],
            "place": regency.short_name,
        }
        draw = rng.random()
        if slug in ON_SITE_CATEGORIES:
            work_mode = "onsite" if draw < 0.4 else ("hybrid" if draw < 0.65 else "remote")
        else:
            work_mode = "onsite" if draw < 0.15 else ("hybrid" if draw < 0.3 else "remote")
        region_code = regency.code if work_mode != "remote" or rng.random() < 0.5 else None
        title, description = self._brief(text, words, work_mode)
        low, high = text.budget_idr
        budget_min = rupiah(math.exp(rng.uniform(math.log(low), math.log(high))))
        budget_max = max(budget_min, rupiah(budget_min * rng.uniform(1.0, 2.5)))
        status = gig_status(rng, (NOW - created) / DAY)
        published = created + rng.uniform(60, 7200) if status != "draft" else None
        deadline = created + rng.uniform(7, 60) * DAY
        if status in ("open", "draft") and deadline < NOW + 2 * DAY:
            deadline = NOW + rng.uniform(3, 45) * DAY
        gig_id = time_uuid(created, KIND_GIG, serial)
        skills = reference.skills_by_category.get(slug, ())
        for skill in rng.sample(skills, min(len(skills), rng.randint(1, 3))):
            batch.gig_skills.append((gig_id, skill))
        updated = published or created
        proposal_count = 0
        if published is not None:
            count = int(rng.expovariate(1.0) * mean_proposals + 0.5)
            status, proposal_count, updated = self._proposals(
                batch,
                gig=(gig_id, owners.ids[owner], owners.owner_ids[owner], title),
                slug=slug,
                province=regency.province_code if work_mode != "remote" else None,
                published=published,
                status=status,
                count=count,
                budget=(budget_min, budget_max),
                words=words,
            )
        batch.gigs.append(
            (gig_id, owners.ids[owner], owners.owner_ids[owner], title, description, slug,
             budget_min, budget_max, as_datetime(deadline).date(), region_code, work_mode,
             status, as_datetime(published) if published else None, proposal_count,
             as_datetime(created), as_datetime(updated))
        )  # fmt: skip

    def _brief(self, text: CategoryText, words: dict[str, str], work_mode: str) -> tuple[str, str]:
        rng = self.rng
        english = rng.random() < 0.25
        title = rng.choice(text.titles_en if english else text.titles_id).format(**words)
        needs = text.needs_en if english else text.needs_id
        parts = [
            rng.choice(INTROS_EN if english else INTROS_ID),
            *rng.sample(needs, min(len(needs), rng.randint(1, 2))),
            WORK_MODE_NOTES[work_mode][1 if english else 0],
            rng.choice(CLOSINGS_EN if english else CLOSINGS_ID),
        ]
        return title[:200], " ".join(parts).format(**words)

    def _proposals(
        self,
        batch: GigBatch,
        *,
        gig: tuple[object, object, object, str],
        slug: str,
        province: str | None,
        published: float,
        status: str,
        count: int,
        budget: tuple[int, int],
        words: dict[str, str],
    ) -> tuple[str, int, float]:
        """Proposals (and the contract, if any) for one gig: (gig status, count, updated)."""
        rng, creatives = self.rng, self.creatives
        pool = self.creatives.pools[slug]
        joined = bisect_right(pool.joined, published)
        needs_contract = status in ("in_progress", "completed")
        if needs_contract:
            count = max(count, 1)
        count = min(count, joined)
        if count == 0:
            return ("cancelled" if needs_contract else status), 0, published
        chosen = self._choose_creatives(pool, joined, province, published, count, needs_contract)
        gig_id, business_id, owner_id, title = gig
        statuses = OPEN_PROPOSAL_STATUSES if status == "open" else CLOSED_PROPOSAL_STATUSES
        # Indexing with random() instead of rng.choice: this loop runs three million times.
        draw = rng.random
        letters = len(COVER_LETTERS)
        updated = published
        for position, creative in enumerate(chosen):
            sent = min(published + rng.expovariate(1 / (1.5 * DAY)), published + 20 * DAY)
            sent = min(sent, NOW - 60)
            accepted = needs_contract and position == 0
            proposal_id = time_uuid(sent, KIND_PROPOSAL, self.proposal_serial)
            self.proposal_serial += 1
            price = rupiah(budget[0] * 0.8 + (budget[1] * 1.1 - budget[0] * 0.8) * draw())
            days = DELIVERY_DAYS[int(draw() * len(DELIVERY_DAYS))]
            letter = (
                COVER_LETTERS[int(draw() * letters)] + " " + COVER_LETTERS[int(draw() * letters)]
            )
            stamp = as_datetime(sent)
            batch.proposals.append(
                (proposal_id, gig_id, creatives.ids[creative], creatives.user_ids[creative],
                 letter.format(**words), price, days,
                 "accepted" if accepted else statuses[int(draw() * len(statuses))],
                 stamp, stamp)
            )  # fmt: skip
            if accepted:
                updated = self._contract(
                    batch, (gig_id, proposal_id, business_id, owner_id, title),
                    creative, price, days, sent, status,
                )  # fmt: skip
        return status, len(chosen), max(updated, published)

    def _choose_creatives(
        self,
        pool: CategoryPool,
        joined: int,
        province: str | None,
        published: float,
        count: int,
        needs_contract: bool,
    ) -> list[int]:
        """`count` distinct creatives who had joined by `published`; the winner (if any) first."""
        rng = self.rng
        chosen: dict[int, None] = {}
        if needs_contract:
            experienced = pool.cumulative_experience[joined - 1] > 0
            index = (
                weighted_index(rng, pool.cumulative_experience, joined)
                if experienced
                else rng.randrange(joined)
            )
            chosen[pool.members[index]] = None
        local = pool.by_province.get(province) if province else None
        if local is not None:
            local_joined = bisect_right(local[1], published)
            for _ in range(min(count // 2, local_joined)):
                chosen[local[0][rng.randrange(local_joined)]] = None
        draw, members = rng.random, pool.members
        attempts = 0
        while len(chosen) < count and attempts < 4 * count:
            chosen[members[int(draw() * joined)]] = None
            attempts += 1
        return list(chosen)[:count]

    def _contract(
        self,
        batch: GigBatch,
        deal: tuple[object, object, object, object, str],
        creative: int,
        price: int,
        days: int,
        accepted_proposal_sent: float,
        gig_status: str,
    ) -> float:
        rng, creatives = self.rng, self.creatives
        gig_id, proposal_id, business_id, owner_id, title = deal
        signed = min(accepted_proposal_sent + rng.uniform(0.2, 4) * DAY, NOW - 3600)
        completed_at = None
        if gig_status == "completed":
            completed_at = min(signed + days * rng.uniform(0.6, 1.3) * DAY, NOW - 60)
            creatives.completed[creative] += 1
        else:
            creatives.active[creative] += 1
        contract_id = time_uuid(signed, KIND_CONTRACT, self.contract_serial)
        self.contract_serial += 1
        batch.contracts.append(
            (contract_id, gig_id, proposal_id, business_id, owner_id, creatives.ids[creative],
             creatives.user_ids[creative], title, price, days,
             "completed" if completed_at else "active",
             as_datetime(completed_at) if completed_at else None,
             as_datetime(signed), as_datetime(completed_at or signed))
        )  # fmt: skip
        return completed_at or signed
