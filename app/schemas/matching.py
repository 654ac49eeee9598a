"""Ranked matches: creatives for a gig, gigs for a creative, each with its score and reasons."""

from __future__ import annotations

import uuid
from typing import Any, Literal

from pydantic import ConfigDict, Field

from app.schemas.common import ResponseModel
from app.schemas.creatives import CreativeSummary
from app.schemas.gigs import GigSummary

SignalName = Literal[
    "skills",
    "text",
    "place",
    "price",
    "reputation",
    "availability",
    "hub_verified",
    "training",
    "exposure",
]

_REASONS_EXAMPLE: list[dict[str, Any]] = [
    {
        "signal": "skills",
        "contribution": 0.3,
        "text_id": "Keahlian: menguasai Desain Standing Pouch, Desain Label Produk; "
        "2 dari 2 keahlian yang dicari; kategori Desain Kemasan.",
        "text_en": "Skills: has Standing Pouch Design, Product Label Design; 2 of 2 skills "
        "sought; works in Packaging Design.",
    },
    {
        "signal": "place",
        "contribution": 0.14,
        "text_id": "Berdomisili di Kota Surabaya, lokasi pertemuan.",
        "text_en": "Based in Kota Surabaya, the meeting place.",
    },
    {
        "signal": "text",
        "contribution": 0.1271,
        "text_id": "Teks cocok dengan brief: kemasan, pouch, keripik.",
        "text_en": "Wording matches the brief: kemasan, pouch, keripik.",
    },
]


_CREATIVE_EXAMPLE: dict[str, Any] = {
    "id": "01937b70-9f8e-7d6c-8b5a-493827161504",
    "display_name": "Dina Anggraini",
    "headline": "Desainer kemasan & label untuk UMKM makanan",
    "skills": [
        {
            "slug": "pouch-design",
            "name_id": "Desain Standing Pouch",
            "name_en": "Standing Pouch Design",
        }
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
_GIG_EXAMPLE: dict[str, Any] = {
    "id": "01937b70-8c1d-7a2b-b3c4-d5e6f7a8b9c0",
    "business": {
        "id": "01937b6e-2f4a-7c3e-9a51-6a1d2b3c4d5e",
        "name": "Keripik Tempe Bu Sari",
        "region": {"code": "35.78", "name": "Kota Surabaya"},
    },
    "owner_id": "01937b6d-1a2b-7c3d-8e4f-5a6b7c8d9e0f",
    "title": "Desain kemasan standing pouch keripik tempe",
    "category": {
        "slug": "packaging-design",
        "name_id": "Desain Kemasan",
        "name_en": "Packaging Design",
    },
    "skills": [
        {
            "slug": "pouch-design",
            "name_id": "Desain Standing Pouch",
            "name_en": "Standing Pouch Design",
        }
    ],
    "budget_min_idr": 750_000,
    "budget_max_idr": 1_500_000,
    "deadline": "2027-01-15",
    "work_mode": "hybrid",
    "region": {"code": "35.78", "name": "Kota Surabaya"},
    "status": "open",
    "proposal_count": 3,
    "published_at": "2026-11-25T03:00:00Z",
    "created_at": "2026-11-25T02:45:00Z",
    "updated_at": "2026-11-25T03:00:00Z",
    "excerpt": "Kami butuh desain kemasan standing pouch untuk keripik tempe pedas 150 gram...",
}
_CREATIVE_MATCH_EXAMPLE: dict[str, Any] = {
    "creative": _CREATIVE_EXAMPLE,
    "score": 0.8712,
    "reasons": _REASONS_EXAMPLE,
}
_GIG_MATCH_EXAMPLE: dict[str, Any] = {
    "gig": _GIG_EXAMPLE,
    "score": 0.8021,
    "reasons": _REASONS_EXAMPLE,
}


class MatchReason(ResponseModel):
    """One signal's part in the score: `contribution` is its weighted value (they sum to it)."""

    model_config = ConfigDict(json_schema_extra={"example": _REASONS_EXAMPLE[0]})

    signal: SignalName
    contribution: float = Field(description="Weighted value this signal adds to `score`")
    text_id: str = Field(description="Why, in Indonesian")
    text_en: str = Field(description="Why, in English")


class CreativeMatch(ResponseModel):
    model_config = ConfigDict(json_schema_extra={"example": _CREATIVE_MATCH_EXAMPLE})

    creative: CreativeSummary
    score: float = Field(description="Sum of the reasons' contributions; higher is better")
    reasons: list[MatchReason]


class CreativeMatchList(ResponseModel):
    """The best creatives for one gig, best first (a shortlist, not a paged list)."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "gig_id": "01937b70-8c1d-7a2b-b3c4-d5e6f7a8b9c0",
                "candidates_considered": 300,
                "data": [_CREATIVE_MATCH_EXAMPLE],
            }
        }
    )

    gig_id: uuid.UUID
    candidates_considered: int = Field(description="How many creatives were scored in full")
    pool_id: uuid.UUID | None = Field(
        default=None,
        description="Only members of this talent pool were ranked: the `pool` asked for, or "
        "the gig's own pool while its exclusive window lasts",
    )
    data: list[CreativeMatch]


class GigMatch(ResponseModel):
    model_config = ConfigDict(json_schema_extra={"example": _GIG_MATCH_EXAMPLE})

    gig: GigSummary
    score: float = Field(description="Sum of the reasons' contributions; higher is better")
    reasons: list[MatchReason]


class GigMatchList(ResponseModel):
    """Open gigs recommended to one creative, best first."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "creative_id": "01937b70-9f8e-7d6c-8b5a-493827161504",
                "candidates_considered": 240,
                "data": [_GIG_MATCH_EXAMPLE],
            }
        }
    )

    creative_id: uuid.UUID
    candidates_considered: int = Field(description="How many open gigs were scored in full")
    data: list[GigMatch]
