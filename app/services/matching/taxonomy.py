"""The skill taxonomy as matching reads it: which skills a text talks about, and skill families.

The taxonomy is reference data loaded from `app.reference.skills` by a migration; matching reads
the same constants in memory rather than querying the table on every request.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from app.reference.categories import CATEGORIES
from app.reference.skills import SKILLS, Skill

SKILL_BY_SLUG: dict[str, Skill] = {skill.slug: skill for skill in SKILLS}
CATEGORY_NAMES: dict[str, tuple[str, str]] = {c.slug: (c.name_id, c.name_en) for c in CATEGORIES}

# Synonyms this short are also ordinary words or abbreviations of something else ("ai", "lp",
# "vo", "pp ig"); they still count when the skill is tagged, but never as evidence in free text.
_MIN_PHRASE_LENGTH = 4


def _phrases(skill: Skill) -> list[str]:
    phrases = {skill.name_id.lower(), skill.name_en.lower(), *skill.synonyms}
    return sorted(p for p in phrases if len(p) >= _MIN_PHRASE_LENGTH)


@cache
def skill_pattern(slug: str) -> re.Pattern[str]:
    """Whole-phrase alternation of a skill's names and synonyms (Indonesian and English)."""
    alternatives = "|".join(re.escape(p) for p in _phrases(SKILL_BY_SLUG[slug]))
    return re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])")


def skills_mentioned(text: str, among: Iterable[str] | None = None) -> frozenset[str]:
    """Skills whose name or a synonym appears in `text` (all skills, or only those `among`)."""
    lowered = text.lower()
    slugs = SKILL_BY_SLUG.keys() if among is None else among
    return frozenset(slug for slug in slugs if skill_pattern(slug).search(lowered))


@cache
def skills_of_category(category_slug: str) -> tuple[str, ...]:
    return tuple(skill.slug for skill in SKILLS if skill.category_slug == category_slug)


def category_of(slug: str) -> str | None:
    skill = SKILL_BY_SLUG.get(slug)
    return skill.category_slug if skill is not None else None


def skill_names(slugs: Iterable[str]) -> tuple[list[str], list[str]]:
    """Indonesian and English display names of known skills, in taxonomy order."""
    wanted = set(slugs)
    ordered = [s for s in SKILLS if s.slug in wanted]
    return [s.name_id for s in ordered], [s.name_en for s in ordered]
