"""Conversation and file background tasks, listed in app/workers/tasks.py."""

from __future__ import annotations

from app.services.conversations.system_messages import write_system_messages
from app.services.files.uploads import remove_orphaned_uploads
from app.workers.runner import PeriodicTask

CONVERSATION_TASKS: list[PeriodicTask] = [
    PeriodicTask("conversations.system_messages", interval_seconds=1.0, run=write_system_messages),
    PeriodicTask("files.remove_orphans", interval_seconds=600.0, run=remove_orphaned_uploads),
]
