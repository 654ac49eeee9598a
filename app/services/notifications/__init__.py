"""Notifications (issue 12): outbox event -> who must know -> in-app notification -> email and
WhatsApp deliveries by preference. Worker tasks: `fan_out_notifications` (fanout.py),
`send_due_notifications` (sending.py), `raise_due_reminders` (reminders.py)."""
