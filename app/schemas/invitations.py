"""Invitations: what an owner sends a creative, and what both parties read back."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, Literal

from pydantic import ConfigDict, Field

from app.models import (
    CreativeProfile,
    Gig,
    GigStatus,
    Invitation,
    InvitationStatus,
    WorkMode,
)
from app.schemas.common import LongText, RequestModel, ResponseModel, Timestamp

_MESSAGE_EXAMPLE = (
    "Halo Mbak Dina, portofolio kemasan keripik Anda cocok sekali dengan produk kami. "
    "Silakan kirim penawaran untuk standing pouch keripik tempe kami."
)
_READ_EXAMPLE: dict[str, Any] = {
    "id": "01937b72-4d5e-7f60-8a1b-2c3d4e5f6071",
    "status": "pending",
    "message": _MESSAGE_EXAMPLE,
    "gig": {
        "id": "01937b70-8c1d-7a2b-b3c4-d5e6f7a8b9c0",
        "title": "Desain kemasan standing pouch keripik tempe",
        "status": "open",
        "deadline": "2027-01-15",
        "budget_min_idr": 750_000,
        "budget_max_idr": 1_500_000,
        "work_mode": "hybrid",
    },
    "creative": {
        "id": "01937b70-9f8e-7d6c-8b5a-493827161504",
        "display_name": "Dina Anggraini",
        "headline": "Desainer kemasan & label untuk UMKM makanan",
    },
    "created_at": "2026-11-25T04:00:00Z",
    "responded_at": None,
    "updated_at": "2026-11-25T04:00:00Z",
}


class InvitationCreate(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "creative_id": "01937b70-9f8e-7d6c-8b5a-493827161504",
                "message": _MESSAGE_EXAMPLE,
            }
        }
    )

    creative_id: uuid.UUID = Field(description="The creative profile to invite")
    message: LongText | None = Field(default=None, description="A personal note, optional")


class InvitationGig(ResponseModel):
    id: uuid.UUID
    title: str
    status: GigStatus
    deadline: date
    budget_min_idr: int
    budget_max_idr: int
    work_mode: WorkMode


class InvitationCreative(ResponseModel):
    id: uuid.UUID
    display_name: str
    headline: str


class InvitationRead(ResponseModel):
    model_config = ConfigDict(json_schema_extra={"example": _READ_EXAMPLE})

    id: uuid.UUID
    status: InvitationStatus = Field(
        description="`expired` once the gig is no longer open or its deadline has come"
    )
    message: str | None
    gig: InvitationGig
    creative: InvitationCreative
    created_at: Timestamp
    responded_at: Timestamp | None
    updated_at: Timestamp

    @classmethod
    def from_row(
        cls,
        invitation: Invitation,
        gig: Gig,
        creative: CreativeProfile,
        *,
        status: InvitationStatus,
    ) -> InvitationRead:
        """`status` is the effective one (an unanswered invitation lapses with its gig)."""
        return cls(
            id=invitation.id,
            status=status,
            message=invitation.message,
            gig=InvitationGig.model_validate(gig),
            creative=InvitationCreative.model_validate(creative),
            created_at=invitation.created_at,
            responded_at=invitation.responded_at,
            updated_at=invitation.updated_at,
        )


class ProposalForm(ResponseModel):
    """What the creative's proposal form needs: where to send it and the owner's budget."""

    gig_id: uuid.UUID
    href: str = Field(description="Send the proposal here")
    method: Literal["POST"] = "POST"
    budget_min_idr: int
    budget_max_idr: int
    deadline: date


class InvitationAccepted(ResponseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "invitation": {**_READ_EXAMPLE, "status": "accepted"},
                "proposal_form": {
                    "gig_id": _READ_EXAMPLE["gig"]["id"],
                    "href": f"/v1/gigs/{_READ_EXAMPLE['gig']['id']}/proposals",
                    "method": "POST",
                    "budget_min_idr": 750_000,
                    "budget_max_idr": 1_500_000,
                    "deadline": "2027-01-15",
                },
            }
        }
    )

    invitation: InvitationRead
    proposal_form: ProposalForm
