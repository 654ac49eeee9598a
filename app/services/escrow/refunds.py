"""Cancelling milestones and refunding what escrow holds for them.

A refund runs in phases: the decision is booked with the state change (a `created` Refund
and escrow -> refunds_out, one transaction, committed); then the provider is called with the
idempotency key `refund-<refund id>`; then its answer is recorded. A crash in between leaves
a `created` refund that the worker (`send_due_refunds`) sends again with the same key.
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.backoff import retry_delay
from app.core.errors import InvalidTransition
from app.core.principal import Principal
from app.models import (
    Contract,
    LedgerKind,
    Milestone,
    MilestoneStatus,
    Payment,
    PaymentStatus,
    Refund,
    RefundReason,
    RefundStatus,
)
from app.schemas.escrow import CancellationRead
from app.services.contracts import ensure_contract_active
from app.services.ledger import (
    REFUNDS_OUT,
    REFUNDS_OWED,
    TransactionLinks,
    escrow_account,
    post_transaction,
)
from app.services.milestones import (
    MILESTONE_TRANSITIONS,
    finish_contract_if_settled,
    lock_milestone_for_party,
    record_milestone_event,
)
from app.services.payments.gateway import (
    PaymentProviderError,
    RefundFailed,
    RefundsSettled,
    payment_gateway,
)
from app.services.payments.queries import succeeded_payment
from app.services.payments.states import (
    OPEN_PAYMENT_STATUSES,
    PAYMENT_TRANSITIONS,
    REFUND_TRANSITIONS,
    UNCONFIRMED_REFUND_STATUSES,
)

logger = logging.getLogger("app.escrow")

# The request that books a refund sends it straight away; the worker only steps in later.
SEND_GRACE = timedelta(minutes=2)
# A refund the provider could not take is sent again after 1, 2, 4 ... minutes, at most 6 h.
FIRST_RETRY, LONGEST_RETRY = timedelta(minutes=1), timedelta(hours=6)


class MilestoneFrozenByDispute(InvalidTransition):
    code, title = (
        "milestone_disputed",
        "The milestone is frozen by a dispute; its resolution settles the money",
    )


class MilestoneAlreadyDelivered(InvalidTransition):
    code, title = (
        "milestone_already_delivered",
        "The work was delivered: approve it, ask for changes or open a dispute instead",
    )


async def book_refund(
    session: AsyncSession,
    contract: Contract,
    milestone: Milestone,
    payment: Payment,
    *,
    amount_idr: int,
    reason: RefundReason,
    links: TransactionLinks,
) -> Refund:
    """Decide a refund: a `created` Refund and escrow -> refunds_out, in the caller's
    transaction (which holds the milestone's lock)."""
    refund = Refund(
        payment_id=payment.id,
        milestone_id=milestone.id,
        contract_id=contract.id,
        amount_idr=amount_idr,
        reason=reason,
        status=RefundStatus.created,
        next_attempt_at=datetime.now(UTC) + SEND_GRACE,
    )
    session.add(refund)
    await session.flush()
    await post_transaction(
        session,
        kind=LedgerKind.refund,
        postings=[(escrow_account(milestone.id), -amount_idr), (REFUNDS_OUT, amount_idr)],
        links=TransactionLinks(
            contract_id=contract.id,
            milestone_id=milestone.id,
            payment_id=payment.id,
            refund_id=refund.id,
            dispute_id=links.dispute_id,
            external_event_id=links.external_event_id,
            actor_user_id=links.actor_user_id,
        ),
        memo=f"Refund ({reason.value}) of milestone '{milestone.title}'",
    )
    return refund


async def cancel_milestone(
    session: AsyncSession, *, principal: Principal, milestone_id: uuid.UUID, reason: str
) -> CancellationRead:
    """Cancel a milestone: unfunded ones simply end; funded ones are refunded in full. The
    owner may cancel until the work is delivered, the creative (forgoing the money) until it
    is released."""
    contract, milestone = await lock_milestone_for_party(session, principal, milestone_id)
    ensure_contract_active(contract)
    refund: Refund | None = None
    open_payment: Payment | None = None
    if milestone.status is MilestoneStatus.pending:
        MILESTONE_TRANSITIONS.ensure(milestone.status, MilestoneStatus.cancelled, action="cancel")
        milestone.status = MilestoneStatus.cancelled
        open_payment = await _cancel_unpaid_payment(session, milestone.id)
    elif milestone.status is MilestoneStatus.disputed:
        raise MilestoneFrozenByDispute(current_status=milestone.status.value)
    else:
        delivered = milestone.status in (
            MilestoneStatus.submitted,
            MilestoneStatus.changes_requested,
        )
        if principal.id == contract.owner_id and delivered:
            raise MilestoneAlreadyDelivered(
                f"Milestone is {milestone.status.value}", current_status=milestone.status.value
            )
        MILESTONE_TRANSITIONS.ensure(milestone.status, MilestoneStatus.refunded, action="cancel")
        payment = await succeeded_payment(session, milestone.id)
        refund = await book_refund(
            session,
            contract,
            milestone,
            payment,
            amount_idr=milestone.amount_idr,
            reason=RefundReason.cancellation,
            links=TransactionLinks(actor_user_id=principal.id),
        )
        milestone.status = MilestoneStatus.refunded
        milestone.refunded_idr = milestone.amount_idr
        milestone.auto_release_at = None
    await record_milestone_event(
        session, contract, milestone, actor_user_id=principal.id, reason=reason
    )
    await finish_contract_if_settled(session, contract, actor_user_id=principal.id)
    if refund is not None:
        await dispatch_refund(session, refund.id)
    if open_payment is not None and open_payment.provider_payment_id is not None:
        await _cancel_at_provider(session, open_payment)
    return CancellationRead.from_row(milestone, refund)


async def _cancel_at_provider(session: AsyncSession, payment: Payment) -> None:
    """After the cancellation is committed, stop the provider taking the money (the QR code,
    VA number or card intent stops working). Best effort: should the owner still manage to
    pay, `record_payment_succeeded` refunds it as a late payment."""
    await session.commit()
    try:
        await payment_gateway(payment.provider).cancel_charge(payment)
    except PaymentProviderError as error:
        logger.warning(
            "could not cancel the payment at the provider",
            extra={"payment_id": str(payment.id), "error": error.detail},
        )


async def _cancel_unpaid_payment(session: AsyncSession, milestone_id: uuid.UUID) -> Payment | None:
    # If the owner still completes this payment, `record_payment_succeeded` refunds it.
    payment = await session.scalar(
        select(Payment)
        .where(
            Payment.milestone_id == milestone_id,
            Payment.status.in_(OPEN_PAYMENT_STATUSES),
        )
        .with_for_update()
    )
    if payment is not None:
        PAYMENT_TRANSITIONS.ensure(payment.status, PaymentStatus.canceled, action="cancel")
        payment.status = PaymentStatus.canceled
        payment.next_attempt_at = None
    return payment


async def dispatch_refund(session: AsyncSession, refund_id: uuid.UUID) -> None:
    """End phase 1 (commit the booked refund), then send it. A provider failure is left to
    the worker's retries: the refund is decided and booked either way."""
    await session.commit()
    await send_refund(session, refund_id)


async def send_refund(session: AsyncSession, refund_id: uuid.UUID) -> bool:
    """Phases 2 and 3: ask the provider (key `refund-<id>`), then record its answer."""
    refund = await session.get_one(Refund, refund_id, populate_existing=True)
    if refund.status is not RefundStatus.created:
        return False
    payment = await session.get_one(Payment, refund.payment_id)
    try:
        result = await payment_gateway(payment.provider).refund(refund=refund, payment=payment)
    except PaymentProviderError as error:
        await _refund_attempt_failed(session, refund_id, error)
        return False
    refund = await session.get_one(Refund, refund_id, with_for_update=True, populate_existing=True)
    refund.provider_refund_id = refund.provider_refund_id or result.provider_refund_id
    if refund.status is RefundStatus.created:
        REFUND_TRANSITIONS.ensure(refund.status, result.status, action="record")
        refund.status = result.status
        refund.next_attempt_at = None
        if result.status is RefundStatus.succeeded:
            refund.succeeded_at = datetime.now(UTC)
        if result.status is RefundStatus.failed:
            await book_refund_failure(session, refund)
    await session.flush()
    return True


async def _refund_attempt_failed(
    session: AsyncSession, refund_id: uuid.UUID, error: PaymentProviderError
) -> None:
    refund = await session.get_one(Refund, refund_id, with_for_update=True, populate_existing=True)
    refund.failure_message = error.detail[:500]
    if error.permanent:
        # Booked as refunded but the provider will not pay it: an admin must settle it by hand.
        logger.error("refund refused by the provider", extra={"refund_id": str(refund_id)})
        if REFUND_TRANSITIONS.can(refund.status, RefundStatus.failed):  # not reported already
            refund.status = RefundStatus.failed
            await book_refund_failure(session, refund)
        refund.next_attempt_at = None
    else:
        refund.attempts += 1
        refund.next_attempt_at = datetime.now(UTC) + retry_delay(
            refund.attempts, base=FIRST_RETRY, cap=LONGEST_RETRY
        )
    await session.flush()


async def record_refunds_settled(session: AsyncSession, event: RefundsSettled) -> None:
    """The provider reports how much of a charge is refunded: our refunds up to that total
    have arrived (including ones whose phase 3 has not been recorded yet)."""
    payment = await session.scalar(
        select(Payment).where(Payment.provider_payment_id == event.provider_payment_id)
    )
    if payment is None:
        logger.warning("refund event for an unknown payment", extra={"event": str(event)})
        return
    refunds = (
        await session.scalars(
            select(Refund)
            .where(Refund.payment_id == payment.id)
            .order_by(Refund.created_at, Refund.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    ).all()
    covered = 0
    for refund in refunds:
        covered += refund.amount_idr
        if covered > event.refunded_total_idr:
            break
        if refund.status in UNCONFIRMED_REFUND_STATUSES:
            REFUND_TRANSITIONS.ensure(refund.status, RefundStatus.succeeded, action="settle")
            refund.status = RefundStatus.succeeded
            refund.succeeded_at = datetime.now(UTC)
            refund.next_attempt_at = None
    await session.flush()


async def record_refund_failed(session: AsyncSession, event: RefundFailed) -> None:
    refund = None
    if event.refund_id is not None:
        refund = await session.get(Refund, event.refund_id, with_for_update=True)
    if refund is None:
        refund = await session.scalar(
            select(Refund)
            .where(Refund.provider_refund_id == event.provider_refund_id)
            .with_for_update()
        )
    if refund is None or not REFUND_TRANSITIONS.can(refund.status, RefundStatus.failed):
        return  # already failed: a repeated report
    logger.error("refund failed at the provider", extra={"refund_id": str(refund.id)})
    refund.status = RefundStatus.failed
    refund.failure_message = event.message
    await book_refund_failure(session, refund)
    await session.flush()


async def book_refund_failure(session: AsyncSession, refund: Refund) -> None:
    """The provider will not pay a refund back: the money never left, so it moves from
    refunds_out to refunds_owed (still the owner's) until an admin settles it by hand."""
    await post_transaction(
        session,
        kind=LedgerKind.refund_failure,
        postings=[(REFUNDS_OUT, -refund.amount_idr), (REFUNDS_OWED, refund.amount_idr)],
        links=TransactionLinks(
            contract_id=refund.contract_id,
            milestone_id=refund.milestone_id,
            payment_id=refund.payment_id,
            refund_id=refund.id,
        ),
        memo=f"Refund {refund.provider_refund_id or refund.id} failed at the provider",
    )
