"""Gig request and response models."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from app.core.clock import jakarta_today
from app.core.config import get_settings
from app.models import GigStatus, WorkMode
from app.schemas.common import (
    MAX_AMOUNT_IDR,
    MoneyIDR,
    RegionCode,
    RequestModel,
    RequiredLongText,
    ResponseModel,
    SearchText,
    Slug,
    Timestamp,
    Title,
)
from app.schemas.rules import RuleError

MAX_GIG_SKILLS = 15
MAX_DEADLINE_YEARS = 2


def latest_deadline(today: date) -> date:
    try:
        return today.replace(year=today.year + MAX_DEADLINE_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year + MAX_DEADLINE_YEARS, day=28)


def _future_deadline(value: date) -> date:
    today = jakarta_today()
    if value <= today:
        raise ValueError("must be after today (Asia/Jakarta)")
    if value > latest_deadline(today):
        raise ValueError(f"must be at most {MAX_DEADLINE_YEARS} years ahead")
    return value


def _unique_slugs(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


Deadline = Annotated[
    date,
    AfterValidator(_future_deadline),
    Field(description="Last day for delivery (Asia/Jakarta date): after today, within 2 years"),
]
SkillSlugs = Annotated[
    list[Slug],
    Field(max_length=MAX_GIG_SKILLS, description="Skill slugs (at most 15; duplicates ignored)"),
    AfterValidator(_unique_slugs),
]

_DEADLINE_EXAMPLE = "2027-01-15"
_GIG_BODY_EXAMPLE: dict[str, Any] = {
    "title": "Desain kemasan standing pouch keripik tempe",
    "description": (
        "Kami butuh desain kemasan standing pouch untuk keripik tempe pedas 150 gram, "
        "lengkap dengan logo halal, PIRT, komposisi, dan file siap cetak."
    ),
    "category": "packaging-design",
    "skills": ["pouch-design", "label-design"],
    "budget_min_idr": 750_000,
    "budget_max_idr": 1_500_000,
    "deadline": _DEADLINE_EXAMPLE,
    "region_code": "35.78",
    "work_mode": "hybrid",
}


def gig_rule_errors(values: Mapping[str, Any]) -> list[RuleError]:
    """The rules a gig's fields meet together: a new gig's body, and the result of an edit
    (app/services/gigs.py maps each code to its domain error)."""
    settings = get_settings()
    broken: list[RuleError] = []
    low, high = values.get("budget_min_idr"), values.get("budget_max_idr")
    if low is not None and high is not None and low > high:
        broken.append(
            RuleError(
                "budget_max_idr",
                "budget_range_invalid",
                "budget_min_idr must not exceed budget_max_idr",
            )
        )
    bounds = {
        "min_gig_budget_idr": settings.min_gig_budget_idr,
        "max_gig_budget_idr": settings.max_gig_budget_idr,
    }
    outside = f"Budgets must lie between Rp{settings.min_gig_budget_idr:,} and " + (
        f"Rp{settings.max_gig_budget_idr:,}"
    )
    if low is not None and low < settings.min_gig_budget_idr:
        broken.append(
            RuleError("budget_min_idr", "budget_out_of_bounds", outside.replace(",", "."), bounds)
        )
    if high is not None and high > settings.max_gig_budget_idr:
        broken.append(
            RuleError("budget_max_idr", "budget_out_of_bounds", outside.replace(",", "."), bounds)
        )
    work_mode = values.get("work_mode")
    if (
        work_mode is not None
        and work_mode is not WorkMode.remote
        and "region_code" in values
        and values["region_code"] is None
    ):
        broken.append(
            RuleError("region_code", "region_required", "Onsite and hybrid gigs need a region_code")
        )
    return broken


class GigCreate(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "business_id": "01937b6e-2f4a-7c3e-9a51-6a1d2b3c4d5e",
                **_GIG_BODY_EXAMPLE,
                "status": "open",
            }
        }
    )

    business_id: uuid.UUID = Field(description="One of the caller's own businesses")
    title: Title
    description: RequiredLongText
    category: Slug
    skills: SkillSlugs = []
    budget_min_idr: MoneyIDR
    budget_max_idr: MoneyIDR
    deadline: Deadline
    region_code: RegionCode | None = Field(
        default=None, description="Required for onsite and hybrid work"
    )
    work_mode: WorkMode
    status: Literal["draft", "open"] = Field(
        default="open", description="`open` publishes immediately; `draft` keeps it private"
    )
    pool_id: uuid.UUID | None = Field(
        default=None,
        description="Offer the gig to a hub's talent pool first: only its members see it and "
        "propose for POOL_EXCLUSIVE_HOURS (48 h) after publishing, then everyone",
    )

    @classmethod
    def rule_errors(cls, values: Mapping[str, Any]) -> list[RuleError]:
        return gig_rule_errors(values)


_NON_NULLABLE_UPDATES = (
    "title",
    "description",
    "category",
    "skills",
    "budget_min_idr",
    "budget_max_idr",
    "deadline",
    "work_mode",
)


class GigUpdate(RequestModel):
    """Partial update: omitted fields stay as they are; `region_code: null` clears the region."""

    model_config = ConfigDict(
        json_schema_extra={"example": {"budget_max_idr": 2_000_000, "deadline": "2027-02-01"}}
    )

    title: Title | None = None
    description: RequiredLongText | None = None
    category: Slug | None = None
    skills: SkillSlugs | None = None
    budget_min_idr: MoneyIDR | None = None
    budget_max_idr: MoneyIDR | None = None
    deadline: Deadline | None = None
    region_code: RegionCode | None = None
    work_mode: WorkMode | None = None
    pool_id: uuid.UUID | None = Field(
        default=None,
        description="Offer to this talent pool first (the window runs from publishing); "
        "`null` removes the pool and opens the gig to everyone at once",
    )

    @model_validator(mode="after")
    def _only_region_may_be_null(self) -> GigUpdate:
        nulls = [f for f in _NON_NULLABLE_UPDATES if f in self.model_fields_set]
        nulls = [f for f in nulls if getattr(self, f) is None]
        if nulls:
            raise ValueError(f"{', '.join(nulls)} cannot be null; omit the field to keep it")
        return self


class GigRegion(ResponseModel):
    code: str = Field(description="Kemendagri code")
    name: str


class GigBusiness(ResponseModel):
    id: uuid.UUID
    name: str
    region: GigRegion


class GigCategory(ResponseModel):
    slug: str
    name_id: str
    name_en: str


class GigSkill(ResponseModel):
    slug: str
    name_id: str
    name_en: str


_READ_EXAMPLE: dict[str, Any] = {
    "id": "01937b70-8c1d-7a2b-b3c4-d5e6f7a8b9c0",
    "business": {
        "id": "01937b6e-2f4a-7c3e-9a51-6a1d2b3c4d5e",
        "name": "Keripik Tempe Bu Sari",
        "region": {"code": "35.78", "name": "Kota Surabaya"},
    },
    "owner_id": "01937b6d-1a2b-7c3d-8e4f-5a6b7c8d9e0f",
    "title": _GIG_BODY_EXAMPLE["title"],
    "category": {
        "slug": "packaging-design",
        "name_id": "Desain Kemasan",
        "name_en": "Packaging Design",
    },
    "skills": [
        {
            "slug": "label-design",
            "name_id": "Desain Label Produk",
            "name_en": "Product Label Design",
        },
        {
            "slug": "pouch-design",
            "name_id": "Desain Standing Pouch",
            "name_en": "Standing Pouch Design",
        },
    ],
    "budget_min_idr": 750_000,
    "budget_max_idr": 1_500_000,
    "deadline": _DEADLINE_EXAMPLE,
    "work_mode": "hybrid",
    "region": {"code": "35.78", "name": "Kota Surabaya"},
    "status": "open",
    "proposal_count": 3,
    "pool": {
        "id": "01937b80-1a2b-7c3d-8e4f-5a6b7c8d9e0f",
        "name": "Desainer kemasan EJSC Madiun",
        "hub": {"id": "01937b7f-1a2b-7c3d-8e4f-5a6b7c8d9e0f", "name": "EJSC Bakorwil Madiun"},
    },
    "exclusive_until": "2026-11-27T03:00:00Z",
    "published_at": "2026-11-25T03:00:00Z",
    "created_at": "2026-11-25T02:45:00Z",
    "updated_at": "2026-11-25T03:00:00Z",
}


class GigPoolHub(ResponseModel):
    id: uuid.UUID
    name: str


class GigPool(ResponseModel):
    """The talent pool a gig was offered to first."""

    id: uuid.UUID
    name: str
    hub: GigPoolHub


class _GigFields(ResponseModel):
    id: uuid.UUID
    business: GigBusiness
    owner_id: uuid.UUID
    title: str
    category: GigCategory
    skills: list[GigSkill]
    budget_min_idr: int
    budget_max_idr: int
    deadline: date
    work_mode: WorkMode
    region: GigRegion | None
    status: GigStatus
    proposal_count: int
    pool: GigPool | None = Field(default=None, description="Offered to this pool first")
    exclusive_until: Timestamp | None = Field(
        default=None,
        description="Until then only the pool's members see the gig and propose; null "
        "without a pool (or for a draft, until it is published)",
    )
    published_at: Timestamp | None
    created_at: Timestamp
    updated_at: Timestamp


class GigSummary(_GigFields):
    """A gig as listed in search results: the description is cut to an excerpt."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {**_READ_EXAMPLE, "excerpt": _GIG_BODY_EXAMPLE["description"][:120]}
        }
    )

    excerpt: str = Field(description="The description's first 280 characters")


