"""The outbox every message leaves through, and the worker task that sends it.

A request only writes an `outbound_emails` row (in its own transaction, so a rolled-back
request mails nothing); the worker sends it in three phases: claim due rows with
`FOR UPDATE SKIP LOCKED` and a lease (committed), send outside any transaction, record the
outcome. Two workers never claim the same row, and a sent row is never due again, so each
(message, recipient) is sent once; only a worker dying between the send and the record
step makes the next lease send it again, with the same Message-ID.
"""

from __future__ import annotations

import asyncio
import logging
import random
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from app.core.state_machine import StateMachine
from app.models import OutboundEmail, OutboundEmailStatus, User
from app.models.base import new_id
from app.services.mail.rendering import render_email
from app.services.mail.transport import MailDeliveryError, deliver

logger = logging.getLogger("app.mail")

OUTBOUND_EMAIL_TRANSITIONS = StateMachine[OutboundEmailStatus](
    "outbound email",
    {
        OutboundEmailStatus.pending: frozenset(
            {OutboundEmailStatus.sent, OutboundEmailStatus.failed}
        ),
    },
)

BATCH = 20
CONCURRENT_SENDS = 5
# Longer than a batch can take (BATCH / CONCURRENT_SENDS sends of at most the SMTP timeout).
LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(seconds=30)
LONGEST_RETRY = timedelta(hours=2)


def retry_delay(attempts_made: int) -> timedelta:
    """Exponential backoff with jitter: ~30 s, 1 min, 2 min ... capped at 2 h (8 tries span
    about a day, the time a mail server's own queue would keep trying)."""
    ceiling = min(LONGEST_RETRY, FIRST_RETRY * 2 ** (attempts_made - 1))
    jittered: timedelta = ceiling * random.uniform(0.5, 1.0)
    return jittered


async def enqueue_email(
    session: AsyncSession,
    *,
    template: str,
    context: dict[str, Any],
    dedupe_key: str,
    to_user: User | None = None,
    to_address: str | None = None,
    unsubscribe_url: str | None = None,
) -> None:
    """Queue one message for the worker to send: to `to_user` in their language, or to
    `to_address` (for a user's new, unconfirmed address pass both). Enqueueing the same
    `dedupe_key` twice keeps the first. With `unsubscribe_url` the message carries RFC 8058
    one-click List-Unsubscribe headers."""
    address = to_address or (to_user.email if to_user else None)
    if address is None:
        raise ValueError("enqueue_email needs to_user or to_address")
    locale = to_user.locale.value if to_user else "id"
    rendered = render_email(template, locale, context)
    await session.execute(
        insert(OutboundEmail)
        .values(
            id=new_id(),
            dedupe_key=dedupe_key[:200],
            user_id=to_user.id if to_user else None,
            to_address=address,
            template=template,
            locale=locale,
            subject=rendered.subject[:300],
            text_body=rendered.text_body,
            html_body=rendered.html_body,
            status=OutboundEmailStatus.pending,
            attempt_count=0,
            unsubscribe_url=unsubscribe_url,
        )
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
    )


async def send_due_emails(session: AsyncSession) -> int:
    """Worker task: send due messages; three phases: claim with a lease and commit, send,
    record."""
    now = datetime.now(UTC)
    claimed = list(
        (
            await session.scalars(
                select(OutboundEmail)
                .where(
                    OutboundEmail.status == OutboundEmailStatus.pending,
                    OutboundEmail.next_attempt_at <= now,
                )
                .order_by(OutboundEmail.next_attempt_at)
                .limit(BATCH)
                .with_for_update(skip_locked=True)
            )
        ).all()
    )
    if not claimed:
        return 0
    for email in claimed:
        email.next_attempt_at = now + LEASE
        email.attempt_count += 1
    await session.commit()

    settings = get_settings()
    limit = asyncio.Semaphore(CONCURRENT_SENDS)

    async def send(email: OutboundEmail) -> MailDeliveryError | None:
        async with limit:
            try:
                await deliver(email, settings)
            except MailDeliveryError as error:
                return error
            return None

    outcomes = await asyncio.gather(*(send(email) for email in claimed))
    for email, error in zip(claimed, outcomes, strict=True):
        _record(email, error)
    await session.flush()
    return len(claimed)


def _record(email: OutboundEmail, error: MailDeliveryError | None) -> None:
    now = datetime.now(UTC)
    if error is None:
        OUTBOUND_EMAIL_TRANSITIONS.ensure(email.status, OutboundEmailStatus.sent, action="send")
        email.status, email.sent_at, email.last_error = OutboundEmailStatus.sent, now, None
        email.text_body = email.html_body = None
        return
    email.last_error = str(error)[:500]
    if error.permanent or email.attempt_count >= MAX_ATTEMPTS:
        OUTBOUND_EMAIL_TRANSITIONS.ensure(email.status, OutboundEmailStatus.failed, action="fail")
        email.status = OutboundEmailStatus.failed
        email.text_body = email.html_body = None
        logger.warning(
            "mail given up", extra={"template": email.template, "attempts": email.attempt_count}
        )
    else:
        email.next_attempt_at = now + retry_delay(email.attempt_count)
