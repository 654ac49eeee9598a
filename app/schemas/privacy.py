"""Personal data: the UU PDP export, erasure and what operators do to accounts."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import ConfigDict, Field

from app.schemas.auth import Password
from app.schemas.common import Reason, RequestModel, ResponseModel, Timestamp
from app.schemas.privacy_hubs import ExportedHubData


class ExportedUser(ResponseModel):
    id: uuid.UUID
    email: str
    full_name: str
    role: str
    phone: str | None
    is_active: bool
    created_at: Timestamp
    updated_at: Timestamp
    last_login_at: Timestamp | None
    suspended_at: Timestamp | None
    email_verified_at: Timestamp | None
    pending_email: str | None
    locale: str


class ExportedPortfolioItem(ResponseModel):
    id: uuid.UUID
    position: int
    title: str
    url: str
    description: str
    category_slug: str


class ExportedPoolMembership(ResponseModel):
    """A hub's talent pool the creative was put in (the hub's note about them included)."""

    pool_id: uuid.UUID
    pool_name: str
    hub_name: str
    reviewed_on: date
    note: str


class ExportedTrainingRecord(ResponseModel):
    id: uuid.UUID
    hub_name: str
    title: str
    days: int
    completed_on: date
    certificate_file_id: uuid.UUID | None


class ExportedCreativeProfile(ResponseModel):
    id: uuid.UUID
    display_name: str
    headline: str
    bio: str
    region_code: str
    rate_min_idr: int | None
    availability: str
    skills: list[str]
    categories: list[str]
    portfolio: list[ExportedPortfolioItem]
    talent_pools: list[ExportedPoolMembership] = []
    training: list[ExportedTrainingRecord] = []
    created_at: Timestamp
    updated_at: Timestamp


class ExportedBusiness(ResponseModel):
    id: uuid.UUID
    name: str
    sector: str
    scale: str
    region_code: str
    description: str
    nib: str | None
    npwp: str | None
    created_at: Timestamp


class ExportedGig(ResponseModel):
    id: uuid.UUID
    business_id: uuid.UUID
    title: str
    description: str
    category_slug: str
    budget_min_idr: int
    budget_max_idr: int
    deadline: date
    region_code: str | None
    work_mode: str
    status: str
    published_at: Timestamp | None
    created_at: Timestamp


class ExportedProposal(ResponseModel):
    id: uuid.UUID
    gig_id: uuid.UUID
    cover_letter: str
    price_idr: int
    delivery_days: int
    status: str
    created_at: Timestamp


class ExportedMilestone(ResponseModel):
    id: uuid.UUID
    position: int
    title: str
    amount_idr: int
    due_date: date | None
    status: str
    submission_note: str | None
    deliverable_urls: list[str]
    change_request_note: str | None
    released_idr: int
    refunded_idr: int


class ExportedContract(ResponseModel):
    id: uuid.UUID
    gig_id: uuid.UUID
    business_id: uuid.UUID
    owner_id: uuid.UUID
    creative_user_id: uuid.UUID
    your_role: str
    title: str
    price_idr: int
    delivery_days: int
    status: str
    created_at: Timestamp
    completed_at: Timestamp | None
    cancelled_at: Timestamp | None
    milestones: list[ExportedMilestone]


class ExportedDispute(ResponseModel):
    id: uuid.UUID
    contract_id: uuid.UUID
    milestone_id: uuid.UUID
    kind: str
    status: str
    opened_by_you: bool
    reason: str
    response: str | None
    release_idr: int | None
    refund_idr: int | None
    resolution_note: str | None
    created_at: Timestamp


class ExportedReview(ResponseModel):
    id: uuid.UUID
    contract_id: uuid.UUID
    author_user_id: uuid.UUID
    subject_user_id: uuid.UUID
    rating: int
    comment: str
    published_at: Timestamp | None
    created_at: Timestamp


class ExportedInvitation(ResponseModel):
    id: uuid.UUID
    gig_id: uuid.UUID
    owner_id: uuid.UUID
    creative_user_id: uuid.UUID
    message: str | None
    status: str
    created_at: Timestamp


class ExportedPayment(ResponseModel):
    id: uuid.UUID
    contract_id: uuid.UUID
    milestone_id: uuid.UUID
    provider: str
    status: str
    amount_idr: int
    succeeded_at: Timestamp | None
    created_at: Timestamp


class ExportedPayout(ResponseModel):
    id: uuid.UUID
    milestone_id: uuid.UUID | None
    amount_idr: int
    method: str
    status: str
    reference: str | None
    paid_at: Timestamp | None
    created_at: Timestamp


class ExportedPayoutAccount(ResponseModel):
    method: str
    bank_code: str | None
    account_number_last4: str | None = Field(description="Masked: only the last four digits")
    account_holder_name: str | None
    payouts_enabled: bool
    created_at: Timestamp


class ExportedMessage(ResponseModel):
    """A message the user wrote, retracted ones included (the original is kept for disputes)."""

    id: uuid.UUID
    conversation_id: uuid.UUID
    body: str
    attachment_ids: list[uuid.UUID]
    created_at: Timestamp
    retracted_at: Timestamp | None


class ExportedFile(ResponseModel):
    """A file the user uploaded: its metadata (download it through the API while it exists)."""

    id: uuid.UUID
    purpose: str
    status: str
    filename: str
    content_type: str
    size_bytes: int
    created_at: Timestamp


class ExportedNotificationDelivery(ResponseModel):
    channel: str
    status: str
    reason: str | None
    last_error: str | None
    attempts: int
    sent_at: Timestamp | None
    created_at: Timestamp


class ExportedNotification(ResponseModel):
    """Something the user was told, and how each channel delivered it."""

    id: uuid.UUID
    kind: str
    params: dict[str, Any]
    read_at: Timestamp | None
    created_at: Timestamp
    deliveries: list[ExportedNotificationDelivery]


class ExportedNotificationPreference(ResponseModel):
    kind: str
    channel: str
    enabled: bool
    updated_at: Timestamp


class ExportedSession(ResponseModel):
    """Token metadata only; token values and their hashes are never exported."""

    id: uuid.UUID
    kind: str
    client_id: str | None
    scopes: list[str]
    created_at: Timestamp
    expires_at: Timestamp
    revoked_at: Timestamp | None


class ExportedGrant(ResponseModel):
    client_id: str
    app_name: str
    scopes: list[str]
    created_at: Timestamp
    revoked_at: Timestamp | None


class ExportedWebhookEndpoint(ResponseModel):
    id: uuid.UUID
    url: str
    events: list[str]
    status: str
    created_at: Timestamp


class ExportedEvent(ResponseModel):
    id: uuid.UUID
    type: str
    subject_type: str
    subject_id: uuid.UUID
    actor_user_id: uuid.UUID | None
    principal_user_id: uuid.UUID | None = Field(
        description="Whom the actor acted for (a hub facilitator under a delegation)"
    )
    payload: dict[str, Any]
    occurred_at: Timestamp


class ExportedAdminAction(ResponseModel):
    action: str
    reason: str
    created_at: Timestamp


class PersonalDataExport(ResponseModel):
    """Everything Pasar Kreatif holds about one account (UU PDP 27/2022, right of access)."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "generated_at": "2026-12-06T04:00:00Z",
                "user": {
                    "id": "01937b6e-2f4a-7c3e-9a51-6a1d2b3c4d5e",
                    "email": "sari.batik@contoh.id",
                    "full_name": "Sari Wulandari",
                    "role": "owner",
                    "phone": "+6281234567890",
                    "is_active": True,
                    "created_at": "2026-11-25T03:00:00Z",
                    "updated_at": "2026-11-25T03:00:00Z",
                    "last_login_at": "2026-12-06T03:59:00Z",
                    "suspended_at": None,
                },
                "creative_profile": None,
                "businesses": [],
                "gigs": [],
                "proposals": [],
                "contracts": [],
                "disputes": [],
                "reviews_written": [],
                "reviews_received": [],
                "invitations": [],
                "payments": [],
                "payouts": [],
                "payout_account": None,
                "sessions": [],
                "connected_apps": [],
                "webhook_endpoints": [],
                "events": [],
                "admin_actions": [],
                "messages": [],
                "files": [],
                "notifications": [],
                "notification_preferences": [],
                "hubs": {
                    "memberships": [],
                    "affiliations": [],
                    "assisted_businesses": [],
                    "delegations": [],
                    "talent_pools": [],
                    "training_records": [],
                },
            }
        }
    )

    generated_at: datetime
    user: ExportedUser
    creative_profile: ExportedCreativeProfile | None
    businesses: list[ExportedBusiness]
    gigs: list[ExportedGig]
    proposals: list[ExportedProposal]
    contracts: list[ExportedContract] = Field(description="With their milestones")
    disputes: list[ExportedDispute]
    reviews_written: list[ExportedReview]
    reviews_received: list[ExportedReview]
    invitations: list[ExportedInvitation] = Field(description="Sent (owners) or received")
    payments: list[ExportedPayment]
    payouts: list[ExportedPayout]
    payout_account: ExportedPayoutAccount | None
    sessions: list[ExportedSession]
    connected_apps: list[ExportedGrant] = Field(description="Partner apps you consented to")
    webhook_endpoints: list[ExportedWebhookEndpoint]
    events: list[ExportedEvent] = Field(
        description="Changes you made, or a hub facilitator made for you, as the event feed "
        "told them"
    )
    admin_actions: list[ExportedAdminAction] = Field(
        description="What operators did to your account (suspension, reinstatement) and why"
    )
    messages: list[ExportedMessage] = Field(description="Messages you wrote in conversations")
    files: list[ExportedFile] = Field(description="Files you uploaded")
    notifications: list[ExportedNotification] = Field(
        description="What you were told in-app, by email and by WhatsApp, with delivery status"
    )
    notification_preferences: list[ExportedNotificationPreference] = Field(
        description="The notification choices you made (kinds and channels not listed: default)"
    )
    hubs: ExportedHubData = Field(
        description="Hub memberships, affiliations, assisted businesses, delegations, talent "
        "pools and training records"
    )


