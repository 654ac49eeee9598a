"""`GET /v1/me/stream`: what a user's live stream sends, from opening to the end.

Server-Sent Events: each new message (system ones too) in any of the user's threads as
`event: message` with the message id as the event id, and each new notification as
`event: notification` with its id; a comment line every heartbeat so proxies keep the
connection; `Last-Event-ID` replays what was written after that message or notification.
Each announcement carries ids only: the stream reads the row and sends it only if the user is
a party to its thread. A user has at most STREAM_MAX_PER_USER streams across all replicas.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta

import anyio
from sqlalchemy import delete, func, or_, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from app.core.db import session_scope
from app.core.errors import DomainError
from app.core.json import dumps
from app.core.principal import Principal
from app.models import Conversation, Message, Notification, StreamSlot
from app.services.conversations.rendering import message_read
from app.services.notifications.inbox import read_one
from app.services.stream.announce import StreamItemKind
from app.services.stream.hub import StreamHub, StreamItem

logger = logging.getLogger("app.stream")

REPLAY_MAX = 500
# A slot whose replica stopped refreshing it stops counting after this many heartbeats.
STALE_AFTER_HEARTBEATS = 3


class TooManyStreams(DomainError):
    status, code, title = 429, "too_many_streams", "Too many live streams are open for this user"

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"At most {limit} streams may be open at once; close one first", limit=limit
        )
        self.headers["Retry-After"] = str(int(get_settings().stream_heartbeat_seconds))


def parse_last_event_id(value: str | None) -> uuid.UUID | None:
    """A Last-Event-ID we sent (a message id); anything else starts afresh."""
    if not value:
        return None
    try:
        return uuid.UUID(value.strip()[:64])
    except ValueError:
        return None


async def claim_stream_slot(session: AsyncSession, principal: Principal) -> uuid.UUID:
    """Count the user's open streams on every replica and take a slot (429 beyond the limit)."""
    settings = get_settings()
    # Two replicas opening streams for one user at once must not both see room for one.
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
        {"key": f"stream-slots:{principal.id}"},
    )
    stale = timedelta(seconds=settings.stream_heartbeat_seconds * STALE_AFTER_HEARTBEATS)
    await session.execute(
        delete(StreamSlot).where(
            StreamSlot.user_id == principal.id, StreamSlot.seen_at < func.now() - stale
        )
    )
    open_streams = await session.scalar(
        select(func.count()).select_from(StreamSlot).where(StreamSlot.user_id == principal.id)
    )
    if (open_streams or 0) >= settings.stream_max_per_user:
        raise TooManyStreams(settings.stream_max_per_user)
    slot = StreamSlot(user_id=principal.id, client_id=principal.client_id)
    session.add(slot)
    await session.flush()
    return slot.id


async def live_events(
    hub: StreamHub, principal: Principal, slot_id: uuid.UUID, last_event_id: uuid.UUID | None
) -> AsyncIterator[str]:
    """The stream body, run after the response has started (so it opens its own sessions)."""
    user_id = principal.id
    heartbeat = get_settings().stream_heartbeat_seconds
    subscription = await hub.subscribe(user_id, slot_id)
    sent: set[uuid.UUID] = set()
    try:
        yield "retry: 3000\n: stream open\n\n"
        if last_event_id is not None:
            for missed in await _missed(user_id, last_event_id):
                frame = await _frame(user_id, missed)
                if frame is not None:
                    sent.add(missed.item_id)
                    yield frame
        while True:
            try:
                item = await asyncio.wait_for(subscription.queue.get(), timeout=heartbeat)
            except TimeoutError:
                yield ": heartbeat\n\n"
                continue
            if item is None:
                return
            if item.item_id in sent:
                # Replayed already; a retraction later re-announces the same id, so forget it.
                sent.discard(item.item_id)
                continue
            frame = await _frame(user_id, item)
            if frame is not None:
                yield frame
    except (SQLAlchemyError, OSError):
        # The database is out of reach or the pool busy: end the stream cleanly; the client
        # reconnects with Last-Event-ID and is replayed what it missed.
        logger.warning("live stream ended: database unavailable")
    finally:
        hub.unsubscribe(subscription)
        # The response may be ending because the client went away (a cancelled scope): the
        # slot must still be given back.
        with anyio.CancelScope(shield=True), contextlib.suppress(Exception):
            async with session_scope() as session:
                await session.execute(delete(StreamSlot).where(StreamSlot.id == slot_id))


async def _missed(user_id: uuid.UUID, last_event_id: uuid.UUID) -> list[StreamItem]:
    """Messages and notifications written after the last event the client had, in order
    (both have time-ordered ids, so one id says where the client was in either)."""
    async with session_scope() as session:
        messages = await session.scalars(
            select(Message.id)
            .join(Conversation, Conversation.id == Message.conversation_id)
            .where(
                or_(Conversation.owner_id == user_id, Conversation.creative_user_id == user_id),
                Message.id > last_event_id,
            )
            .order_by(Message.id)
            .limit(REPLAY_MAX)
        )
        notifications = await session.scalars(
            select(Notification.id)
            .where(Notification.user_id == user_id, Notification.id > last_event_id)
            .order_by(Notification.id)
            .limit(REPLAY_MAX)
        )
        items = [StreamItem(StreamItemKind.message, i) for i in messages.all()]
        items += [StreamItem(StreamItemKind.notification, i) for i in notifications.all()]
    return sorted(items, key=lambda item: item.item_id)[:REPLAY_MAX]


async def _frame(user_id: uuid.UUID, item: StreamItem) -> str | None:
    """The SSE frame for an announced item, if this user may see it."""
    if item.kind is StreamItemKind.notification:
        async with session_scope() as session:
            notification = await read_one(session, user_id, item.item_id)
        if notification is None:
            return None
        data = dumps(notification.model_dump(mode="json")).decode()
        return f"id: {notification.id}\nevent: notification\ndata: {data}\n\n"
    async with session_scope() as session:
        row = (
            await session.execute(
                select(Message, Conversation.owner_id, Conversation.creative_user_id)
                .join(Conversation, Conversation.id == Message.conversation_id)
                .where(Message.id == item.item_id)
            )
        ).first()
    if row is None:
        return None
    message, owner_id, creative_user_id = row
    if user_id not in (owner_id, creative_user_id):
        return None
    data = dumps(message_read(message).model_dump(mode="json")).decode()
    return f"id: {message.id}\nevent: message\ndata: {data}\n\n"
