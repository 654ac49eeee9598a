"""State tables of partner apps, webhook endpoints and webhook deliveries.

Every status change goes through its table (`ensure`, then assign). The admin and owner
switches (suspend, reactivate, enable) may be pressed twice: the repeat is allowed and
changes nothing but the timestamps it records.
"""

from __future__ import annotations

from app.core.state_machine import StateMachine
from app.models import DeliveryStatus, PartnerAppStatus, WebhookEndpointStatus

PARTNER_APP_TRANSITIONS: StateMachine[PartnerAppStatus] = StateMachine(
    "partner app",
    {
        PartnerAppStatus.active: frozenset({PartnerAppStatus.active, PartnerAppStatus.suspended}),
        PartnerAppStatus.suspended: frozenset(
            {PartnerAppStatus.suspended, PartnerAppStatus.active}
        ),
    },
)

# The worker disables an endpoint after sustained failure; its owner enables it again (which
# also resets the failure count of an endpoint that is still enabled).
WEBHOOK_ENDPOINT_TRANSITIONS: StateMachine[WebhookEndpointStatus] = StateMachine(
    "webhook endpoint",
    {
        WebhookEndpointStatus.enabled: frozenset(
            {WebhookEndpointStatus.enabled, WebhookEndpointStatus.disabled}
        ),
        WebhookEndpointStatus.disabled: frozenset({WebhookEndpointStatus.enabled}),
    },
)

# pending -> succeeded, or failed once the retry window is over; any delivery can be queued
# again (redeliver -> pending). A success that arrives after the delivery was given up on
# (the attempt outlived its lease) still counts; a failure never overturns a success.
DELIVERY_TRANSITIONS: StateMachine[DeliveryStatus] = StateMachine(
    "webhook delivery",
    {
        DeliveryStatus.pending: frozenset(
            {DeliveryStatus.pending, DeliveryStatus.succeeded, DeliveryStatus.failed}
        ),
        DeliveryStatus.succeeded: frozenset({DeliveryStatus.pending}),
        DeliveryStatus.failed: frozenset({DeliveryStatus.pending, DeliveryStatus.succeeded}),
    },
)