class GigRead(_GigFields):
    """A gig with its full description."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {**_READ_EXAMPLE, "description": _GIG_BODY_EXAMPLE["description"]}
        }
    )

    description: str


GigSort = Literal["newest", "budget_high", "budget_low", "deadline", "relevance"]


class GigListQuery(BaseModel):
    """Filters of `GET /v1/gigs`; every combination may be used together."""

    status: GigStatus | None = Field(
        default=None,
        description="Default `open`. Public lists show open, in_progress and completed gigs; "
        "`mine=true` lists the caller's own gigs in any status (all statuses by default)",
    )
    mine: bool = Field(default=False, description="Only the signed-in owner's own gigs")
    category: Slug | None = None
    region: RegionCode | None = Field(
        default=None, description="A province code matches every regency in it"
    )
    budget_min_idr: Annotated[int, Field(ge=0, le=MAX_AMOUNT_IDR)] | None = Field(
        default=None, description="Gigs whose budget range overlaps [budget_min, budget_max]"
    )
    budget_max_idr: Annotated[int, Field(ge=0, le=MAX_AMOUNT_IDR)] | None = None
    q: SearchText | None = Field(
        default=None, description="Full-text search (Indonesian stemming, English as well)"
    )
    skill: list[Slug] = Field(
        default_factory=list, max_length=5, description="Repeatable; gigs needing all of them"
    )
    work_mode: WorkMode | None = None
    sort: GigSort | None = Field(
        default=None, description="Default `relevance` when `q` is given, else `newest`"
    )
