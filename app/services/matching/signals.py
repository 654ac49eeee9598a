"""The matching signals. Each scores one aspect of a (gig, creative) pair in [0, 1];
`ranking` weighs them into the score and `reasons` says why, in Indonesian and English.

* skills: category and skill overlap through the taxonomy. A skill the gig asks for counts
  fully when the creative tagged it, 0.7 when only their headline, bio or portfolio names it (a
  name or a synonym, Indonesian or English), 0.3 when they tagged another skill of the same
  family. Skills the owner tagged weigh 1, skills the brief merely names 0.6. Value =
  0.6 x that coverage + 0.4 x category, where category is 1 when the creative lists the gig's
  category (or has portfolio in it) and 0.6 when they have a skill in it.
* text: PostgreSQL full-text rank (`indonesian` then `english`; every word widened by
  `app.services.search.indonesian`, so "kemasan" meets "pengemasan") of headline and bio
  against the brief, plus the brief's words found in the portfolio (in any of their Indonesian
  forms), saturating (0.8); plus trigram similarity of headline and title, which forgives
  misspellings such as "desain kemsan" (0.2).
* place: for on-site work the same regency scores 1, the same province 0.5, elsewhere 0; for
  hybrid work 1 / 0.7 / 0.2; remote work does not weigh place at all.
* price: 1 when the creative's minimum rate is within the budget's maximum, falling linearly to
  0 at 1.67 times it; 0.6 when they give no rate.
* reputation: 0.5 x a Bayesian-smoothed rating (5 phantom reviews at the platform prior of
  4.2, so one 5-star review does not beat twenty 4.8s; 3 stars or less scores 0, 5 scores 1)
  + 0.3 x completed contracts on a log scale saturating at 25 + 0.2 x on-time milestones
  (submitted by their due date, smoothed towards 85%).
* availability: 1 when available, 0.3 when marked busy, divided by 1 + 0.35 per active
  contract.
* hub_verified: 1 when a hub (CAK eMus, EJSC Madiun ...) has the creative as an actively
  affiliated member, else 0: a hub vouches for the people it took in, which is worth most for
  newcomers without reviews. Shown only when it applies ("Terverifikasi oleh CAK eMus").
* training: 1 when a training record a hub verified names a skill the gig needs ("Pelatihan
  desain standing pouch" for a pouch brief), 0.5 when it names the gig's category or another
  of its skills ("Pelatihan desain kemasan"), 0.2 for any other completed programme, 0
  without one. Shown only when it applies ("Lulus Pelatihan desain kemasan (CAK eMus)").
* exposure (in `ranking`): a bounded lift for creatives with no completed contract yet.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from app.models import Availability, WorkMode
from app.services.matching.features import Pair, Training, needed_skills
from app.services.matching.taxonomy import (
    CATEGORY_NAMES,
    category_of,
    skills_mentioned,
    skills_of_category,
)


class Signal(StrEnum):
    skills = "skills"
    text = "text"
    place = "place"
    price = "price"
    reputation = "reputation"
    availability = "availability"
    hub_verified = "hub_verified"
    training = "training"
    exposure = "exposure"


# Signals that only ever add: a creative they do not apply to gets no reason for them (rather
# than "no hub, no training" on every other result).
WHEN_PRESENT: frozenset[Signal] = frozenset({Signal.hub_verified, Signal.training})


INFERRED_SKILL_WEIGHT = 0.6
MENTIONED_SKILL_CREDIT = 0.7
SIBLING_SKILL_CREDIT = 0.3

# ts_rank of a whole brief against a profile that does that kind of work is about 0.02-0.09
# (median 0.04; unrelated profiles mostly 0), so the curve is halfway at 0.035 and nearly flat
# past 0.1. Headline-title trigram similarity: unrelated pairs sit near 0.03, matching ones
# around 0.12-0.3.
FTS_SCALE = 0.05
# Portfolio titles and descriptions are matched word by word in Python (any Indonesian form of
# a brief word), four shared words counting like one FTS_SCALE of profile rank.
PORTFOLIO_WORDS_SCALE = 4
TRIGRAM_FLOOR, TRIGRAM_SPAN = 0.03, 0.25

RATING_PRIOR_MEAN, RATING_PRIOR_COUNT = 4.2, 5
EXPERIENCE_SATURATION = 25
ON_TIME_PRIOR, ON_TIME_PRIOR_COUNT = 0.85, 3
BUSY_FACTOR, LOAD_PENALTY = 0.3, 0.35
UNKNOWN_RATE_VALUE, OVER_BUDGET_SLOPE = 0.6, 1.5
CATEGORY_TRAINING_VALUE, OTHER_TRAINING_VALUE = 0.5, 0.2


@dataclass(frozen=True, slots=True)
class SkillMatch:
    sought: dict[str, float]  # skill -> weight (1 tagged by the owner, 0.6 named in the brief)
    tagged: list[str]
    mentioned: list[str]
    category: float
    value: float


def skill_match(pair: Pair) -> SkillMatch:
    gig, creative = pair.gig, pair.creative
    sought = {slug: 1.0 for slug in gig.explicit_skills}
    for slug in gig.inferred_skills - gig.explicit_skills:
        sought[slug] = INFERRED_SKILL_WEIGHT
    families = {category_of(slug) for slug in creative.skills}
    tagged, mentioned, credit = [], [], 0.0
    for slug, weight in sought.items():
        if slug in creative.skills:
            tagged.append(slug)
            credit += weight
        elif slug in pair.text.mentioned_skills:
            mentioned.append(slug)
            credit += weight * MENTIONED_SKILL_CREDIT
        elif category_of(slug) in families:
            credit += weight * SIBLING_SKILL_CREDIT
    if gig.category_slug in creative.categories or gig.category_slug in (
        creative.portfolio_categories
    ):
        category = 1.0
    elif gig.category_slug in families:
        category = 0.6
    else:
        category = 0.0
    coverage = credit / sum(sought.values()) if sought else category
    return SkillMatch(sought, tagged, mentioned, category, 0.6 * coverage + 0.4 * category)


def skills(pair: Pair) -> float:
    return skill_match(pair).value


def text(pair: Pair) -> float:
    evidence = pair.text
    fts = evidence.profile_rank / FTS_SCALE + len(evidence.portfolio_words) / PORTFOLIO_WORDS_SCALE
    fts_value = 1.0 - math.exp(-fts)
    trigram_value = min(1.0, max(0.0, (evidence.trigram - TRIGRAM_FLOOR) / TRIGRAM_SPAN))
    return 0.8 * fts_value + 0.2 * trigram_value


def place_relation(pair: Pair) -> str:
    """remote, regency, province or elsewhere."""
    gig, creative = pair.gig, pair.creative
    if gig.work_mode is WorkMode.remote or gig.region_code is None:
        return "remote"
    if "." in gig.region_code and creative.region_code == gig.region_code:
        return "regency"
    if creative.region_code[:2] == gig.region_code[:2]:
        return "province"
    return "elsewhere"


_PLACE_VALUES = {
    WorkMode.onsite: {"regency": 1.0, "province": 0.5, "elsewhere": 0.0},
    WorkMode.hybrid: {"regency": 1.0, "province": 0.7, "elsewhere": 0.2},
}


def place(pair: Pair) -> float:
    relation = place_relation(pair)
    return 1.0 if relation == "remote" else _PLACE_VALUES[pair.gig.work_mode][relation]


def price(pair: Pair) -> float:
    rate, ceiling = pair.creative.rate_min_idr, pair.gig.budget_max_idr
    if rate is None:
        return UNKNOWN_RATE_VALUE
    if rate <= ceiling:
        return 1.0
    return max(0.0, 1.0 - OVER_BUDGET_SLOPE * (rate / ceiling - 1.0))


def smoothed_rating(average: float | None, count: int) -> float:
    """Bayesian average: the platform prior weighs as much as RATING_PRIOR_COUNT reviews."""
    total = RATING_PRIOR_MEAN * RATING_PRIOR_COUNT + (average or 0.0) * count
    return total / (RATING_PRIOR_COUNT + count)


def reputation(pair: Pair) -> float:
    creative = pair.creative
    rating = smoothed_rating(creative.rating_avg, creative.rating_count)
    rating_part = min(1.0, max(0.0, (rating - 3.0) / 2.0))
    experience = min(
        1.0, math.log1p(creative.completed_contracts) / math.log1p(EXPERIENCE_SATURATION)
    )
    on_time = (creative.milestones_on_time + ON_TIME_PRIOR * ON_TIME_PRIOR_COUNT) / (
        creative.milestones_due + ON_TIME_PRIOR_COUNT
    )
    return 0.5 * rating_part + 0.3 * experience + 0.2 * on_time


def availability(pair: Pair) -> float:
    creative = pair.creative
    base = 1.0 if creative.availability is Availability.available else BUSY_FACTOR
    return base / (1.0 + LOAD_PENALTY * creative.active_contracts)


def hub_verified(pair: Pair) -> float:
    return 1.0 if pair.creative.hubs else 0.0


def training_match(pair: Pair) -> tuple[Training | None, float]:
    """The training that fits the gig best and its value: naming a needed skill 1, naming
    the gig's category or another skill of it CATEGORY_TRAINING_VALUE, anything else
    OTHER_TRAINING_VALUE (the newest such record); (None, 0) without any."""
    gig, trainings = pair.gig, pair.creative.trainings
    if not trainings:
        return None, 0.0
    needed = needed_skills(gig)
    same_category = frozenset(skills_of_category(gig.category_slug)) - needed
    category_names = [name.lower() for name in CATEGORY_NAMES.get(gig.category_slug, ())]
    best: tuple[Training, float] = (trainings[0], OTHER_TRAINING_VALUE)
    for record in trainings:
        title = record.title.lower()
        if needed and skills_mentioned(title, needed):
            return record, 1.0
        if best[1] < CATEGORY_TRAINING_VALUE and (
            any(name in title for name in category_names) or skills_mentioned(title, same_category)
        ):
            best = (record, CATEGORY_TRAINING_VALUE)
    return best


def training(pair: Pair) -> float:
    return training_match(pair)[1]


SIGNALS: dict[Signal, Callable[[Pair], float]] = {
    Signal.skills: skills,
    Signal.text: text,
    Signal.place: place,
    Signal.price: price,
    Signal.reputation: reputation,
    Signal.availability: availability,
    Signal.hub_verified: hub_verified,
    Signal.training: training,
}
