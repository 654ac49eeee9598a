"""The outbound email outbox: rows written in the request's transaction, sent by the worker."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin
from app.models.types import str_enum


class OutboundEmailStatus(StrEnum):
    pending = "pending"
    sent = "sent"
    failed = "failed"


class OutboundEmail(IdMixin, Base):
    """One message to one recipient. `dedupe_key` is unique, so enqueueing the same message
    twice (a retried request) stores it once; `sent_at` is set once, by the worker that
    claimed the row."""

    __tablename__ = "outbound_emails"
    __table_args__ = (
        Index(
            "ix_outbound_emails_due",
            "next_attempt_at",
            postgresql_where="status = 'pending'",
        ),
    )

    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    to_address: Mapped[str] = mapped_column(String(254))
    template: Mapped[str] = mapped_column(String(64))
    locale: Mapped[str] = mapped_column(String(8))
    subject: Mapped[str] = mapped_column(String(300))
    # Emptied once sent: bodies may carry single-use links and personal details.
    text_body: Mapped[str | None] = mapped_column(Text)
    html_body: Mapped[str | None] = mapped_column(Text)
    status: Mapped[OutboundEmailStatus] = mapped_column(
        str_enum(OutboundEmailStatus, "outbound_email_status"), default=OutboundEmailStatus.pending
    )
    attempt_count: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(server_default=func.now())
    last_error: Mapped[str | None] = mapped_column(String(500))
    # RFC 8058 one-click unsubscribe target (List-Unsubscribe headers); notifications only.
    unsubscribe_url: Mapped[str | None] = mapped_column(String(1000))
    sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
