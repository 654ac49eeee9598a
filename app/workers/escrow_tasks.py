"""The escrow and reviews background tasks (`async def task(session) -> int` each), to be
listed in app/workers/tasks.py. Intervals are how long a task sleeps once it finds no work."""

from __future__ import annotations

from app.core.idempotency import purge_expired_idempotency_keys
from app.services.escrow.auto_release import release_overdue_milestones
from app.services.escrow.disputes import move_overdue_disputes_to_review
from app.services.escrow.reconciliation import (
    reconcile_payments,
    send_due_payouts,
    send_due_refunds,
)
from app.services.escrow.xendit_fees import sync_recent_xendit_fees
from app.services.payments.webhooks import process_external_events
from app.services.reviews import publish_due_reviews
from app.workers.runner import PeriodicTask

ESCROW_TASKS: list[PeriodicTask] = [
    PeriodicTask("payments.process_events", interval_seconds=1.0, run=process_external_events),
    PeriodicTask("payments.reconcile", interval_seconds=60.0, run=reconcile_payments),
    PeriodicTask("escrow.send_refunds", interval_seconds=10.0, run=send_due_refunds),
    PeriodicTask("escrow.send_payouts", interval_seconds=10.0, run=send_due_payouts),
    PeriodicTask("escrow.auto_release", interval_seconds=60.0, run=release_overdue_milestones),
    PeriodicTask(
        "escrow.dispute_deadlines", interval_seconds=300.0, run=move_overdue_disputes_to_review
    ),
    PeriodicTask("payments.xendit_fees", interval_seconds=3600.0, run=sync_recent_xendit_fees),
    PeriodicTask("reviews.publish_due", interval_seconds=300.0, run=publish_due_reviews),
    PeriodicTask("idempotency.purge", interval_seconds=3600.0, run=purge_expired_idempotency_keys),
]
