"""The outbox: mail is queued in the caller's transaction and sent by the worker, once."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from app.core.config import get_settings
from app.models import Locale, OutboundEmail, OutboundEmailStatus, User
from app.services.mail import enqueue_email, send_due_emails
from tests.conftest import truncate_user_data
from tests.factories import make_user
from tests.mailbox import Mailbox


async def _user(session: AsyncSession, locale: Locale = Locale.id) -> User:
    actor = await make_user(session, "owner", name="Sari Wulandari")
    user = await session.get_one(User, actor.id)
    user.locale = locale
    return user


async def _queue_verification(session: AsyncSession, user: User, key: str = "k1") -> None:
    await enqueue_email(
        session,
        to_user=user,
        template="verify_email",
        context={"name": user.full_name, "token": "pk_ve_contoh"},
        dedupe_key=key,
    )


async def test_a_queued_mail_reaches_the_smtp_server_in_both_parts(
    session: AsyncSession, smtp_server: Mailbox
) -> None:
    user = await _user(session)
    await _queue_verification(session, user)
    assert smtp_server.received == []  # nothing is sent by the caller itself

    assert await send_due_emails(session) == 1

    mail = smtp_server.last_to(user.email)
    assert mail.subject == "Konfirmasi alamat email Anda di Pasar Kreatif"
    assert "Halo Sari Wulandari" in mail.text
    assert "/v1/auth/verify-email?token=pk_ve_contoh" in mail.text
    assert 'href="http://localhost:8000/v1/auth/verify-email?token=pk_ve_contoh"' in mail.part(
        "html"
    )
    row = await session.scalar(select(OutboundEmail).where(OutboundEmail.user_id == user.id))
    assert row is not None and row.status is OutboundEmailStatus.sent and row.sent_at
    assert row.text_body is None  # the link does not outlive the send
    assert await send_due_emails(session) == 0


async def test_english_speakers_get_english_mail(
    session: AsyncSession, smtp_server: Mailbox
) -> None:
    user = await _user(session, Locale.en)
    await _queue_verification(session, user)
    await send_due_emails(session)
    assert smtp_server.last_to(user.email).subject == "Confirm your email address on Pasar Kreatif"


async def test_the_same_dedupe_key_is_queued_once(session: AsyncSession) -> None:
    user = await _user(session)
    await _queue_verification(session, user, key="sama")
    await _queue_verification(session, user, key="sama")
    rows = await session.scalars(select(OutboundEmail).where(OutboundEmail.user_id == user.id))
    assert len(rows.all()) == 1


async def test_a_temporary_refusal_is_retried_later_and_a_permanent_one_gives_up(
    session: AsyncSession, smtp_server: Mailbox
) -> None:
    user = await _user(session)
    await _queue_verification(session, user)
    smtp_server.reply = "451 4.3.0 coba lagi nanti"
    assert await send_due_emails(session) == 1
    row = await session.scalar(select(OutboundEmail).where(OutboundEmail.user_id == user.id))
    assert row is not None
    await session.refresh(row)
    assert row.status is OutboundEmailStatus.pending
    assert row.attempt_count == 1 and row.next_attempt_at > datetime.now(UTC)
    assert row.last_error and "451" in row.last_error
    assert await send_due_emails(session) == 0  # backing off: not due yet

    smtp_server.reply = "550 5.1.1 mailbox unavailable"
    await session.execute(
        update(OutboundEmail)
        .where(OutboundEmail.id == row.id)
        .values(next_attempt_at=datetime.now(UTC))
    )
    assert await send_due_emails(session) == 1
    await session.refresh(row)
    assert row.status is OutboundEmailStatus.failed and row.attempt_count == 2
    assert smtp_server.received == []


async def test_without_smtp_host_mail_is_written_as_an_eml_file(
    session: AsyncSession,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.delenv("SMTP_HOST", raising=False)
    get_settings.cache_clear()
    try:
        user = await _user(session)
        await _queue_verification(session, user)
        with caplog.at_level(logging.INFO, logger="app.mail"):
            assert await send_due_emails(session) == 1
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    files = list((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 1
    assert b"token=pk_ve_contoh" in files[0].read_bytes()
    lines = [r.getMessage() for r in caplog.records if r.name == "app.mail"]
    assert lines == [f"mail written to {files[0]}"]
    assert user.email not in lines[0]


async def test_two_workers_send_each_message_once(
    engine: AsyncEngine, smtp_server: Mailbox
) -> None:
    make_session = async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
    try:
        async with make_session() as session, session.begin():
            users = [await _user(session) for _ in range(6)]
            for user in users:
                await _queue_verification(session, user, key=f"verify:{user.id}")

        async def worker() -> int:
            handled = 0
            async with make_session() as session:
                while sent := await send_due_emails(session):
                    handled += sent
                await session.commit()
            return handled

        handled = await asyncio.gather(worker(), worker())
        assert sum(handled) == 6
        assert sorted(r for m in smtp_server.received for r in m.recipients) == sorted(
            u.email for u in users
        )
    finally:
        await truncate_user_data(engine)
