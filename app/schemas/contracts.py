"""Contracts and their milestones: what the two parties send and read back."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Annotated

from pydantic import ConfigDict, Field, field_validator, model_validator
from pydantic.config import JsonDict

from app.core.clock import jakarta_today
from app.models import Contract, ContractStatus, Milestone, MilestoneStatus
from app.schemas.common import (
    LongText,
    MoneyIDR,
    RequestModel,
    ResponseModel,
    Timestamp,
    Title,
    Url,
)

# Due dates are calendar dates in Indonesia (WIB), like gig deadlines.
MAX_DUE_DATE_DAYS_AHEAD = 730


Note = Annotated[LongText, Field(min_length=1)]


class MilestoneCreate(RequestModel):
    """A milestone carved out of the last pending milestone (the contract price is unchanged)."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "title": "Konsep desain kemasan (3 alternatif)",
                "amount_idr": 750_000,
                "due_date": "2026-12-05",
            }
        }
    )

    title: Title
    amount_idr: MoneyIDR
    due_date: date = Field(
        description=f"From today (WIB) up to {MAX_DUE_DATE_DAYS_AHEAD} days ahead"
    )

    @field_validator("due_date")
    @classmethod
    def _due_date_in_range(cls, value: date) -> date:
        today = jakarta_today()
        if not today <= value <= today + timedelta(days=MAX_DUE_DATE_DAYS_AHEAD):
            raise ValueError(
                f"must be between today and {MAX_DUE_DATE_DAYS_AHEAD} days from today (WIB)"
            )
        return value


class MilestoneSubmit(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "note": "Tiga alternatif desain kemasan keripik tempe, file AI dan PDF siap cetak.",
                "deliverable_urls": ["https://drive.google.com/drive/folders/1AbCdEf"],
            }
        }
    )

    note: Note
    deliverable_urls: list[Url] = Field(default_factory=list, max_length=10)
    files: list[uuid.UUID] = Field(
        default_factory=list,
        max_length=20,
        description="Ids of files uploaded with purpose `deliverable` (beside or instead of links)",
    )

    @model_validator(mode="after")
    def _something_delivered(self) -> MilestoneSubmit:
        if not self.deliverable_urls and not self.files:
            raise ValueError("send at least one of deliverable_urls or files")
        return self


class MilestoneChangesRequest(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {"note": "Tolong ganti warna hijau menjadi cokelat, sesuai warna logo kami."}
        }
    )

    note: Note


_MILESTONE_EXAMPLE: JsonDict = {
    "id": "01937b71-1d22-7c55-8a6f-4e3d2c1b0a99",
    "contract_id": "01937b71-0a00-7b00-9c00-1d2e3f405162",
    "position": 1,
    "title": "Seluruh pekerjaan",
    "amount_idr": 2_500_000,
    "due_date": "2026-12-09",
    "status": "submitted",
    "submission_note": "Desain final terlampir.",
    "deliverable_urls": ["https://drive.google.com/drive/folders/1AbCdEf"],
    "deliverable_file_ids": [],
    "change_request_note": None,
    "revision_count": 0,
    "submitted_at": "2026-12-01T09:30:00Z",
    "approved_at": None,
    "funded_at": "2026-11-26T03:00:00Z",
    "auto_release_at": "2026-12-08T09:30:00Z",
    "released_at": None,
    "released_idr": 0,
    "refunded_idr": 0,
}


class MilestoneRead(ResponseModel):
    """A milestone, the same wherever it appears: in a contract, read alone, or answered by a
    milestone action; with where its escrow stands."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={"example": _MILESTONE_EXAMPLE},
    )

    id: uuid.UUID
    contract_id: uuid.UUID
    position: int
    title: str
    amount_idr: int
    due_date: date | None
    status: MilestoneStatus
    submission_note: str | None
    deliverable_urls: list[str]
    deliverable_file_ids: list[uuid.UUID] = Field(
        description="Delivered files (GET /v1/files/{id} for download links)"
    )
    change_request_note: str | None
    revision_count: int
    submitted_at: Timestamp | None
    approved_at: Timestamp | None
    funded_at: Timestamp | None
    auto_release_at: Timestamp | None = Field(
        description="When a delivered milestone releases itself if the owner stays silent"
    )
    released_at: Timestamp | None
    released_idr: int
    refunded_idr: int


_CONTRACT_EXAMPLE: JsonDict = {
    "id": "01937b71-0a00-7b00-9c00-1d2e3f405162",
    "gig_id": "01937b6f-7e22-7b19-a0c4-5d6e7f809a1b",
    "proposal_id": "01937b70-0c11-7a44-9b5e-3f2d1c0b9a88",
    "business_id": "01937b6d-3c44-7e11-b2a3-9f8e7d6c5b4a",
    "owner_id": "01937b6c-1a2b-7c3d-8e4f-5a6b7c8d9e0f",
    "creative_id": "01937b6e-5a10-7d2f-8e31-0c9f4b2a1d77",
    "creative_user_id": "01937b6e-2f4a-7c3e-9a51-6a1d2b3c4d5e",
    "title": "Desain kemasan keripik tempe Bu Sari",
    "price_idr": 2_500_000,
    "delivery_days": 14,
    "status": "active",
    "created_at": "2026-11-25T05:00:00Z",
    "completed_at": None,
}


class ContractRead(ResponseModel):
    model_config = ConfigDict(
        from_attributes=True, json_schema_extra={"example": _CONTRACT_EXAMPLE}
    )

    id: uuid.UUID
    gig_id: uuid.UUID
    proposal_id: uuid.UUID
    business_id: uuid.UUID
    owner_id: uuid.UUID
    creative_id: uuid.UUID = Field(description="The creative's profile id")
    creative_user_id: uuid.UUID
    title: str
    price_idr: int
    delivery_days: int
    status: ContractStatus
    created_at: Timestamp
    completed_at: Timestamp | None


class ContractDetail(ContractRead):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "example": {
                **_CONTRACT_EXAMPLE,
                "milestones": [_MILESTONE_EXAMPLE],
            }
        },
    )

    milestones: list[MilestoneRead] = Field(
        description="Ordered by position; their amounts always add up to `price_idr`"
    )

    @classmethod
    def from_row(cls, contract: Contract, milestones: Sequence[Milestone]) -> ContractDetail:
        return cls.model_validate(
            {
                **ContractRead.model_validate(contract).model_dump(),
                "milestones": [MilestoneRead.model_validate(m) for m in milestones],
            }
        )
