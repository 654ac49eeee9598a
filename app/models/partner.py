"""Partner apps: OAuth clients, their grants and codes, and outbound webhooks."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    ARRAY,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, TimestampMixin
from app.models.types import str_enum


class PartnerAppStatus(StrEnum):
    active = "active"
    suspended = "suspended"


class RateLimitTier(StrEnum):
    sandbox = "sandbox"
    standard = "standard"
    elevated = "elevated"


# What a tier grants: (requests, per seconds), counted across every replica per app
# (app/core/rate_limit.py): 1, 10 and 50 requests a second on average.
TIER_RATE_LIMITS: dict[RateLimitTier, tuple[int, int]] = {
    RateLimitTier.sandbox: (10, 10),
    RateLimitTier.standard: (100, 10),
    RateLimitTier.elevated: (500, 10),
}


class PartnerApp(IdMixin, TimestampMixin, Base):
    """An OAuth client registered by an admin; the secret is stored as a SHA-256 digest."""

    __tablename__ = "partner_apps"

    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    client_secret_hash: Mapped[str] = mapped_column(String(64))
    redirect_uris: Mapped[list[str]] = mapped_column(ARRAY(String(2048)))
    allowed_scopes: Mapped[list[str]] = mapped_column(ARRAY(String(64)))
    rate_limit_tier: Mapped[RateLimitTier] = mapped_column(
        str_enum(RateLimitTier, "rate_limit_tier")
    )
    status: Mapped[PartnerAppStatus] = mapped_column(
        str_enum(PartnerAppStatus, "partner_app_status")
    )
    created_by_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    secret_rotated_at: Mapped[datetime | None]
    suspended_at: Mapped[datetime | None]


class OAuthAuthorizationCode(IdMixin, Base):
    """A one-time code from the consent page; `token_family_id` lets reuse revoke its tokens."""

    __tablename__ = "oauth_authorization_codes"

    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    app_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("partner_apps.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    redirect_uri: Mapped[str] = mapped_column(String(2048))
    scopes: Mapped[list[str]] = mapped_column(ARRAY(String(64)))
    code_challenge: Mapped[str] = mapped_column(String(128))
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    token_family_id: Mapped[uuid.UUID | None]
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class PartnerGrant(IdMixin, TimestampMixin, Base):
    """A user's standing consent for one app: what "connected apps" lists and revokes."""

    __tablename__ = "partner_grants"
    __table_args__ = (UniqueConstraint("app_id", "user_id", name="uq_partner_grants_app_user"),)

    app_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("partner_apps.id", ondelete="CASCADE"))
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    scopes: Mapped[list[str]] = mapped_column(ARRAY(String(64)))
    revoked_at: Mapped[datetime | None]


class WebhookEndpointStatus(StrEnum):
    enabled = "enabled"
    disabled = "disabled"


class WebhookEndpoint(IdMixin, TimestampMixin, Base):
    """Where events are pushed. Owned by an app (all its connected users), an app acting for
    one user, or a user directly (first-party). The signing secret is stored encrypted under
    SECRET_KEY (app/core/encryption.py): the API and the worker must read the same one."""

    __tablename__ = "webhook_endpoints"
    __table_args__ = (
        CheckConstraint("app_id IS NOT NULL OR user_id IS NOT NULL", name="has_owner"),
        Index("ix_webhook_endpoints_app_id", "app_id"),
        Index("ix_webhook_endpoints_user_id", "user_id"),
    )

    app_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("partner_apps.id", ondelete="CASCADE")
    )
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(String(2048))
    events: Mapped[list[str]] = mapped_column(ARRAY(String(64)))
    signing_secret_encrypted: Mapped[str] = mapped_column(Text)
    status: Mapped[WebhookEndpointStatus] = mapped_column(
        str_enum(WebhookEndpointStatus, "webhook_endpoint_status")
    )
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    failing_since: Mapped[datetime | None]
    disabled_at: Mapped[datetime | None]
    disabled_reason: Mapped[str | None] = mapped_column(String(500))


class DeliveryStatus(StrEnum):
    pending = "pending"
    succeeded = "succeeded"
    failed = "failed"  # gave up after the retry window


class WebhookDelivery(IdMixin, TimestampMixin, Base):
    """One event owed to one endpoint; attempts are recorded separately."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("endpoint_id", "event_id", name="uq_webhook_deliveries_endpoint_event"),
        Index(
            "ix_webhook_deliveries_due",
            "next_attempt_at",
            postgresql_where=text("status = 'pending'"),
        ),
        Index("ix_webhook_deliveries_endpoint_id_created_at", "endpoint_id", "created_at"),
    )

    endpoint_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("webhook_endpoints.id", ondelete="CASCADE")
    )
    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    status: Mapped[DeliveryStatus] = mapped_column(str_enum(DeliveryStatus, "delivery_status"))
    attempt_count: Mapped[int] = mapped_column(Integer, default=0)
    # While pending: when the next attempt is due (a claim pushes it out as a lease).
    next_attempt_at: Mapped[datetime | None]
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    delivered_at: Mapped[datetime | None]


class WebhookAttempt(IdMixin, Base):
    __tablename__ = "webhook_attempts"
    __table_args__ = (Index("ix_webhook_attempts_delivery_id", "delivery_id", "attempted_at"),)

    delivery_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("webhook_deliveries.id", ondelete="CASCADE")
    )
    attempted_at: Mapped[datetime]
    status_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(String(500))
    duration_ms: Mapped[int] = mapped_column(Integer)


class WebhookFanoutPosition(Base):
    """How far the fan-out task has read the outbox, in (transaction id, cursor) order."""

    __tablename__ = "webhook_fanout_position"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tx_id: Mapped[int] = mapped_column(BigInteger)
    cursor: Mapped[int] = mapped_column(BigInteger)
