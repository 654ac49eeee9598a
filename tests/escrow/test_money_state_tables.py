"""The state tables of payments, refunds and payouts: written out here rather than read from
the services, so a wrong rule fails, and every forbidden move raises InvalidTransition."""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

import pytest

from app.core.errors import InvalidTransition
from app.core.state_machine import StateMachine
from app.models import PaymentStatus, PayoutStatus, RefundStatus
from app.services.payments.states import (
    AWAITING_PROVIDER_PAYMENT_STATUSES,
    OPEN_PAYMENT_STATUSES,
    PAYMENT_TRANSITIONS,
    PAYOUT_TRANSITIONS,
    REFUND_TRANSITIONS,
    RESERVED_PAYOUT_STATUSES,
    UNCONFIRMED_REFUND_STATUSES,
)

P, R, PO = PaymentStatus, RefundStatus, PayoutStatus
S = TypeVar("S", bound=StrEnum)


def allowed_moves(machine: StateMachine[S], states: type[S]) -> set[tuple[S, S]]:
    return {(a, b) for a in states for b in states if machine.can(a, b)}


def test_payment_table_is_the_documented_one() -> None:
    assert allowed_moves(PAYMENT_TRANSITIONS, PaymentStatus) == {
        (P.created, P.pending),
        (P.created, P.failed),
        (P.created, P.succeeded),
        (P.created, P.canceled),
        (P.pending, P.succeeded),
        (P.pending, P.failed),
        (P.pending, P.canceled),
        (P.failed, P.succeeded),
        (P.failed, P.failed),  # the owner retried and was declined again
        (P.failed, P.canceled),
        (P.canceled, P.succeeded),  # paid anyway: booked, then refunded as a late payment
        (P.canceled, P.superseded),  # paid after a newer payment opened: refunded too
    }


def test_refund_table_is_the_documented_one() -> None:
    assert allowed_moves(REFUND_TRANSITIONS, RefundStatus) == {
        (R.created, R.pending),
        (R.created, R.succeeded),
        (R.created, R.failed),
        (R.pending, R.succeeded),
        (R.pending, R.failed),
        (R.succeeded, R.failed),  # the bank returned it after the provider said succeeded
        (R.failed, R.settled_manually),  # an admin paid it back by bank transfer
    }


def test_payout_table_is_the_documented_one() -> None:
    assert allowed_moves(PAYOUT_TRANSITIONS, PayoutStatus) == {
        (PO.awaiting_account, PO.created),
        (PO.created, PO.paid),
        (PO.created, PO.failed),
        (PO.paid, PO.reversed),
    }
    assert PAYOUT_TRANSITIONS.sources(PO.created) == {PO.awaiting_account}


@pytest.mark.parametrize(
    ("machine", "current", "target", "message"),
    [
        (PAYMENT_TRANSITIONS, P.succeeded, P.pending, "Cannot retry a payment that is succeeded"),
        (PAYMENT_TRANSITIONS, P.succeeded, P.canceled, "Cannot retry a payment that is succeeded"),
        (PAYMENT_TRANSITIONS, P.canceled, P.failed, "Cannot retry a payment that is canceled"),
        (REFUND_TRANSITIONS, R.failed, R.succeeded, "Cannot retry a refund that is failed"),
        (REFUND_TRANSITIONS, R.succeeded, R.pending, "Cannot retry a refund that is succeeded"),
        (PAYOUT_TRANSITIONS, PO.paid, PO.failed, "Cannot retry a payout that is paid"),
        (PAYOUT_TRANSITIONS, PO.reversed, PO.paid, "Cannot retry a payout that is reversed"),
        (
            PAYOUT_TRANSITIONS,
            PO.awaiting_account,
            PO.paid,
            "Cannot retry a payout that is awaiting_account",
        ),
    ],
)
def test_a_forbidden_move_raises_invalid_transition(
    machine: StateMachine[StrEnum], current: StrEnum, target: StrEnum, message: str
) -> None:
    with pytest.raises(InvalidTransition) as raised:
        machine.ensure(current, target, action="retry")
    assert raised.value.code == "invalid_state_transition"
    assert str(raised.value.detail) == message
    assert raised.value.extra["current_status"] == current.value


def test_the_named_sets_say_what_they_hold() -> None:
    # Open: the owner may still complete it. Awaiting the provider: no final word yet.
    assert {P.created, P.pending, P.failed} == OPEN_PAYMENT_STATUSES
    assert {P.created, P.pending} == AWAITING_PROVIDER_PAYMENT_STATUSES
    assert all(PAYMENT_TRANSITIONS.can(s, P.succeeded) for s in OPEN_PAYMENT_STATUSES)
    assert {R.created, R.pending} == UNCONFIRMED_REFUND_STATUSES
    assert {PO.awaiting_account, PO.created} == RESERVED_PAYOUT_STATUSES
