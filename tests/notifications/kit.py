"""Running the notification pipeline in tests: the worker tasks in order until they are done,
with an explicit clock (12:00 WIB unless a test says otherwise)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Locale, User
from app.services.mail import send_due_emails
from app.services.notifications.fanout import fan_out_notifications
from app.services.notifications.sending import send_due_notifications
from tests.helpers import Actor

NOON_WIB = datetime(2026, 12, 7, 5, 0, tzinfo=UTC)


async def deliver_all(session: AsyncSession, now: datetime = NOON_WIB) -> None:
    """Fan out every new event, hand deliveries over, send the mail, record the outcomes."""
    while await fan_out_notifications(session, now=now):
        pass
    await send_due_notifications(session, now=now)
    while await send_due_emails(session):
        pass
    await send_due_notifications(session, now=now)
    await session.commit()


async def set_contact(
    session: AsyncSession, actor: Actor, *, phone: str | None, locale: Locale = Locale.id
) -> User:
    user = await session.get_one(User, actor.id)
    user.phone, user.locale = phone, locale
    await session.commit()
    return user


async def notifications(
    client: httpx.AsyncClient, actor: Actor, query: str = ""
) -> list[dict[str, Any]]:
    response = await client.get(f"/v1/notifications?limit=100{query}", headers=actor.headers)
    assert response.status_code == 200, response.text
    data: list[dict[str, Any]] = response.json()["data"]
    return data


def channel(item: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(d for d in item["deliveries"] if d["channel"] == name)
    return found


def uid(value: object) -> uuid.UUID:
    return uuid.UUID(str(value))
