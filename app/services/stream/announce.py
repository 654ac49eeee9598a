"""Telling every API replica that something new is there for some users.

`pg_notify` inside the writing transaction is delivered only when (and if) it commits, so a
stream never hears of a row it cannot read yet. The payload is ids only (PostgreSQL caps it at
8,000 bytes, and nothing personal should travel outside a table): each stream reads the row
itself and checks that its user may see it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from enum import StrEnum

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

STREAM_CHANNEL = "pasar_stream"


class StreamItemKind(StrEnum):
    message = "message"
    notification = "notification"


def encode_announcement(
    kind: StreamItemKind, item_id: uuid.UUID, users: Iterable[uuid.UUID]
) -> str:
    return " ".join([kind.value, str(item_id), *sorted({str(u) for u in users})])


def decode_announcement(payload: str) -> tuple[StreamItemKind, uuid.UUID, list[uuid.UUID]] | None:
    """The announcement's parts, or None for anything this version cannot read."""
    parts = payload.split(" ")
    try:
        return StreamItemKind(parts[0]), uuid.UUID(parts[1]), [uuid.UUID(p) for p in parts[2:]]
    except (ValueError, IndexError):
        return None


async def announce(
    session: AsyncSession, kind: StreamItemKind, item_id: uuid.UUID, users: Iterable[uuid.UUID]
) -> None:
    """Queue a NOTIFY that fires when the session's transaction commits."""
    await session.execute(
        text("SELECT pg_notify(:channel, :payload)"),
        {"channel": STREAM_CHANNEL, "payload": encode_announcement(kind, item_id, users)},
    )
