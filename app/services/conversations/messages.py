"""Writing, reading, retracting and marking messages read, by a thread's two parties.

Messages are immutable. A sender may retract one within MESSAGE_RETRACT_MINUTES: the parties
then see that it was retracted but not what it said; the original stays for dispute review.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from app.core.errors import Conflict, Forbidden, NotFound, Unprocessable
from app.core.event_types import EventType
from app.core.principal import Principal
from app.core.state_machine import StateMachine
from app.models import Conversation, ConversationRead, Message, MessageKind, MessageStatus
from app.schemas.conversations import (
    ConversationSummary,
    MessageCreate,
    MessagePage,
    MessageRead,
    ReadMark,
)
from app.services.conversations.attachments import attach_to_message, check_attachments
from app.services.conversations.rendering import message_read, user_names
from app.services.conversations.threads import (
    conversation_summary,
    get_conversation_for_party,
    parties,
)
from app.services.events import record_event
from app.services.stream.announce import StreamItemKind, announce

MESSAGE_TRANSITIONS = StateMachine(
    "message", {MessageStatus.sent: frozenset({MessageStatus.retracted})}
)
# Whitespace and the format characters that render as nothing (zero-width space, joiners,
# word joiner, BOM, soft hyphen, Hangul and Braille blanks): a body of only these is blank.
_INVISIBLE = re.compile(
    r"[\s\u00ad\u115f\u1160\u180e\u200b-\u200f\u2028-\u202f\u205f-\u2064\u2800\u3164\ufeff]+"
)


class BlankMessage(Unprocessable):
    code, title = "message_blank", "A message needs visible text"


class MessageNotFound(NotFound):
    code, title = "message_not_found", "Message not found"


class NotMessageSender(Forbidden):
    code, title = "not_message_sender", "Only the sender can retract a message"


class RetractWindowClosed(Conflict):
    code, title = "retract_window_closed", "Messages can only be retracted shortly after sending"


async def post_message(
    session: AsyncSession, principal: Principal, conversation_id: uuid.UUID, data: MessageCreate
) -> MessageRead:
    """A party writes plain text (and attached uploads) into the thread."""
    conversation = await get_conversation_for_party(session, principal, conversation_id)
    if not _INVISIBLE.sub("", data.body):
        raise BlankMessage()
    files = await check_attachments(session, principal, conversation, data.attachments)
    message = Message(
        conversation_id=conversation.id,
        kind=MessageKind.text,
        status=MessageStatus.sent,
        sender_user_id=principal.id,
        acting_user_id=principal.acting_user.id if principal.acting_user else None,
        via_client_id=principal.client_id,
        body=data.body,
        attachment_ids=[f.id for f in files],
    )
    session.add(message)
    await session.flush()
    attach_to_message(files, conversation, message)
    await session.refresh(message, ["created_at"])
    await touch_conversation(session, conversation, message)
    await record_event(
        session,
        type=EventType.message_posted,
        subject_type="message",
        subject_id=message.id,
        actor_user_id=principal.actor_id,
        principal_user_id=principal.on_behalf_of_id,
        audience=parties(conversation),
        payload={
            "conversation_id": str(conversation.id),
            "message_id": str(message.id),
            "sender_user_id": str(principal.id),
            "via_client_id": principal.client_id,
        },
    )
    names: dict[uuid.UUID, str] = {}
    if principal.acting_user is not None:
        names = {principal.acting_user.id: principal.acting_user.full_name}
        names[principal.id] = principal.user.full_name
    return message_read(message, names)


async def touch_conversation(
    session: AsyncSession, conversation: Conversation, message: Message
) -> None:
    """Move the thread up the parties' lists and wake their streams (on commit)."""
    await session.execute(
        update(Conversation)
        .where(Conversation.id == conversation.id)
        .values(last_message_at=message.created_at)
    )
    await announce(session, StreamItemKind.message, message.id, parties(conversation))


async def list_messages(
    session: AsyncSession,
    principal: Principal,
    conversation_id: uuid.UUID,
    *,
    before: uuid.UUID | None,
    after: uuid.UUID | None,
    limit: int,
) -> MessagePage:
    """Newest first (optionally `before` a message), or oldest first `after` one (polling)."""
    conversation = await get_conversation_for_party(session, principal, conversation_id)
    stmt = select(Message).where(Message.conversation_id == conversation.id)
    if after is not None:
        stmt = stmt.where(Message.id > after).order_by(Message.id.asc())
    else:
        if before is not None:
            stmt = stmt.where(Message.id < before)
        stmt = stmt.order_by(Message.id.desc())
    rows = list((await session.scalars(stmt.limit(limit + 1))).all())
    page = rows[:limit]
    more = len(rows) > limit or (after is not None and bool(page))
    names = await user_names(session, page, conversation.owner_id)
    return MessagePage(
        data=[message_read(m, names, conversation.owner_id) for m in page],
        next_cursor=str(page[-1].id) if more and page else None,
    )


async def retract_message(
    session: AsyncSession, principal: Principal, conversation_id: uuid.UUID, message_id: uuid.UUID
) -> MessageRead:
    """The sender hides a message within the retract window (409 `retract_window_closed` later)."""
    conversation = await get_conversation_for_party(session, principal, conversation_id)
    message = await session.scalar(
        select(Message)
        .where(Message.id == message_id, Message.conversation_id == conversation.id)
        .with_for_update()
    )
    if message is None:
        raise MessageNotFound()
    if message.sender_user_id != principal.id:
        raise NotMessageSender()
    MESSAGE_TRANSITIONS.ensure(message.status, MessageStatus.retracted, action="retract")
    now = datetime.now(UTC)
    window = timedelta(minutes=get_settings().message_retract_minutes)
    if now - message.created_at > window:
        raise RetractWindowClosed(window_minutes=get_settings().message_retract_minutes)
    message.status = MessageStatus.retracted
    message.retracted_at = now
    await session.flush()
    await announce(session, StreamItemKind.message, message.id, parties(conversation))
    await record_event(
        session,
        type=EventType.message_retracted,
        subject_type="message",
        subject_id=message.id,
        actor_user_id=principal.actor_id,
        principal_user_id=principal.on_behalf_of_id,
        audience=parties(conversation),
        payload={"conversation_id": str(conversation.id), "message_id": str(message.id)},
    )
    return message_read(message)


async def mark_read(
    session: AsyncSession, principal: Principal, conversation_id: uuid.UUID, data: ReadMark
) -> ConversationSummary:
    """The caller has read up to this message; the position never moves backwards."""
    conversation = await get_conversation_for_party(session, principal, conversation_id)
    message = await session.scalar(
        select(Message).where(
            Message.id == data.up_to_message_id, Message.conversation_id == conversation.id
        )
    )
    if message is None:
        raise MessageNotFound()
    statement = insert(ConversationRead).values(
        conversation_id=conversation.id, user_id=principal.id, last_read_message_id=message.id
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["conversation_id", "user_id"],
            set_={"last_read_message_id": message.id, "read_at": datetime.now(UTC)},
            where=ConversationRead.last_read_message_id < message.id,
        )
    )
    return await conversation_summary(session, principal.id, conversation.id)
