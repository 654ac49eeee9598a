"""Proposals: what a creative sends for a gig, and what the parties read back."""

from __future__ import annotations

import uuid
from typing import Annotated

from pydantic import ConfigDict, Field
from pydantic.config import JsonDict

from app.models import CreativeProfile, Proposal, ProposalStatus
from app.schemas.common import (
    LongText,
    MoneyIDR,
    RequestModel,
    RequiredLongText,
    ResponseModel,
    Timestamp,
)

_CREATIVE_EXAMPLE: JsonDict = {
    "id": "01937b6e-5a10-7d2f-8e31-0c9f4b2a1d77",
    "display_name": "Dimas Prasetyo",
    "headline": "Desainer kemasan untuk UMKM makanan",
    "rating_avg": 4.8,
    "rating_count": 23,
}

DeliveryDays = Annotated[int, Field(ge=1, le=365, description="Working time promised, in days")]


class ProposalCreate(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "cover_letter": (
                    "Halo Bu Sari, saya desainer kemasan dari Surabaya. Saya sudah mengerjakan "
                    "kemasan keripik dan sambal untuk 12 UMKM; contohnya ada di portofolio saya."
                ),
                "price_idr": 2_500_000,
                "delivery_days": 14,
            }
        }
    )

    cover_letter: RequiredLongText = Field(description="20 to 5000 characters")
    price_idr: MoneyIDR
    delivery_days: DeliveryDays


class ProposalReject(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {"reason": "Kami memilih desainer yang berdomisili di Cimahi."}
        }
    )

    reason: LongText | None = Field(
        default=None, description="Shown to the creative in the `proposal.rejected` event"
    )


class ProposalCreative(ResponseModel):
    """The creative who sent a proposal, as the gig owner sees them."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={"example": _CREATIVE_EXAMPLE},
    )

    id: uuid.UUID
    display_name: str
    headline: str
    rating_avg: float | None
    rating_count: int


class ProposalRead(ResponseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": "01937b70-0c11-7a44-9b5e-3f2d1c0b9a88",
                "gig_id": "01937b6f-7e22-7b19-a0c4-5d6e7f809a1b",
                "status": "submitted",
                "cover_letter": "Halo Bu Sari, saya desainer kemasan dari Surabaya...",
                "price_idr": 2_500_000,
                "delivery_days": 14,
                "creative": _CREATIVE_EXAMPLE,
                "created_at": "2026-11-25T04:12:00Z",
                "updated_at": "2026-11-25T04:12:00Z",
            }
        }
    )

    id: uuid.UUID
    gig_id: uuid.UUID
    status: ProposalStatus
    cover_letter: str
    price_idr: int
    delivery_days: int
    creative: ProposalCreative
    created_at: Timestamp
    updated_at: Timestamp
    match_score: float | None = Field(
        default=None,
        description="With `sort=match`: the creative's score for this gig, as in its matches",
    )

    @classmethod
    def from_row(
        cls, proposal: Proposal, creative: CreativeProfile, match_score: float | None = None
    ) -> ProposalRead:
        return cls(
            id=proposal.id,
            gig_id=proposal.gig_id,
            status=proposal.status,
            cover_letter=proposal.cover_letter,
            price_idr=proposal.price_idr,
            delivery_days=proposal.delivery_days,
            creative=ProposalCreative.model_validate(creative),
            created_at=proposal.created_at,
            updated_at=proposal.updated_at,
            match_score=match_score,
        )
