"""Outbox writes: events are recorded in the same transaction as the change they describe."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.event_types import EventType
from app.models import Event


async def record_event(
    session: AsyncSession,
    *,
    type: EventType,
    subject_type: str,
    subject_id: uuid.UUID,
    actor_user_id: uuid.UUID | None,
    audience: Iterable[uuid.UUID],
    payload: dict[str, Any],
    principal_user_id: uuid.UUID | None = None,
) -> Event:
    """Append one event to the outbox; it becomes visible exactly when the change commits.
    `principal_user_id` names whom the actor acted for (a hub facilitator under a delegation:
    pass `principal.actor_id` and `principal.on_behalf_of_id`)."""
    event = Event(
        type=type,
        subject_type=subject_type,
        subject_id=subject_id,
        actor_user_id=actor_user_id,
        principal_user_id=principal_user_id,
        audience_user_ids=sorted(set(audience)),
        payload=payload,
    )
    session.add(event)
    await session.flush()
    return event
