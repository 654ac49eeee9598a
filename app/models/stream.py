"""Open live streams, counted across replicas so each user's are bounded."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, func
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin


class StreamSlot(IdMixin, Base):
    """One open `GET /v1/me/stream`. The replica serving it refreshes `seen_at` with every
    heartbeat and deletes the row when the stream ends; a row from a replica that died stops
    counting once it is a few heartbeats old."""

    __tablename__ = "stream_slots"
    __table_args__ = (Index("ix_stream_slots_user_id_seen_at", "user_id", "seen_at"),)

    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    client_id: Mapped[str | None]
    opened_at: Mapped[datetime] = mapped_column(server_default=func.now())
    seen_at: Mapped[datetime] = mapped_column(server_default=func.now())
