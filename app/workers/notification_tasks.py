"""Notification background tasks, listed in app/workers/tasks.py."""

from __future__ import annotations

from app.services.notifications.fanout import fan_out_notifications
from app.services.notifications.reminders import raise_due_reminders
from app.services.notifications.sending import send_due_notifications
from app.workers.runner import PeriodicTask

NOTIFICATION_TASKS: list[PeriodicTask] = [
    PeriodicTask("notifications.fan_out", interval_seconds=1.0, run=fan_out_notifications),
    PeriodicTask("notifications.send", interval_seconds=2.0, run=send_due_notifications),
    PeriodicTask("notifications.reminders", interval_seconds=300.0, run=raise_due_reminders),
]
