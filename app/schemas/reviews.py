"""Reviews between the parties of a completed contract."""

from __future__ import annotations

import uuid
from typing import Annotated

from pydantic import ConfigDict, Field
from pydantic.config import JsonDict

from app.schemas.common import LongText, RequestModel, ResponseModel, Timestamp

_REVIEW_EXAMPLE: JsonDict = {
    "id": "01937b80-0000-7000-8000-00000000c001",
    "contract_id": "01937b71-0a00-7b00-9c00-1d2e3f405162",
    "author_user_id": "01937b6c-1a2b-7c3d-8e4f-5a6b7c8d9e0f",
    "subject_user_id": "01937b6e-2f4a-7c3e-9a51-6a1d2b3c4d5e",
    "rating": 5,
    "comment": "Desain kemasannya rapi, revisi cepat, dan file siap cetak. Mantap.",
    "published_at": "2026-12-05T08:00:00Z",
    "created_at": "2026-12-04T08:00:00Z",
}


class ReviewCreate(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "rating": 5,
                "comment": "Desain kemasannya rapi, revisi cepat, dan file siap cetak.",
            }
        }
    )

    rating: Annotated[int, Field(ge=1, le=5, strict=True, description="1 (poor) to 5 (excellent)")]
    comment: Annotated[LongText, Field(max_length=2000)] = ""


class ReviewRead(ResponseModel):
    model_config = ConfigDict(from_attributes=True, json_schema_extra={"example": _REVIEW_EXAMPLE})

    id: uuid.UUID
    contract_id: uuid.UUID
    author_user_id: uuid.UUID
    subject_user_id: uuid.UUID
    rating: int
    comment: str
    published_at: Timestamp | None = Field(
        description="Null while hidden: until both parties reviewed or the 7-day window closed"
    )
    created_at: Timestamp


class ContractReviewsRead(ResponseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "reviews": [_REVIEW_EXAMPLE],
                "window_closes_at": "2026-12-11T08:00:00Z",
            }
        }
    )

    reviews: list[ReviewRead] = Field(
        description="Your review, and the other party's once published (at most two)"
    )
    window_closes_at: Timestamp | None
