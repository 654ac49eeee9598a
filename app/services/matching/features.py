"""What the signals read: plain, already-loaded facts about a gig, a creative and their texts."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from app.models import Availability, GigStatus, WorkMode


@dataclass(frozen=True, slots=True)
class GigFeatures:
    id: uuid.UUID
    owner_id: uuid.UUID
    status: GigStatus
    deadline: date
    title: str
    description: str
    category_slug: str
    # Skills the owner tagged, and further skills the brief names without tagging them.
    explicit_skills: frozenset[str]
    inferred_skills: frozenset[str]
    budget_min_idr: int
    budget_max_idr: int
    work_mode: WorkMode
    # Where on-site or hybrid work happens (the gig's region, else its business's).
    region_code: str | None
    region_name: str | None
    # The talent pool the gig is offered to first, and until when only its members see it.
    pool_id: uuid.UUID | None = None
    pool_exclusive_until: datetime | None = None


@dataclass(frozen=True, slots=True)
class Training:
    """A programme the creative completed, as its hub recorded it."""

    title: str
    hub_name: str


@dataclass(frozen=True, slots=True)
class CreativeFeatures:
    id: uuid.UUID
    user_id: uuid.UUID
    display_name: str
    headline: str
    member_since: datetime
    skills: frozenset[str]
    categories: frozenset[str]  # as listed on the profile
    portfolio_categories: frozenset[str]
    # Headline, bio and portfolio text, lower-cased, for skill phrases the profile did not tag.
    text: str
    portfolio_words: frozenset[str]
    region_code: str
    region_name: str
    rate_min_idr: int | None
    availability: Availability
    rating_avg: float | None
    rating_count: int
    completed_contracts: int
    active_contracts: int
    milestones_due: int
    milestones_on_time: int
    # Hubs the creative is actively affiliated with (verified by), by name.
    hubs: tuple[str, ...] = ()
    # Training records, newest first.
    trainings: tuple[Training, ...] = ()


@dataclass(frozen=True, slots=True)
class TextEvidence:
    """Full-text and trigram evidence between one gig and one creative."""

    profile_rank: float = 0.0  # ts_rank of the searched document against the other side's words
    # The other side's words (as written) that the creative's portfolio uses in some form.
    portfolio_words: tuple[str, ...] = ()
    trigram: float = 0.0  # trigram similarity of the gig title and the creative headline
    shared_words: tuple[str, ...] = field(default_factory=tuple)
    # Requested skills the creative did not tag but whose names their own words use.
    mentioned_skills: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Pair:
    gig: GigFeatures
    creative: CreativeFeatures
    text: TextEvidence


def needed_skills(gig: GigFeatures) -> frozenset[str]:
    """The skills the owner tagged and those the brief names."""
    return gig.explicit_skills | gig.inferred_skills
