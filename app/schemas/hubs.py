"""Hubs, their staff, affiliated creatives, assisted businesses and delegations."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import ConfigDict, EmailStr, Field, StringConstraints

from app.models import (
    Delegation,
    DelegationScope,
    DelegationStatus,
    Hub,
    HubCreativeStatus,
    HubKind,
    HubStaffRole,
    HubStaffStatus,
)
from app.models.business import BusinessScale
from app.schemas.businesses import BusinessRead, Sector
from app.schemas.common import (
    LongText,
    Name,
    RegionCode,
    RequestModel,
    ResponseModel,
    ShortText,
    Timestamp,
    Url,
)

HubSlug = Annotated[
    str, StringConstraints(min_length=2, max_length=80, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
]
Phone = Annotated[str, StringConstraints(pattern=r"^\+?[0-9 -]{6,20}$")]
Password = Annotated[str, StringConstraints(min_length=1, max_length=128)]


class HubCreate(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "slug": "ejsc-madiun",
                "name": "East Java Super Corridor Bakorwil Madiun",
                "kind": "government_programme",
                "region_code": "35.77",
                "contact_email": "ejsc.madiun@jatimprov.go.id",
                "description": "Ruang kreatif Millennial Job Center di Bakorwil Madiun.",
            }
        }
    )

    slug: HubSlug
    name: Name
    kind: HubKind
    region_code: RegionCode
    parent_id: uuid.UUID | None = Field(default=None, description="The programme it belongs to")
    contact_email: EmailStr | None = Field(default=None, max_length=254)
    contact_phone: Phone | None = None
    website: Url | None = None
    description: LongText = ""
    address: ShortText = ""


class HubUpdate(RequestModel):
    """Partial update by a hub admin: only the fields sent change."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "description": "Ruang kreatif Millennial Job Center di Bakorwil Madiun.",
                "contact_phone": "+62 351 123456",
            }
        }
    )

    name: Name | None = None
    contact_email: EmailStr | None = Field(default=None, max_length=254)
    contact_phone: Phone | None = None
    website: Url | None = None
    description: LongText | None = None
    address: ShortText | None = None


class HubRef(ResponseModel):
    id: uuid.UUID
    slug: str
    name: str

    @classmethod
    def from_hub(cls, hub: Hub) -> HubRef:
        return cls(id=hub.id, slug=hub.slug, name=hub.name)


class HubSummary(HubRef):
    kind: HubKind
    region_code: str

    @classmethod
    def from_hub(cls, hub: Hub) -> HubSummary:
        return cls(
            id=hub.id, slug=hub.slug, name=hub.name, kind=hub.kind, region_code=hub.region_code
        )


class HubRead(ResponseModel):
    id: uuid.UUID
    slug: str
    name: str
    kind: HubKind
    region_code: str
    parent: HubRef | None
    contact_email: str | None
    contact_phone: str | None
    website: str | None
    description: str
    address: str
    affiliated_creatives: int = Field(description="Creatives the hub verified")
    assisted_businesses: int = Field(description="UMKM binaan registered with the hub")
    created_at: Timestamp

    @classmethod
    def from_hub(cls, hub: Hub, parent: Hub | None, *, creatives: int, businesses: int) -> HubRead:
        return cls(
            id=hub.id,
            slug=hub.slug,
            name=hub.name,
            kind=hub.kind,
            region_code=hub.region_code,
            parent=HubRef.from_hub(parent) if parent is not None else None,
            contact_email=hub.contact_email,
            contact_phone=hub.contact_phone,
            website=hub.website,
            description=hub.description,
            address=hub.address,
            affiliated_creatives=creatives,
            assisted_businesses=businesses,
            created_at=hub.created_at,
        )


class StaffInvite(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={"example": {"email": "rina@ejsc.id", "role": "facilitator"}}
    )

    email: EmailStr = Field(max_length=254)
    role: HubStaffRole


class StaffRead(ResponseModel):
    id: uuid.UUID
    hub_id: uuid.UUID
    user_id: uuid.UUID | None
    full_name: str | None
    invited_email: str | None = Field(description="Until the invitation is accepted")
    role: HubStaffRole
    status: HubStaffStatus
    accepted_at: Timestamp | None
    created_at: Timestamp


class MyHubMembership(ResponseModel):
    staff_id: uuid.UUID
    hub: HubRef
    role: HubStaffRole
    status: HubStaffStatus


