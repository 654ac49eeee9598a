"""The outbox: every state change a partner or worker cares about, in commit order."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ARRAY, BigInteger, Identity, Index, String, func, text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, new_id


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_audience", "audience_user_ids", postgresql_using="gin"),
        Index("ix_events_type_cursor", "type", "cursor"),
        Index("ix_events_tx_id_cursor", "tx_id", "cursor"),
    )

    # Monotonic cursor for polling (`?after=`); the UUID is the id partners deduplicate on.
    cursor: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(unique=True, default=new_id)
    type: Mapped[str] = mapped_column(String(64))
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[uuid.UUID]
    actor_user_id: Mapped[uuid.UUID | None]
    # When the actor acted for someone else (a hub facilitator under a delegation), the
    # person she acted for; null when the actor acted for herself.
    principal_user_id: Mapped[uuid.UUID | None]
    # Users allowed to see the event (the parties); partner scoping builds on this.
    audience_user_ids: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(UUID(as_uuid=True)))
    payload: Mapped[dict[str, object]] = mapped_column(JSONB)
    occurred_at: Mapped[datetime] = mapped_column(server_default=func.now())
    # The writing transaction's id. Cursors are allocated before commit, so readers order by
    # (tx_id, cursor) and only read below the oldest running transaction (app/services/
    # partners/feed.py): a late-committing event can then never land behind a reader.
    tx_id: Mapped[int] = mapped_column(
        BigInteger, server_default=text("pg_current_xact_id()::text::bigint")
    )
