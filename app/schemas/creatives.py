"""Creative profiles: the editable profile, its public view and directory entries."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from pydantic import ConfigDict, Field, field_validator

from app.models.creative import Availability, CreativeProfile, PortfolioItem
from app.schemas.common import (
    LongText,
    MoneyIDR,
    RegionCode,
    RequestModel,
    ResponseModel,
    Slug,
    Timestamp,
    Title,
    Url,
)
from app.schemas.hubs import HubAffiliationRef
from app.schemas.reference import RegionRef
from app.schemas.training import TrainingRecordRead

MAX_SKILLS = 30
MAX_CATEGORIES = 10
MAX_PORTFOLIO_ITEMS = 20

_PORTFOLIO_EXAMPLE: dict[str, Any] = {
    "title": "Kemasan kopi Temanggung",
    "url": "https://www.behance.net/gallery/123456/kemasan-kopi-temanggung",
    "description": "Standing pouch 250 g dan label, siap cetak CMYK.",
    "category": "packaging-design",
}
_PROFILE_EXAMPLE: dict[str, Any] = {
    "headline": "Desainer kemasan & label untuk UMKM makanan",
    "bio": "Lima tahun membantu UMKM Jawa Timur: kemasan keripik, label sambal, hampers lebaran.",
    "skills": ["packaging-design", "label-design", "pouch-design"],
    "categories": ["packaging-design", "logo-branding"],
    "region_code": "35.78",
    "rate_min_idr": 750_000,
    "availability": "available",
    "portfolio": [_PORTFOLIO_EXAMPLE],
}


class PortfolioItemWrite(RequestModel):
    model_config = ConfigDict(json_schema_extra={"example": _PORTFOLIO_EXAMPLE})

    title: Title
    url: Url = Field(description="http(s) link to the work (Behance, Instagram, Drive ...)")
    description: LongText = ""
    category: Slug
    image_file_id: uuid.UUID | None = Field(
        default=None, description="A file uploaded with purpose `portfolio_image`"
    )


class CreativeProfileWrite(RequestModel):
    """The whole profile: PUT replaces skills, categories and portfolio with what is sent."""

    model_config = ConfigDict(json_schema_extra={"example": _PROFILE_EXAMPLE})

    headline: Title
    bio: LongText
    skills: list[Slug] = Field(min_length=1, max_length=MAX_SKILLS)
    categories: list[Slug] = Field(min_length=1, max_length=MAX_CATEGORIES)
    region_code: RegionCode
    rate_min_idr: MoneyIDR | None = None
    availability: Availability
    portfolio: list[PortfolioItemWrite] = Field(max_length=MAX_PORTFOLIO_ITEMS)

    @field_validator("skills", "categories")
    @classmethod
    def _drop_repeats(cls, slugs: list[str]) -> list[str]:
        return list(dict.fromkeys(slugs))


class SkillRef(ResponseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "slug": "packaging-design",
                "name_id": "Desain Kemasan",
                "name_en": "Packaging Design",
            }
        }
    )

    slug: str
    name_id: str
    name_en: str


class CategoryRef(SkillRef):
    pass


class PortfolioItemRead(ResponseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "example": {"id": "01937b71-0c1d-7e2f-8a3b-4c5d6e7f8091", **_PORTFOLIO_EXAMPLE}
        },
    )

    id: uuid.UUID
    title: str
    url: str
    description: str
    category: str
    image_file_id: uuid.UUID | None = None


class Rating(ResponseModel):
    model_config = ConfigDict(json_schema_extra={"example": {"average": 4.85, "count": 12}})

    average: float | None = Field(description="Mean of 1-5 stars; null before the first review")
    count: int


_SUMMARY_EXAMPLE: dict[str, Any] = {
    "id": "01937b70-9f8e-7d6c-8b5a-493827161504",
    "display_name": "Dina Anggraini",
    "headline": _PROFILE_EXAMPLE["headline"],
    "skills": [
        {"slug": "packaging-design", "name_id": "Desain Kemasan", "name_en": "Packaging Design"}
    ],
    "categories": [
        {"slug": "packaging-design", "name_id": "Desain Kemasan", "name_en": "Packaging Design"}
    ],
    "region": {"code": "35.78", "name": "Kota Surabaya"},
    "rate_min_idr": 750_000,
    "availability": "available",
    "rating": {"average": 4.85, "count": 12},
    "completed_contracts": 14,
    "member_since": "2026-01-15T02:30:00Z",
}


class CreativeRecordFields(Protocol):
    """A profile with what its views show (`app.repositories.creatives.CreativeRecord`)."""

    @property
    def profile(self) -> CreativeProfile: ...
    @property
    def member_since(self) -> datetime: ...
    @property
    def region_name(self) -> str: ...
    @property
    def skills(self) -> Sequence[object]: ...
    @property
    def categories(self) -> Sequence[object]: ...
    @property
    def portfolio(self) -> Sequence[PortfolioItem]: ...
    @property
    def training(self) -> Sequence[TrainingRecordRead]: ...


def _summary_fields(record: CreativeRecordFields) -> dict[str, object]:
    profile = record.profile
    return {
        "id": profile.id,
        "display_name": profile.display_name,
        "headline": profile.headline,
        "skills": [SkillRef.model_validate(ref) for ref in record.skills],
        "categories": [CategoryRef.model_validate(ref) for ref in record.categories],
        "region": RegionRef(code=profile.region_code, name=record.region_name),
        "rate_min_idr": profile.rate_min_idr,
        "availability": profile.availability,
        "rating": Rating(average=profile.rating_avg, count=profile.rating_count),
        "completed_contracts": profile.completed_contracts,
        "member_since": record.member_since,
    }


class CreativeSummary(ResponseModel):
    """A directory entry: what a UMKM owner scans before opening a profile."""

    model_config = ConfigDict(json_schema_extra={"example": _SUMMARY_EXAMPLE})

    id: uuid.UUID
    display_name: str
    headline: str
    skills: list[SkillRef]
    categories: list[CategoryRef]
    region: RegionRef
    rate_min_idr: int | None
    availability: Availability
    rating: Rating
    completed_contracts: int
    member_since: Timestamp

    @classmethod
    def from_record(cls, record: CreativeRecordFields) -> CreativeSummary:
        return cls.model_validate(_summary_fields(record))


class CreativeProfileRead(CreativeSummary):
    """The full public profile; contact details stay private until a contract exists."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                **_SUMMARY_EXAMPLE,
                "bio": _PROFILE_EXAMPLE["bio"],
                "portfolio": [{"id": "01937b71-0c1d-7e2f-8a3b-4c5d6e7f8091", **_PORTFOLIO_EXAMPLE}],
                "updated_at": "2026-11-25T03:00:00Z",
                "training": [],
            }
        }
    )

    bio: str
    portfolio: list[PortfolioItemRead]
    updated_at: Timestamp
    training: list[TrainingRecordRead] = Field(
        default_factory=list,
        description="Programmes completed at hubs, each verified by its hub; newest first",
    )
    hubs: list[HubAffiliationRef] = Field(
        default_factory=list, description="Hubs that verified this creative"
    )

    @classmethod
    def from_record(
        cls, record: CreativeRecordFields, hubs: Sequence[HubAffiliationRef] = ()
    ) -> CreativeProfileRead:
        return cls.model_validate(
            {
                **_summary_fields(record),
                "hubs": list(hubs),
                "bio": record.profile.bio,
                "portfolio": [
                    PortfolioItemRead(
                        id=item.id,
                        title=item.title,
                        url=item.url,
                        description=item.description,
                        category=item.category_slug,
                        image_file_id=item.image_file_id,
                    )
                    for item in record.portfolio
                ],
                "updated_at": record.profile.updated_at,
                "training": list(record.training),
            }
        )