class CreativeInvite(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={"example": {"creative_id": "01937b71-0c1d-7e2f-8a3b-4c5d6e7f8091"}}
    )

    creative_id: uuid.UUID = Field(description="The creative profile id")


class AffiliationRead(ResponseModel):
    id: uuid.UUID
    hub: HubRef
    creative_id: uuid.UUID
    status: HubCreativeStatus
    verified_at: Timestamp | None
    created_at: Timestamp


class HubAffiliationRef(ResponseModel):
    """A hub that verified a creative, as shown on the public profile."""

    id: uuid.UUID
    name: str
    slug: str
    verified_at: Timestamp


class AssistedBusinessCreate(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "owner_full_name": "Sri Wahyuni",
                "owner_phone": "+62 812 3456 7890",
                "owner_email": "sri.batik@contoh.id",
                "business_name": "Batik Tulis Bu Sri",
                "sector": "Kerajinan batik",
                "scale": "mikro",
                "region_code": "35.77",
            }
        }
    )

    owner_full_name: Name
    owner_phone: Phone
    owner_email: EmailStr | None = Field(
        default=None,
        max_length=254,
        description="Where the claim link goes; without it the facilitator hands the code over",
    )
    business_name: Name
    sector: Sector
    scale: BusinessScale
    region_code: RegionCode
    description: LongText = ""


class AssistedBusinessJoin(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={"example": {"business_id": "01937b71-0c1d-7e2f-8a3b-4c5d6e7f8092"}}
    )

    business_id: uuid.UUID = Field(description="One of the caller's own businesses")


class AssistedBusinessRead(ResponseModel):
    hub_id: uuid.UUID
    business: BusinessRead
    owner_user_id: uuid.UUID
    facilitator_user_id: uuid.UUID | None
    claim_pending: bool
    delegation_id: uuid.UUID | None = Field(
        default=None, description="The drafts-only delegation made at registration"
    )
    claim_token: str | None = Field(
        default=None,
        description="Only when the owner has no email: the code the facilitator hands her "
        "(POST /v1/account/claim)",
    )


class AccountClaim(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "token": "pk_cl_0193...",
                "password": "batik-kawung-madiun-2026",
                "email": None,
            }
        }
    )

    token: Annotated[str, StringConstraints(min_length=10, max_length=200)]
    password: Password
    email: EmailStr | None = Field(
        default=None,
        max_length=254,
        description="Required when the account was registered without an address",
    )


class DelegationCreate(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "owner_email": "sri.batik@contoh.id",
                "scopes": ["gigs:write", "proposals:read", "proposals:shortlist"],
                "days": 90,
            }
        }
    )

    owner_user_id: uuid.UUID | None = None
    owner_email: EmailStr | None = Field(default=None, max_length=254)
    scopes: list[DelegationScope] = Field(min_length=1, max_length=len(DelegationScope))
    days: int = Field(default=90, ge=1, le=365)


class DelegationApproveByLink(RequestModel):
    model_config = ConfigDict(json_schema_extra={"example": {"token": "pk_dl_0193..."}})

    token: Annotated[str, StringConstraints(min_length=10, max_length=200)]


class PersonRef(ResponseModel):
    id: uuid.UUID
    full_name: str


class DelegationRead(ResponseModel):
    id: uuid.UUID
    hub: HubRef
    facilitator: PersonRef
    owner: PersonRef
    scopes: list[DelegationScope]
    status: DelegationStatus
    expired: bool = Field(description="Past `expires_at`: no longer usable whatever the status")
    expires_at: Timestamp
    approved_at: Timestamp | None
    revoked_at: Timestamp | None
    created_at: Timestamp

    @classmethod
    def from_row(
        cls, d: Delegation, hub: Hub, facilitator: PersonRef, owner: PersonRef, now: datetime
    ) -> DelegationRead:
        return cls(
            id=d.id,
            hub=HubRef.from_hub(hub),
            facilitator=facilitator,
            owner=owner,
            scopes=[DelegationScope(s) for s in d.scopes],
            status=d.status,
            expired=d.expires_at <= now,
            expires_at=d.expires_at,
            approved_at=d.approved_at,
            revoked_at=d.revoked_at,
            created_at=d.created_at,
        )


class PaymentRequestRead(ResponseModel):
    milestone_id: uuid.UUID
    contract_id: uuid.UUID
    amount_idr: int
    owner_user_id: uuid.UUID
    requested_by_user_id: uuid.UUID
    pay_url: str = Field(description="Where the owner pays (the fund endpoint)")
