"""Where rendered mail goes: an SMTP server (aiosmtplib), or `.eml` files in development."""

from __future__ import annotations

import logging
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

import aiosmtplib

from app.core.config import Settings
from app.models import OutboundEmail

logger = logging.getLogger("app.mail")


class MailDeliveryError(Exception):
    """The server refused or could not be reached; `permanent` when retrying cannot help."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


def build_message(
    email: OutboundEmail, settings: Settings, *, readable: bool = False
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = email.to_address
    message["Subject"] = email.subject
    # One Message-ID per outbox row: a receiving server that sees a resend after a lost
    # acknowledgement can recognise it.
    message["Message-ID"] = make_msgid(idstring=str(email.id), domain="pasarkreatif.id")
    message["Content-Language"] = email.locale
    if email.unsubscribe_url:
        # RFC 8058: mail clients offer a one-click unsubscribe that POSTs to this URL.
        message["List-Unsubscribe"] = f"<{email.unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    # Files are read by people in an editor, so their parts are not quoted-printable.
    encoding = "8bit" if readable else None
    message.set_content(email.text_body or "", cte=encoding)
    message.add_alternative(email.html_body or "", subtype="html", cte=encoding)
    return message


async def deliver(email: OutboundEmail, settings: Settings) -> None:
    """Hand one message to the configured transport; raises MailDeliveryError on failure."""
    if not settings.smtp_host:
        _write_eml(email, build_message(email, settings, readable=True), settings.data_dir / "mail")
        return
    message = build_message(email, settings)
    try:
        await aiosmtplib.send(
            message,
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_username or None,
            password=settings.smtp_password or None,
            use_tls=settings.smtp_tls,
            start_tls=settings.smtp_starttls and not settings.smtp_tls,
            timeout=settings.smtp_timeout_seconds,
        )
    except aiosmtplib.SMTPRecipientsRefused as error:
        raise MailDeliveryError("recipient refused", permanent=True) from error
    except aiosmtplib.SMTPResponseException as error:
        # 5xx answers are final (RFC 5321 section 4.2.1); 4xx are worth retrying.
        raise MailDeliveryError(
            f"SMTP {error.code}: {error.message[:200]}", permanent=error.code >= 500
        ) from error
    except (aiosmtplib.SMTPException, OSError) as error:
        raise MailDeliveryError(f"{type(error).__name__}: {str(error)[:200]}") from error


def _write_eml(email: OutboundEmail, message: EmailMessage, directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{email.created_at:%Y%m%d-%H%M%S}-{email.template}-{email.id}.eml"
    path.write_bytes(bytes(message))
    # The file name, never the address: logs must carry no personal data.
    logger.info("mail written to %s", path, extra={"template": email.template})
