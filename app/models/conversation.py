"""Conversations between a gig's owner and a creative, their messages and read positions."""

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
)
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, IdMixin, TimestampMixin
from app.models.types import str_enum


class MessageKind(StrEnum):
    text = "text"  # written by a party
    system = "system"  # a state change (proposal shortlisted, milestone funded ...)


class MessageStatus(StrEnum):
    sent = "sent"
    retracted = "retracted"  # body hidden from the parties, kept for dispute review


class Conversation(IdMixin, TimestampMixin, Base):
    """One thread per (gig, creative); it becomes the contract's thread when one is signed."""

    __tablename__ = "conversations"
    __table_args__ = (
        UniqueConstraint("gig_id", "creative_id", name="uq_conversations_gig_id_creative_id"),
        Index("ix_conversations_owner_id_last_message_at", "owner_id", "last_message_at"),
        Index(
            "ix_conversations_creative_user_id_last_message_at",
            "creative_user_id",
            "last_message_at",
        ),
    )

    gig_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("gigs.id", ondelete="CASCADE"))
    creative_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("creative_profiles.id", ondelete="CASCADE")
    )
    # Denormalised parties so "may I see this thread?" needs no join.
    owner_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    creative_user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    contract_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("contracts.id", ondelete="SET NULL"), unique=True
    )
    last_message_at: Mapped[datetime] = mapped_column(server_default=func.now())


class Message(IdMixin, Base):
    __tablename__ = "messages"
    __table_args__ = (
        Index("ix_messages_conversation_id_id", "conversation_id", "id"),
        CheckConstraint(
            "(kind = 'system') = (sender_user_id IS NULL)", name="system_messages_have_no_sender"
        ),
    )

    conversation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE")
    )
    kind: Mapped[MessageKind] = mapped_column(str_enum(MessageKind, "message_kind"))
    status: Mapped[MessageStatus] = mapped_column(
        str_enum(MessageStatus, "message_status"), default=MessageStatus.sent
    )
    sender_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE")
    )
    # The partner app that wrote it for the sender, if any (both identities are kept).
    via_client_id: Mapped[str | None] = mapped_column(String(100))
    # The hub facilitator who wrote it for the sender under a delegation (both are shown:
    # "diposting oleh pendamping ... atas nama ...").
    acting_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    body: Mapped[str] = mapped_column(Text)
    # System messages: what happened (an event type) and the outbox event, once each.
    system_kind: Mapped[str | None] = mapped_column(String(64))
    event_id: Mapped[uuid.UUID | None] = mapped_column(unique=True)
    attachment_ids: Mapped[list[uuid.UUID]] = mapped_column(
        ARRAY(UUID(as_uuid=True)), default=list, server_default="{}"
    )
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    retracted_at: Mapped[datetime | None]


class ConversationRead(Base):
    """How far a party has read a thread (unread = later messages from someone else)."""

    __tablename__ = "conversation_reads"

    conversation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    last_read_message_id: Mapped[uuid.UUID]
    read_at: Mapped[datetime] = mapped_column(server_default=func.now())


class ConversationEventPosition(Base):
    """Where the worker that writes system messages has read the outbox to (one row)."""

    __tablename__ = "conversation_event_positions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tx_id: Mapped[int] = mapped_column(BigInteger)
    cursor: Mapped[int] = mapped_column(BigInteger)
