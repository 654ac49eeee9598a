"""State tables of the money crossing the platform's edge: payments, refunds and payouts,
and the named sets of their states that queries select by.

Every status change goes through its table (`ensure`, then assign); a forbidden move raises
InvalidTransition. Provider reports that arrive twice or late are filtered first with `can`
(they change nothing, as the handlers' docstrings promise), so `ensure` only ever fails on a
bug or a request out of order.
"""

from __future__ import annotations

from app.core.state_machine import StateMachine
from app.models import PaymentStatus, PayoutStatus, RefundStatus

# created (recorded, the provider has not confirmed creating it) -> pending (waiting for the
# owner) -> succeeded. A declined attempt is `failed` and may be retried (and decline again);
# a payment abandoned before it succeeded is `canceled`. Money that arrives for a canceled
# payment anyway is booked and refunded at once (RefundReason.late_payment), so even a
# canceled payment can still succeed. If a newer payment for the milestone is live by then,
# the old one is `superseded` instead: booked and refunded the same way, it leaves the
# one-live-payment index to the newer one.
PAYMENT_TRANSITIONS: StateMachine[PaymentStatus] = StateMachine(
    "payment",
    {
        PaymentStatus.created: frozenset(
            {
                PaymentStatus.pending,
                PaymentStatus.failed,
                PaymentStatus.succeeded,
                PaymentStatus.canceled,
            }
        ),
        PaymentStatus.pending: frozenset(
            {PaymentStatus.succeeded, PaymentStatus.failed, PaymentStatus.canceled}
        ),
        PaymentStatus.failed: frozenset(
            {PaymentStatus.succeeded, PaymentStatus.failed, PaymentStatus.canceled}
        ),
        PaymentStatus.succeeded: frozenset(),
        PaymentStatus.canceled: frozenset({PaymentStatus.succeeded, PaymentStatus.superseded}),
        PaymentStatus.superseded: frozenset(),
    },
)

# A payment the owner may still complete: neither succeeded nor canceled. While one exists
# the milestone's amount cannot change, and cancelling the milestone cancels it.
OPEN_PAYMENT_STATUSES = frozenset(
    {PaymentStatus.created, PaymentStatus.pending, PaymentStatus.failed}
)

# Waiting for the provider's final word; reconciliation asks the provider about these (the
# partial index `ix_payments_unsettled` covers exactly this set).
AWAITING_PROVIDER_PAYMENT_STATUSES = frozenset({PaymentStatus.created, PaymentStatus.pending})

# created (decided and booked) -> pending -> succeeded, or failed. A bank can still return a
# refund the provider first reported as succeeded (Stripe's `refund.failed`).
REFUND_TRANSITIONS: StateMachine[RefundStatus] = StateMachine(
    "refund",
    {
        RefundStatus.created: frozenset(
            {RefundStatus.pending, RefundStatus.succeeded, RefundStatus.failed}
        ),
        RefundStatus.pending: frozenset({RefundStatus.succeeded, RefundStatus.failed}),
        RefundStatus.succeeded: frozenset({RefundStatus.failed}),
        # Only an admin's bank transfer settles a refused refund (refund_settlement.py).
        RefundStatus.failed: frozenset({RefundStatus.settled_manually}),
        RefundStatus.settled_manually: frozenset(),
    },
)

# Refunds the provider has not confirmed yet: its "refunded so far" total can settle them.
UNCONFIRMED_REFUND_STATUSES = frozenset({RefundStatus.created, RefundStatus.pending})

# awaiting_account (the creative cannot receive yet) -> created (due for the worker) -> paid,
# or failed when the provider refuses it for good; a paid transfer can still be reversed (a
# manual transfer the bank bounced is reversed by an admin). A manual payout is recorded as
# paid from the start.
PAYOUT_TRANSITIONS: StateMachine[PayoutStatus] = StateMachine(
    "payout",
    {
        PayoutStatus.awaiting_account: frozenset({PayoutStatus.created}),
        PayoutStatus.created: frozenset({PayoutStatus.paid, PayoutStatus.failed}),
        PayoutStatus.paid: frozenset({PayoutStatus.reversed}),
        PayoutStatus.failed: frozenset(),
        PayoutStatus.reversed: frozenset(),
    },
)

# Payouts decided but not booked out of the payable balance yet.
RESERVED_PAYOUT_STATUSES = frozenset({PayoutStatus.awaiting_account, PayoutStatus.created})
