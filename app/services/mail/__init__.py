"""Outbound email: `enqueue_email` is the one way the product sends mail to a person."""

from app.services.mail.outbox import enqueue_email, send_due_emails

__all__ = ["enqueue_email", "send_due_emails"]
