"""Messages as their parties see them: a retracted message keeps its place, not its body."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Message, MessageStatus, User
from app.schemas.conversations import EvidenceMessage, MessageRead


def posted_by_note(facilitator_name: str, owner_name: str) -> str:
    """What the thread shows under a message a facilitator wrote for an owner."""
    return f"diposting oleh pendamping {facilitator_name} atas nama {owner_name}"


async def user_names(
    session: AsyncSession, messages: Iterable[Message], owner_id: uuid.UUID
) -> dict[uuid.UUID, str]:
    """Names of the facilitators, senders and the thread's owner, for the messages some
    facilitator wrote or caused (system messages have no sender: she acted for the owner)."""
    ids = {
        user_id
        for m in messages
        if m.acting_user_id is not None
        for user_id in (m.acting_user_id, m.sender_user_id or owner_id)
    }
    if not ids:
        return {}
    rows = await session.execute(select(User.id, User.full_name).where(User.id.in_(ids)))
    return {user_id: name for user_id, name in rows.tuples()}


def message_read(
    message: Message,
    names: Mapping[uuid.UUID, str] | None = None,
    owner_id: uuid.UUID | None = None,
) -> MessageRead:
    """The message as a party sees it; `names` (from `user_names`) labels what a facilitator
    wrote or did for the thread's owner (`owner_id`)."""
    retracted = message.status is MessageStatus.retracted
    note = None
    principal_id = message.sender_user_id or owner_id
    if message.acting_user_id is not None and names is not None and principal_id is not None:
        note = posted_by_note(names.get(message.acting_user_id, "?"), names.get(principal_id, "?"))
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
        acting_user_id=message.acting_user_id,
        posted_by_note=note,
    )


def evidence_message(message: Message) -> EvidenceMessage:
    """For an admin reviewing a dispute: the original body and attachments, also when retracted."""
    shown = message_read(message)
    return EvidenceMessage(
        **shown.model_dump(exclude={"attachments"}),
        attachments=list(message.attachment_ids),
        original_body=message.body,
    )
