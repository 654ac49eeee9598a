"""Training records: a programme a creative completed at a hub, verified by that hub."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, ConfigDict, Field

from app.core.clock import jakarta_today
from app.models import Hub, TrainingRecord
from app.schemas.common import RequestModel, ResponseModel, Timestamp, Title


def _not_in_future(value: date) -> date:
    if value > jakarta_today():
        raise ValueError("must not be in the future (Asia/Jakarta)")
    if value.year < 1990:
        raise ValueError("must be 1990 or later")
    return value


_RECORD_EXAMPLE: dict[str, Any] = {
    "creative_id": "01937b70-9f8e-7d6c-8b5a-493827161504",
    "title": "Pelatihan desain kemasan",
    "days": 3,
    "completed_on": "2026-10-17",
}


class TrainingRecordCreate(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                **_RECORD_EXAMPLE,
                "certificate_file_id": "01937b72-0c1d-7e2f-8a3b-4c5d6e7f8091",
            }
        }
    )

    creative_id: uuid.UUID
    title: Title
    days: int = Field(ge=1, le=365, description="Length of the programme in days")
    completed_on: Annotated[date, AfterValidator(_not_in_future)]
    certificate_file_id: uuid.UUID | None = Field(
        default=None,
        description="The caller's upload with purpose `training_certificate`; public with "
        "the record",
    )


class TrainingHubRef(ResponseModel):
    id: uuid.UUID
    name: str
    slug: str


class TrainingRecordRead(ResponseModel):
    """A training record as shown on the creative's profile: verified by the hub."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": "01937b73-0c1d-7e2f-8a3b-4c5d6e7f8091",
                **_RECORD_EXAMPLE,
                "hub": {
                    "id": "01937b7f-1a2b-7c3d-8e4f-5a6b7c8d9e0f",
                    "name": "CAK eMus",
                    "slug": "cak-emus",
                },
                "certificate_file_id": None,
                "created_at": "2026-10-18T02:45:00Z",
            }
        }
    )

    id: uuid.UUID
    creative_id: uuid.UUID
    hub: TrainingHubRef
    title: str
    days: int
    completed_on: date
    certificate_file_id: uuid.UUID | None = Field(
        description="Read it (with download links) at GET /v1/files/{file_id}"
    )
    created_at: Timestamp

    @classmethod
    def from_row(cls, record: TrainingRecord, hub: Hub) -> TrainingRecordRead:
        return cls(
            id=record.id,
            creative_id=record.creative_id,
            hub=TrainingHubRef(id=hub.id, name=hub.name, slug=hub.slug),
            title=record.title,
            days=record.days,
            completed_on=record.completed_on,
            certificate_file_id=record.certificate_file_id,
            created_at=record.created_at,
        )
