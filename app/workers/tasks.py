"""The worker's task list. To add one: write `async def task(session) -> int` in its
service and append a `PeriodicTask` here."""

from __future__ import annotations

from app.core.rate_limit import purge_expired_counters
from app.services.impact.rollup import refresh_impact
from app.services.mail import send_due_emails
from app.services.partners.delivery import deliver_due_webhooks, fan_out_events
from app.services.privacy.retention import purge_expired_security_records
from app.workers.conversation_tasks import CONVERSATION_TASKS
from app.workers.escrow_tasks import ESCROW_TASKS
from app.workers.notification_tasks import NOTIFICATION_TASKS
from app.workers.runner import PeriodicTask

TASKS: list[PeriodicTask] = [
    PeriodicTask("webhooks.fan_out", interval_seconds=0.5, run=fan_out_events),
    PeriodicTask("webhooks.deliver", interval_seconds=0.5, run=deliver_due_webhooks),
    PeriodicTask("mail.send", interval_seconds=1.0, run=send_due_emails),
    *ESCROW_TASKS,
    PeriodicTask(
        "privacy.purge_security_records",
        interval_seconds=3600.0,
        run=purge_expired_security_records,
    ),
    PeriodicTask("rate_limits.purge", interval_seconds=60.0, run=purge_expired_counters),
    *CONVERSATION_TASKS,
    *NOTIFICATION_TASKS,
    PeriodicTask("impact.refresh", interval_seconds=5.0, run=refresh_impact),
]
