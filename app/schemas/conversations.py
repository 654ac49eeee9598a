"""Conversations and messages: what clients send and what they read back."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from app.models import MessageKind, MessageStatus
from app.schemas.common import RequestModel, ResponseModel, _clean_text

# Plain text: links stay text, nothing is rendered; the limit is per message.
MESSAGE_BODY_MAX = 5000

MessageBody = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MESSAGE_BODY_MAX),
    AfterValidator(_clean_text),
]


class ConversationCreate(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "gig_id": "0192f0c4-8a4e-7c1d-9b7e-3f1c2a4d5e6f",
                "creative_id": "0192f0c4-8a4e-7c1d-9b7e-3f1c2a4d5e70",
            }
        }
    )

    gig_id: uuid.UUID
    creative_id: uuid.UUID = Field(description="The creative's profile id")


class MessageCreate(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "body": "Boleh kirim contoh kemasan yang pernah Anda buat? https://contoh.id/a",
                "attachments": [],
            }
        }
    )

    body: MessageBody = Field(description="Plain text; links are kept as text")
    attachments: list[uuid.UUID] = Field(
        default_factory=list,
        max_length=10,
        description="Ids of files uploaded with purpose `message_attachment`",
    )


class ReadMark(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={"example": {"up_to_message_id": "0192f0c4-9b1a-7e2d-8c3f-4a5b6c7d8e9f"}}
    )

    up_to_message_id: uuid.UUID


class MessageRead(ResponseModel):
    id: uuid.UUID
    conversation_id: uuid.UUID
    kind: MessageKind
    status: MessageStatus
    sender_user_id: uuid.UUID | None
    body: str | None = Field(description="Null once the sender retracted the message")
    system_kind: str | None = Field(
        description="For system messages: the event type the message marks"
    )
    attachments: list[uuid.UUID]
    created_at: datetime
    retracted_at: datetime | None
    acting_user_id: uuid.UUID | None = Field(
        default=None,
        description="A hub facilitator who wrote this for the sender under a delegation",
    )
    posted_by_note: str | None = Field(
        default=None,
        description='Shown under a message a facilitator wrote: "diposting oleh pendamping '
        '<name> atas nama <owner>"',
    )


class ConversationSummary(ResponseModel):
    id: uuid.UUID
    gig_id: uuid.UUID
    creative_id: uuid.UUID
    owner_id: uuid.UUID
    creative_user_id: uuid.UUID
    contract_id: uuid.UUID | None
    created_at: datetime
    last_message_at: datetime
    last_message: MessageRead | None
    unread_count: int


class MessagePage(BaseModel):
    data: list[MessageRead]
    next_cursor: str | None = Field(
        description="Pass as the same `before` or `after` to continue; null at the end"
    )


class EvidenceMessage(MessageRead):
    original_body: str = Field(description="The body as sent, also when retracted")


class DisputeEvidence(BaseModel):
    dispute_id: uuid.UUID
    contract_id: uuid.UUID
    conversation_id: uuid.UUID | None
    messages: list[EvidenceMessage]
    file_ids: list[uuid.UUID]
