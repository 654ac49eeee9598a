"""Messages as their parties see them: a retracted message keeps its place, not its body."""

from __future__ import annotations

from app.models import Message, MessageStatus
from app.schemas.conversations import EvidenceMessage, MessageRead


def message_read(message: Message) -> MessageRead:
    retracted = message.status is MessageStatus.retracted
    return MessageRead(
        id=message.id,
        conversation_id=message.conversation_id,
        kind=message.kind,
        status=message.status,
        sender_user_id=message.sender_user_id,
        body=None if retracted else message.body,
        system_kind=message.system_kind,
        attachments=[] if retracted else list(message.attachment_ids),
        created_at=message.created_at,
        retracted_at=message.retracted_at,
    )


def evidence_message(message: Message) -> EvidenceMessage:
    """For an admin reviewing a dispute: the original body and attachments, also when retracted."""
    shown = message_read(message)
    return EvidenceMessage(
        **shown.model_dump(exclude={"attachments"}),
        attachments=list(message.attachment_ids),
        original_body=message.body,
    )
