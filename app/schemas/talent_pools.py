"""Talent pools: a hub's curated creatives, as hub staff write them and as everyone reads them."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from pydantic import ConfigDict, Field

from app.models import TalentPool, TalentPoolMember
from app.schemas.common import LongText, Name, RequestModel, ResponseModel, Slug, Timestamp
from app.schemas.creatives import CreativeSummary

# How many member cards a pool's page shows; the rest through GET /v1/pools/{id}/members.
POOL_PAGE_MEMBERS = 20

_POOL_EXAMPLE: dict[str, Any] = {
    "name": "Desainer kemasan EJSC Madiun",
    "slug": "desainer-kemasan-ejsc-madiun",
    "description": "Lulusan kelas desain kemasan EJSC Bakorwil Madiun, portofolio sudah direviu.",
    "category": "packaging-design",
}


class TalentPoolCreate(RequestModel):
    model_config = ConfigDict(json_schema_extra={"example": _POOL_EXAMPLE})

    name: Name
    slug: Slug | None = Field(
        default=None, description="Unique within the hub; made from the name when omitted"
    )
    description: LongText = ""
    category: Slug | None = Field(default=None, description="The kind of work the pool is for")


class TalentPoolUpdate(RequestModel):
    """Partial update: omitted fields stay; `category: null` clears the category."""

    model_config = ConfigDict(json_schema_extra={"example": {"description": "Angkatan 2026."}})

    name: Name | None = None
    description: LongText | None = None
    category: Slug | None = None


class PoolHubRef(ResponseModel):
    id: uuid.UUID
    name: str
    slug: str


class TalentPoolRead(ResponseModel):
    """A pool as everyone sees it, with its member count (active affiliations only)."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": "01937b80-1a2b-7c3d-8e4f-5a6b7c8d9e0f",
                "hub": {
                    "id": "01937b7f-1a2b-7c3d-8e4f-5a6b7c8d9e0f",
                    "name": "EJSC Bakorwil Madiun",
                    "slug": "ejsc-madiun",
                },
                **_POOL_EXAMPLE,
                "member_count": 12,
                "created_at": "2026-11-25T02:45:00Z",
                "updated_at": "2026-11-25T02:45:00Z",
            }
        }
    )

    id: uuid.UUID
    hub: PoolHubRef
    name: str
    slug: str
    description: str
    category: str | None
    member_count: int
    created_at: Timestamp
    updated_at: Timestamp

    @classmethod
    def from_row(cls, pool: TalentPool, hub: PoolHubRef, member_count: int) -> TalentPoolRead:
        return cls(
            id=pool.id,
            hub=hub,
            name=pool.name,
            slug=pool.slug,
            description=pool.description,
            category=pool.category_slug,
            member_count=member_count,
            created_at=pool.created_at,
            updated_at=pool.updated_at,
        )


class PoolMemberWrite(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={"example": {"note": "Portofolio kemasan keripik rapi; siap kerja."}}
    )

    note: LongText = Field(default="", description="Why the hub put the creative in the pool")


class PoolMemberRead(ResponseModel):
    """A member's card. The reviewer and the note are shown to the hub's staff only."""

    creative: CreativeSummary
    reviewed_on: date
    note: str | None = Field(default=None, description="Hub staff only; null for everyone else")
    reviewed_by_user_id: uuid.UUID | None = Field(
        default=None, description="Hub staff only; null for everyone else"
    )

    @classmethod
    def from_row(
        cls, member: TalentPoolMember, creative: CreativeSummary, *, for_staff: bool
    ) -> PoolMemberRead:
        return cls(
            creative=creative,
            reviewed_on=member.reviewed_on,
            note=member.note if for_staff else None,
            reviewed_by_user_id=member.reviewed_by_user_id if for_staff else None,
        )


class TalentPoolPage(TalentPoolRead):
    """A pool's public page: the pool and its most recently reviewed members' cards."""

    members: list[PoolMemberRead] = Field(
        description=f"The {POOL_PAGE_MEMBERS} most recently reviewed members; all of them "
        "through GET /v1/pools/{pool_id}/members"
    )
