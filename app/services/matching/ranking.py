"""Weighing the signals into one score, and the fair-exposure rule for new creatives.

score = sum of weight(work mode, signal) x signal value, plus an exposure bonus for a few new
creatives. Each contribution is exactly its term of that sum (rounded to four places, and the
score is the sum of the rounded terms), so the reasons shown always add up to the score.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace

from app.models import WorkMode
from app.services.matching.features import Pair
from app.services.matching.signals import SIGNALS, WHEN_PRESENT, Signal

# Remote work ignores place; on-site work leans on it, since a creative from another province
# cannot come to the shop. Each row sums to 1.
#
# Hub verification and training (issue 13) are trust evidence like reputation, and they are
# what a newcomer has before any review: their 0.03 + 0.03 came out of reputation's weight, so
# a creative with neither loses at most 0.06 against one with both, less than the exposure
# lift (0.1), and a verified, trained newcomer gains on a reviewed stranger.
WEIGHTS: dict[WorkMode, dict[Signal, float]] = {
    WorkMode.remote: {
        Signal.skills: 0.34,
        Signal.text: 0.20,
        Signal.place: 0.0,
        Signal.price: 0.12,
        Signal.reputation: 0.11,
        Signal.availability: 0.17,
        Signal.hub_verified: 0.03,
        Signal.training: 0.03,
    },
    WorkMode.hybrid: {
        Signal.skills: 0.30,
        Signal.text: 0.18,
        Signal.place: 0.14,
        Signal.price: 0.11,
        Signal.reputation: 0.08,
        Signal.availability: 0.13,
        Signal.hub_verified: 0.03,
        Signal.training: 0.03,
    },
    WorkMode.onsite: {
        Signal.skills: 0.26,
        Signal.text: 0.15,
        Signal.place: 0.28,
        Signal.price: 0.10,
        Signal.reputation: 0.05,
        Signal.availability: 0.10,
        Signal.hub_verified: 0.03,
        Signal.training: 0.03,
    },
}

# Fair exposure: reputation favours creatives who already have contracts, so new ones rarely
# reach the first page. When fewer than EXPOSURE_SHARE of the top EXPOSURE_TOP slots hold a
# creative with no completed contract, the best-fitting new creatives below (skills value at
# least EXPOSURE_MIN_SKILLS) are lifted into the last of those slots, by the bonus that makes
# them level with the creative they displace, never more than EXPOSURE_MAX_BONUS. New talent
# thus gets at most that share through the rule (more only on merit), and only when it is
# nearly as good a fit.
EXPOSURE_MAX_BONUS = 0.1
EXPOSURE_TOP = 10
EXPOSURE_SHARE = 0.2
EXPOSURE_MIN_SKILLS = 0.5


@dataclass(frozen=True, slots=True)
class Scored:
    pair: Pair
    score: float
    values: dict[Signal, float]
    # Each weighed signal's term of the score (what `reasons.explain` turns into reasons).
    contributions: dict[Signal, float]

    @property
    def is_new_talent(self) -> bool:
        return self.pair.creative.completed_contracts == 0


def score_pair(pair: Pair, *, disabled: Collection[Signal] = ()) -> Scored:
    """The weighted score of one pair and each signal's contribution to it."""
    weights = WEIGHTS[pair.gig.work_mode]
    values: dict[Signal, float] = {}
    contributions: dict[Signal, float] = {}
    for signal, measure in SIGNALS.items():
        values[signal] = measure(pair)
        weight = 0.0 if signal in disabled else weights[signal]
        if weight > 0 and (values[signal] > 0 or signal not in WHEN_PRESENT):
            contributions[signal] = round(weight * values[signal], 4)
    score = round(sum(contributions.values()), 4)
    return Scored(pair=pair, score=score, values=values, contributions=contributions)


def _order(scored: Iterable[Scored], key: str) -> list[Scored]:
    def subject_id(item: Scored) -> uuid.UUID:
        return item.pair.creative.id if key == "creative" else item.pair.gig.id

    # Ties break on the id so the order is deterministic.
    ordered = sorted(scored, key=subject_id)
    return sorted(ordered, key=lambda item: item.score, reverse=True)


def _with_exposure_bonus(item: Scored, bonus: float) -> Scored:
    return replace(
        item,
        score=round(item.score + bonus, 4),
        values={**item.values, Signal.exposure: 1.0},
        contributions={**item.contributions, Signal.exposure: bonus},
    )


def apply_exposure(ranked: list[Scored]) -> list[Scored]:
    """Lift fitting new creatives into the top slots until they hold EXPOSURE_SHARE of them."""
    if len(ranked) <= EXPOSURE_TOP:
        return ranked
    slots = max(1, round(EXPOSURE_SHARE * EXPOSURE_TOP))
    missing = slots - sum(item.is_new_talent for item in ranked[:EXPOSURE_TOP])
    if missing <= 0:
        return ranked
    # Lifted creatives take the last slots, level with the first creative they push out, so
    # scores still never increase down the list.
    kept, target = ranked[: EXPOSURE_TOP - missing], ranked[EXPOSURE_TOP - missing].score
    lifted: list[Scored] = []
    for item in ranked[EXPOSURE_TOP:]:
        bonus = round(target - item.score, 4)
        if len(lifted) == missing or bonus > EXPOSURE_MAX_BONUS:
            break
        if item.is_new_talent and item.values[Signal.skills] >= EXPOSURE_MIN_SKILLS:
            lifted.append(_with_exposure_bonus(item, bonus))
    if not lifted:
        return ranked
    moved = {item.pair.creative.id for item in lifted}
    rest = [item for item in ranked[len(kept) :] if item.pair.creative.id not in moved]
    return [*kept, *lifted, *rest]


def rank_creatives(
    pairs: Iterable[Pair], *, disabled: Collection[Signal] = (), exposure: bool = True
) -> list[Scored]:
    """Creatives for one gig, best first; fair exposure applies unless disabled."""
    ranked = _order((score_pair(pair, disabled=disabled) for pair in pairs), "creative")
    if exposure and Signal.exposure not in disabled:
        ranked = apply_exposure(ranked)
    return ranked


def rank_gigs(pairs: Iterable[Pair], *, disabled: Collection[Signal] = ()) -> list[Scored]:
    """Gigs for one creative, best first."""
    return _order((score_pair(pair, disabled=disabled) for pair in pairs), "gig")