class EraseAccountRequest(RequestModel):
    model_config = ConfigDict(json_schema_extra={"example": {"password": "kopi-tubruk-2026"}})

    password: Password = Field(description="Your current password, to confirm")


class AccountErased(ResponseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": "01937b6e-2f4a-7c3e-9a51-6a1d2b3c4d5e",
                "erased_at": "2026-12-06T04:00:00Z",
            }
        }
    )

    id: uuid.UUID
    erased_at: Timestamp


class AdminReason(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={"example": {"reason": "Penipuan: meminta pembayaran di luar platform"}}
    )

    reason: Reason = Field(description="Why; kept in the audit log")


class UserStatusRead(ResponseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    role: str
    is_active: bool
    suspended_at: Timestamp | None
    erased_at: Timestamp | None


class AuditEntryRead(ResponseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "example": {
                "id": "01937b90-0000-7000-8000-00000000a001",
                "actor_user_id": "01937b6c-1a2b-7c3d-8e4f-5a6b7c8d9e0f",
                "actor_label": "admin@pasarkreatif.id",
                "action": "user.suspend",
                "target_type": "user",
                "target_id": "01937b6e-2f4a-7c3e-9a51-6a1d2b3c4d5e",
                "reason": "Penipuan: meminta pembayaran di luar platform",
                "details": {},
                "created_at": "2026-12-06T04:00:00Z",
            }
        },
    )

    id: uuid.UUID
    actor_user_id: uuid.UUID | None
    actor_label: str
    action: str
    target_type: str
    target_id: str
    reason: str
    details: dict[str, Any]
    created_at: Timestamp
