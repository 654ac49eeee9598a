"""The hub part of a personal data export: memberships, affiliations, assisted businesses,
delegations given or held, talent pool memberships and training records."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Literal

from pydantic import Field

from app.schemas.common import ResponseModel, Timestamp


class ExportedHubMembership(ResponseModel):
    hub_id: uuid.UUID
    hub_name: str
    role: str
    status: str
    accepted_at: Timestamp | None
    created_at: Timestamp


class ExportedHubAffiliation(ResponseModel):
    hub_id: uuid.UUID
    hub_name: str
    status: str
    verified_at: Timestamp | None
    created_at: Timestamp


class ExportedAssistedBusiness(ResponseModel):
    hub_id: uuid.UUID
    hub_name: str
    business_id: uuid.UUID
    your_role: Literal["owner", "facilitator"]
    created_at: Timestamp


class ExportedDelegation(ResponseModel):
    id: uuid.UUID
    hub_id: uuid.UUID
    your_role: Literal["owner", "facilitator"]
    other_person_id: uuid.UUID
    scopes: list[str]
    status: str
    expires_at: Timestamp
    approved_at: Timestamp | None
    revoked_at: Timestamp | None
    created_at: Timestamp


class ExportedHubPoolMembership(ResponseModel):
    pool_id: uuid.UUID
    pool_name: str
    hub_id: uuid.UUID
    reviewed_on: date
    note: str


class ExportedHubTrainingRecord(ResponseModel):
    id: uuid.UUID
    hub_id: uuid.UUID
    title: str
    days: int
    completed_on: date
    certificate_file_id: uuid.UUID | None
    created_at: Timestamp


class ExportedHubData(ResponseModel):
    memberships: list[ExportedHubMembership] = Field(description="Hubs you work (or worked) for")
    affiliations: list[ExportedHubAffiliation] = Field(description="Hubs you are affiliated with")
    assisted_businesses: list[ExportedAssistedBusiness]
    delegations: list[ExportedDelegation] = Field(description="Given (owner) or held (facilitator)")
    talent_pools: list[ExportedHubPoolMembership]
    training_records: list[ExportedHubTrainingRecord]
