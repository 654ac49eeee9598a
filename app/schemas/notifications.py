"""Notifications, their per-channel delivery status, and notification preferences."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.models import NotificationChannel, NotificationDeliveryStatus, NotificationKind


class NotificationDeliveryRead(BaseModel):
    channel: NotificationChannel
    status: NotificationDeliveryStatus
    delivered: bool = Field(description="False while queued, and for failed or suppressed")
    reason: str | None = Field(
        description="Why it was suppressed (preference_off, channel_off, no_phone) or the last "
        "failure's code (whatsapp_131026, smtp_failed ...); null otherwise"
    )


class NotificationRead(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": "01939f4e-8c1a-7b3e-9f00-1a2b3c4d5e6f",
                "kind": "milestone_funded",
                "title": "Milestone didanai",
                "body": "Dana Rp2.500.000 untuk \u201cDesain kemasan\u201d ditahan di escrow.",
                "params": {"gig_title": "Desain kemasan", "amount_idr": 2500000},
                "read_at": None,
                "created_at": "2026-12-06T07:00:00Z",
                "deliveries": [
                    {"channel": "in_app", "status": "sent", "delivered": True, "reason": None},
                    {"channel": "email", "status": "sent", "delivered": True, "reason": None},
                    {
                        "channel": "whatsapp",
                        "status": "failed",
                        "delivered": False,
                        "reason": "whatsapp_131026",
                    },
                ],
            }
        }
    )

    id: uuid.UUID
    kind: NotificationKind
    title: str
    body: str
    params: dict[str, object] = Field(description="Ids and values the texts were made from")
    read_at: datetime | None
    created_at: datetime
    deliveries: list[NotificationDeliveryRead]


class NotificationsMarkRead(BaseModel):
    """Either every notification up to (and including) one id, or the listed ids."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "example": {"up_to_notification_id": "01939f4e-8c1a-7b3e-9f00-1a2b3c4d5e6f"}
        },
    )

    up_to_notification_id: uuid.UUID | None = None
    ids: list[uuid.UUID] | None = Field(default=None, min_length=1, max_length=100)

    @model_validator(mode="after")
    def _exactly_one(self) -> NotificationsMarkRead:
        if (self.up_to_notification_id is None) == (self.ids is None):
            raise ValueError("pass either up_to_notification_id or ids")
        return self


class NotificationsMarked(BaseModel):
    marked: int = Field(description="Notifications that became read with this call")
    unread: int = Field(description="Your unread notifications left")


class ChannelAvailability(BaseModel):
    channel: NotificationChannel
    available: bool
    reason: str | None = Field(
        description="Why the channel cannot reach you: channel_off (not configured on this "
        "server) or no_phone (no phone number on your account)"
    )


class NotificationPreference(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "example": {"kind": "message_received", "channel": "email", "enabled": False}
        },
    )

    kind: NotificationKind
    channel: NotificationChannel
    enabled: bool


class NotificationPreferences(BaseModel):
    channels: list[ChannelAvailability]
    preferences: list[NotificationPreference] = Field(
        description="Every kind x channel, your choice or the default"
    )


class NotificationPreferencesUpdate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "example": {
                "preferences": [
                    {"kind": "message_received", "channel": "email", "enabled": False},
                    {"kind": "proposal_received", "channel": "whatsapp", "enabled": True},
                ]
            }
        },
    )

    preferences: list[NotificationPreference] = Field(min_length=1, max_length=100)


class Unsubscribed(BaseModel):
    kind: NotificationKind
    channel: NotificationChannel
    enabled: bool
