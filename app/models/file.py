"""Uploaded files: message attachments, deliverables, portfolio images, dispute evidence and
avatars. The bytes live in the storage backend (app/services/files/storage.py) under keys we
make up; the row says whose they are, what they are and what uses them."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, func, text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin
from app.models.types import str_enum


class FilePurpose(StrEnum):
    message_attachment = "message_attachment"
    deliverable = "deliverable"
    portfolio_image = "portfolio_image"
    dispute_evidence = "dispute_evidence"
    avatar = "avatar"
    # A hub's certificate for a creative's training record; public with the record.
    training_certificate = "training_certificate"


class FileStatus(StrEnum):
    pending = "pending"  # uploaded, not used yet; removed by the worker after a day
    attached = "attached"  # used by a message, a milestone delivery or a portfolio item


class StoredFile(IdMixin, Base):
    __tablename__ = "files"
    __table_args__ = (
        Index(
            "ix_files_created_at_pending",
            "created_at",
            postgresql_where=text("status = 'pending'"),
        ),
        Index("ix_files_owner_id_status", "owner_id", "status"),
    )

    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    purpose: Mapped[FilePurpose] = mapped_column(str_enum(FilePurpose, "file_purpose"))
    status: Mapped[FileStatus] = mapped_column(str_enum(FileStatus, "file_status"))
    # Detected from the bytes, never taken from the client.
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int]
    # The client's name, sanitised; only ever used in Content-Disposition.
    filename: Mapped[str] = mapped_column(String(160))
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(200))
    thumbnail_key: Mapped[str | None] = mapped_column(String(200))
    width: Mapped[int | None]
    height: Mapped[int | None]
    # What uses it (who may download it follows from these).
    conversation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="SET NULL"), index=True
    )
    message_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("messages.id", ondelete="SET NULL")
    )
    contract_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("contracts.id", ondelete="SET NULL")
    )
    milestone_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("milestones.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    attached_at: Mapped[datetime | None]
