"""A real SMTP server in the test process (aiosmtpd) that keeps what it receives."""

from __future__ import annotations

import email
import os
import re
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default
from typing import Any

from aiosmtpd.controller import Controller

from app.core.config import get_settings


@dataclass
class ReceivedMail:
    recipients: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    def part(self, subtype: str) -> str:
        body = self.message.get_body(preferencelist=(subtype,))
        assert body is not None, f"no text/{subtype} part"
        return str(body.get_content())

    @property
    def text(self) -> str:
        return self.part("plain")

    def token(self) -> str:
        """The single-use token in the message (a link's `token=` or a code on its own line)."""
        found = re.search(r"token=([A-Za-z0-9_\-]+)", self.text) or re.search(
            r"^\s*(pk_[a-z]+_[A-Za-z0-9_\-]+)\s*$", self.text, re.MULTILINE
        )
        assert found, self.text
        return found.group(1)


@dataclass
class Mailbox:
    """What the in-process server received, in order. `reply` makes it answer each DATA with
    that SMTP reply instead of accepting (e.g. "451 4.3.0 try later")."""

    received: list[ReceivedMail] = field(default_factory=list)
    reply: str | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.reply:
            return self.reply
        message = email.message_from_bytes(envelope.content, policy=default)
        assert isinstance(message, EmailMessage)
        self.received.append(ReceivedMail(list(envelope.rcpt_tos), message))
        return "250 OK"

    def to(self, address: str) -> list[ReceivedMail]:
        return [m for m in self.received if address in m.recipients]

    def last_to(self, address: str) -> ReceivedMail:
        mails = self.to(address)
        assert mails, f"nothing was sent to {address}"
        return mails[-1]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def run_smtp_server() -> Iterator[Mailbox]:
    """Start the server and point SMTP_* at it (plain SMTP on loopback) for the test."""
    mailbox = Mailbox()
    port = _free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    values = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port), "SMTP_STARTTLS": "false"}
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    get_settings.cache_clear()
    try:
        yield mailbox
    finally:
        controller.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        get_settings.cache_clear()
