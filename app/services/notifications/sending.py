"""The worker task that moves deliveries on: emails into the mail outbox (and their outcome
back), WhatsApp messages to Meta."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from app.services.notifications.email import hand_over_emails, record_email_outcomes
from app.services.notifications.schedule import utc_now
from app.services.notifications.whatsapp import send_whatsapp


async def send_due_notifications(session: AsyncSession, *, now: datetime | None = None) -> int:
    """Worker task: one pass over due deliveries on every channel; returns rows handled."""
    now = now or utc_now()
    handled = await hand_over_emails(session, now=now)
    handled += await record_email_outcomes(session)
    await session.flush()
    handled += await send_whatsapp(session, now=now)
    return handled
