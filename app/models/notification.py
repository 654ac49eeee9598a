"""Notifications: what each user was told (in-app), how (channel deliveries), and what they
want to hear about (preferences). Fed from the outbox by app/services/notifications/."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, UniqueConstraint, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin
from app.models.types import str_enum


class NotificationKind(StrEnum):
    """What a notification is about; texts and defaults: app/services/notifications/kinds.py."""

    proposal_received = "proposal_received"
    proposal_shortlisted = "proposal_shortlisted"
    proposal_accepted = "proposal_accepted"
    proposal_declined = "proposal_declined"
    invitation_received = "invitation_received"
    message_received = "message_received"
    milestone_funded = "milestone_funded"
    milestone_delivered = "milestone_delivered"
    milestone_changes_requested = "milestone_changes_requested"
    milestone_paid = "milestone_paid"
    milestone_review_due = "milestone_review_due"
    dispute_opened = "dispute_opened"
    dispute_answered = "dispute_answered"
    dispute_resolved = "dispute_resolved"
    dispute_response_due = "dispute_response_due"
    payout_sent = "payout_sent"
    review_published = "review_published"
    gig_deadline_soon = "gig_deadline_soon"


class NotificationChannel(StrEnum):
    in_app = "in_app"
    email = "email"
    whatsapp = "whatsapp"


class NotificationDeliveryStatus(StrEnum):
    queued = "queued"  # waiting for its time (now, after quiet hours, after a batch window)
    sent = "sent"  # handed to the provider (SMTP server accepted it, Meta gave a message id)
    failed = "failed"  # given up after retries: shown to the user as "not delivered"
    suppressed = "suppressed"  # never sent: preference off, channel off, no phone number


class Notification(IdMixin, Base):
    """One thing a user was told, once per (event, user)."""

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("event_id", "user_id", name="uq_notifications_event_id_user_id"),
        Index("ix_notifications_user_id_id", "user_id", "id"),
        Index(
            "ix_notifications_user_id_unread", "user_id", "id", postgresql_where="read_at IS NULL"
        ),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(48))
    # The outbox event (or reminder event) it came from; no foreign key: events are history.
    event_id: Mapped[uuid.UUID]
    # What the texts need (gig title, amount, counts); never a message body.
    params: Mapped[dict[str, object]] = mapped_column(JSONB)
    read_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class NotificationPreference(IdMixin, Base):
    """A user's choice for one kind on one channel; without a row the default applies."""

    __tablename__ = "notification_preferences"
    __table_args__ = (
        UniqueConstraint(
            "user_id", "kind", "channel", name="uq_notification_preferences_user_kind_channel"
        ),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(48))
    channel: Mapped[NotificationChannel] = mapped_column(
        str_enum(NotificationChannel, "notification_channel")
    )
    enabled: Mapped[bool]
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())


class NotificationDelivery(IdMixin, Base):
    """One channel's delivery of one notification. The unique (event, user, channel) makes a
    second worker's insert a no-op, so nobody is emailed or messaged twice for one event."""

    __tablename__ = "notification_deliveries"
    __table_args__ = (
        UniqueConstraint(
            "event_id", "user_id", "channel", name="uq_notification_deliveries_event_user_channel"
        ),
        Index(
            "ix_notification_deliveries_due",
            "next_attempt_at",
            postgresql_where="status = 'queued'",
        ),
        Index("ix_notification_deliveries_notification_id", "notification_id"),
        Index("ix_notification_deliveries_user_id", "user_id"),
        Index("ix_notification_deliveries_outbound_email_id", "outbound_email_id"),
    )

    notification_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("notifications.id", ondelete="CASCADE")
    )
    event_id: Mapped[uuid.UUID]
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    channel: Mapped[NotificationChannel] = mapped_column(
        str_enum(NotificationChannel, "notification_channel")
    )
    status: Mapped[NotificationDeliveryStatus] = mapped_column(
        str_enum(NotificationDeliveryStatus, "notification_delivery_status")
    )
    # Why it was suppressed (preference_off, channel_off, no_phone), or the last failure's
    # code (whatsapp_131026, http_503, smtp_failed): codes only, nothing personal.
    reason: Mapped[str | None] = mapped_column(String(64))
    last_error: Mapped[str | None] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    # Message emails of one conversation share a key: one email per window for all of them.
    batch_key: Mapped[str | None] = mapped_column(String(120))
    outbound_email_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("outbound_emails.id", ondelete="SET NULL")
    )
    provider_message_id: Mapped[str | None] = mapped_column(String(128))
    sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class NotificationEmailBatch(Base):
    """When the last batched email for a key (a user's conversation) went out; locked while
    a worker decides, so two workers cannot both send inside one window."""

    __tablename__ = "notification_email_batches"

    batch_key: Mapped[str] = mapped_column(String(120), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    last_sent_at: Mapped[datetime | None]


class NotificationReminder(IdMixin, Base):
    """A reminder already raised (its key names the thing and the moment it is about), so a
    second worker or a second pass raises it no more."""

    __tablename__ = "notification_reminders"

    key: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class NotificationEventPosition(Base):
    """Where the notification fan-out has read the outbox to (one row)."""

    __tablename__ = "notification_event_positions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tx_id: Mapped[int] = mapped_column(BigInteger)
    cursor: Mapped[int] = mapped_column(BigInteger)
