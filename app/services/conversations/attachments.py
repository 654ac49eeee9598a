"""Which uploads a message may carry: the sender's unused message attachments, and in a
contract's thread also their dispute evidence."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.principal import Principal
from app.models import Conversation, FilePurpose, Message, StoredFile
from app.services.files.attach import AttachmentNotFound, claim_uploads, mark_attached

__all__ = ["AttachmentNotFound", "attach_to_message", "check_attachments"]


async def check_attachments(
    session: AsyncSession,
    principal: Principal,
    conversation: Conversation,
    file_ids: list[uuid.UUID],
) -> list[StoredFile]:
    """Lock the files the message will carry (422 `attachment_not_found` for any other)."""
    purposes = {FilePurpose.message_attachment}
    if conversation.contract_id is not None:
        purposes.add(FilePurpose.dispute_evidence)
    return await claim_uploads(session, principal, file_ids, purposes)


def attach_to_message(
    files: list[StoredFile], conversation: Conversation, message: Message
) -> None:
    mark_attached(
        files,
        conversation_id=conversation.id,
        message_id=message.id,
        contract_id=conversation.contract_id,
    )
