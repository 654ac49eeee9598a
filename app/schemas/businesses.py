"""UMKM business profiles: create, edit and the public view."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from pydantic import ConfigDict, Field, StringConstraints, model_validator

from app.models.business import Business, BusinessScale
from app.schemas.common import (
    LongText,
    Name,
    RegionCode,
    RequestModel,
    ResponseModel,
    ShortText,
    Timestamp,
)
from app.schemas.npwp import Npwp, masked_npwp
from app.schemas.reference import RegionRef

Sector = Annotated[
    ShortText,
    Field(min_length=1, description="What the business does, e.g. `Makanan ringan`"),
]
Nib = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9]{13}$"),
    Field(description="Nomor Induk Berusaha from OSS: exactly 13 digits"),
]

_BUSINESS_EXAMPLE: dict[str, Any] = {
    "name": "Keripik Tempe Bu Darmi",
    "sector": "Makanan ringan",
    "scale": "mikro",
    "region_code": "35.73",
    "description": "Keripik tempe renyah khas Malang, dijual di toko oleh-oleh dan Shopee.",
    "nib": "9120001234567",
    "npwp": "012345678901000",
}


class BusinessCreate(RequestModel):
    model_config = ConfigDict(json_schema_extra={"example": _BUSINESS_EXAMPLE})

    name: Name
    sector: Sector
    scale: BusinessScale
    region_code: RegionCode
    description: LongText = ""
    nib: Nib | None = None
    npwp: Npwp | None = None


class BusinessUpdate(RequestModel):
    """Partial update: only the fields sent change; `description`, `nib` and `npwp` may be
    null."""

    model_config = ConfigDict(
        json_schema_extra={"example": {"scale": "kecil", "region_code": "35.07", "nib": None}}
    )

    name: Name | None = None
    sector: Sector | None = None
    scale: BusinessScale | None = None
    region_code: RegionCode | None = None
    description: LongText | None = None
    nib: Nib | None = None
    npwp: Npwp | None = None

    @model_validator(mode="after")
    def _required_fields_are_not_cleared(self) -> BusinessUpdate:
        cleared = [
            name
            for name in ("name", "sector", "scale", "region_code")
            if name in self.model_fields_set and getattr(self, name) is None
        ]
        if cleared:
            raise ValueError(f"{', '.join(cleared)} cannot be null")
        return self


class BusinessOwner(ResponseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "example": {"id": "01937b6e-2f4a-7c3e-9a51-6a1d2b3c4d5e", "name": "Darmi Lestari"}
        },
    )

    id: uuid.UUID
    name: str = Field(description="The owner's display name; contact details are never shown")


class BusinessRead(ResponseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": "01937b70-1a2b-7c3d-8e4f-5a6b7c8d9e0f",
                **_BUSINESS_EXAMPLE,
                "region": {"code": "35.73", "name": "Kota Malang"},
                "owner": {"id": "01937b6e-2f4a-7c3e-9a51-6a1d2b3c4d5e", "name": "Darmi Lestari"},
                "created_at": "2026-11-25T03:00:00Z",
                "updated_at": "2026-11-25T03:00:00Z",
            }
        },
    )

    id: uuid.UUID
    name: str
    sector: str
    scale: BusinessScale
    region_code: str
    region: RegionRef
    description: str
    nib: str | None
    npwp: str | None = Field(
        description="Whole for the owner and admins; others see all but the last 3 digits masked"
    )
    owner: BusinessOwner
    created_at: Timestamp
    updated_at: Timestamp

    @classmethod
    def from_row(
        cls, business: Business, owner_name: str, region_name: str, *, show_npwp: bool
    ) -> BusinessRead:
        """The public view: the owner by name only, never their email or phone; the NPWP whole
        only when `show_npwp` (the owner or an admin is asking)."""
        return cls(
            id=business.id,
            name=business.name,
            sector=business.sector,
            scale=business.scale,
            region_code=business.region_code,
            region=RegionRef(code=business.region_code, name=region_name),
            description=business.description,
            nib=business.nib,
            npwp=business.npwp if show_npwp else masked_npwp(business.npwp),
            owner=BusinessOwner(id=business.owner_id, name=owner_name),
            created_at=business.created_at,
            updated_at=business.updated_at,
        )
