"""Funding: the owner pays a milestone's amount into escrow.

`fund_milestone` runs as three atomic phases, so a crash anywhere is recoverable:

1. Record the intent: lock the contract and milestone, check the rules, insert a `created`
   Payment, commit.
2. Call the provider with the idempotency key `fund-<payment id>` (no transaction open).
3. Record the result (provider id, client secret, status) and commit with the request.

A crash after 1 leaves a `created` payment that a retried fund call or the reconciliation job
sends again with the same key (the provider answers with the same charge). The money itself
is booked only when the provider reports success (`record_payment_succeeded`, from a webhook,
the sandbox or reconciliation), which may happen in any order relative to phase 3.
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import Conflict, NotFound
from app.core.principal import Principal, require_verified_email
from app.models import (
    ContractStatus,
    LedgerKind,
    MilestoneStatus,
    Payment,
    PaymentMethod,
    PaymentProvider,
    PaymentStatus,
    RefundReason,
)
from app.schemas.escrow import FundingRead
from app.services.escrow.chargebacks import freeze_for_early_chargeback
from app.services.escrow.refunds import book_refund
from app.services.fees import current_rates_bps, split_release
from app.services.invoices import issue_receipt
from app.services.ledger import OWNER_FUNDING, TransactionLinks, escrow_account, post_transaction
from app.services.milestones import (
    MILESTONE_TRANSITIONS,
    lock_milestone,
    owner_locks_milestone,
    record_milestone_event,
)
from app.services.payments.gateway import (
    ChargeResult,
    PaymentExpired,
    PaymentFailed,
    PaymentProviderError,
    PaymentSucceeded,
    payment_gateway,
)
from app.services.payments.methods import check_method, provider_for
from app.services.payments.qr import qr_png_data_url
from app.services.payments.states import PAYMENT_TRANSITIONS

logger = logging.getLogger("app.escrow")

# Reconciliation looks again at a payment stuck in `created` after this (the request that
# created it normally finishes within seconds), and at a `pending` one every PENDING_RECHECK.
CREATED_GRACE = timedelta(minutes=2)
PENDING_RECHECK = timedelta(hours=1)


class PaymentNotFound(NotFound):
    code, title = "payment_not_found", "Payment not found"


def _funding_read(payment: Payment) -> FundingRead:
    split = split_release(payment.amount_idr, fee_bps=payment.fee_bps, ppn_bps=payment.ppn_bps)
    qr_string = (payment.instructions or {}).get("qr_string")
    png = qr_png_data_url(qr_string) if isinstance(qr_string, str) else None
    return FundingRead.from_row(payment, split, qr_png_data_url=png)


class PaymentUnderWayWithAnotherMethod(Conflict):
    code, title = (
        "payment_under_way_with_another_method",
        "A payment with another method is under way; pay it, or let it expire first",
    )


async def live_payment(
    session: AsyncSession, milestone_id: uuid.UUID, *, for_update: bool = False
) -> Payment | None:
    """The milestone's one live payment (neither canceled nor superseded), if any."""
    stmt = (
        select(Payment)
        .where(
            Payment.milestone_id == milestone_id,
            Payment.status.not_in([PaymentStatus.canceled, PaymentStatus.superseded]),
        )
        .execution_options(populate_existing=True)
    )
    payment: Payment | None = await session.scalar(stmt.with_for_update() if for_update else stmt)
    return payment


async def fund_milestone(
    session: AsyncSession,
    *,
    principal: Principal,
    milestone_id: uuid.UUID,
    method: PaymentMethod = PaymentMethod.card,
    channel: str | None = None,
) -> FundingRead:
    """The owner pays a pending milestone into escrow by card, QRIS, virtual account or
    e-wallet, within the method's limits; a payment already under way for it is returned
    again instead of charging twice (another method must wait until it expires or fails)."""
    contract, milestone = await owner_locks_milestone(session, principal, milestone_id)
    require_verified_email(principal)
    MILESTONE_TRANSITIONS.ensure(milestone.status, MilestoneStatus.funded, action="fund")
    channel = check_method(method, channel, milestone.amount_idr)
    payment = await live_payment(session, milestone.id, for_update=True)
    if (
        payment is not None
        and payment.status is PaymentStatus.failed
        and payment.method is not PaymentMethod.card
    ):
        # A failed QRIS/VA/e-wallet request cannot be paid any more (a declined card can be
        # retried on the same intent): it gives way to a new one.
        PAYMENT_TRANSITIONS.ensure(payment.status, PaymentStatus.canceled, action="replace")
        payment.status = PaymentStatus.canceled
        payment.next_attempt_at = None
        await session.flush()
        payment = None
    if payment is not None and (payment.method, payment.channel) != (method, channel):
        raise PaymentUnderWayWithAnotherMethod(
            f"Payment {payment.id} by {payment.method.value} is {payment.status.value}",
            payment_id=str(payment.id),
            method=payment.method.value,
        )
    if payment is not None and payment.status is not PaymentStatus.created:
        return _funding_read(payment)
    if payment is None:
        fee_bps, ppn_bps = current_rates_bps()
        payment = Payment(
            milestone_id=milestone.id,
            contract_id=contract.id,
            owner_id=contract.owner_id,
            provider=provider_for(method),
            method=method,
            channel=channel,
            status=PaymentStatus.created,
            amount_idr=milestone.amount_idr,
            fee_bps=fee_bps,
            ppn_bps=ppn_bps,
            next_attempt_at=datetime.now(UTC) + CREATED_GRACE,
        )
        session.add(payment)
        await session.flush()
    await session.commit()  # phase 1 done: the intent survives a crash

    try:
        result = await payment_gateway(payment.provider).create_charge(
            payment=payment, contract=contract, milestone=milestone
        )
    except PaymentProviderError as error:
        if error.permanent:
            await _abandon(session, payment.id, str(error))
        raise
    payment = await apply_charge_result(session, payment.id, result)
    return _funding_read(payment)


async def _abandon(session: AsyncSession, payment_id: uuid.UUID, reason: str) -> None:
    """The provider refused to create the charge: free the milestone for a new attempt."""
    payment = await session.get_one(
        Payment, payment_id, with_for_update=True, populate_existing=True
    )
    if payment.status is PaymentStatus.created:
        PAYMENT_TRANSITIONS.ensure(payment.status, PaymentStatus.canceled, action="abandon")
        payment.status = PaymentStatus.canceled
        payment.failure_message = reason[:500]
        payment.next_attempt_at = None
    await session.commit()


async def apply_charge_result(
    session: AsyncSession, payment_id: uuid.UUID, result: ChargeResult
) -> Payment:
    """Phase 3 of funding (and of reconciliation): store what the provider answered."""
    if result.status is PaymentStatus.succeeded:
        payment = await session.get_one(Payment, payment_id)
        await record_payment_succeeded(
            session,
            PaymentSucceeded(
                result.provider_payment_id, payment.id, result.charge_id, payment.amount_idr
            ),
            external_event_id=None,
        )
    payment = await session.get_one(
        Payment, payment_id, with_for_update=True, populate_existing=True
    )
    payment.provider_payment_id = payment.provider_payment_id or result.provider_payment_id
    payment.client_secret = payment.client_secret or result.client_secret
    payment.instructions = payment.instructions or result.instructions
    payment.expires_at = payment.expires_at or result.expires_at
    if payment.status is PaymentStatus.created and result.status is PaymentStatus.canceled:
        PAYMENT_TRANSITIONS.ensure(payment.status, result.status, action="expire")
        payment.status = PaymentStatus.canceled
        payment.next_attempt_at = None
    if payment.status is PaymentStatus.created:
        PAYMENT_TRANSITIONS.ensure(payment.status, result.status, action="record")
        payment.status = result.status
        payment.next_attempt_at = datetime.now(UTC) + PENDING_RECHECK
    if payment.status is PaymentStatus.failed and result.failure_message:
        payment.failure_message = result.failure_message[:500]
    await session.flush()
    return payment


async def find_payment(
    session: AsyncSession, payment_id: uuid.UUID | None, provider_payment_id: str | None
) -> Payment | None:
    """Match a provider event to our payment: by the id in its metadata, else the provider's."""
    if payment_id is not None:
        payment = await session.get(Payment, payment_id, populate_existing=True)
        if payment is not None:
            return payment
    if provider_payment_id:
        found: Payment | None = await session.scalar(
            select(Payment).where(Payment.provider_payment_id == provider_payment_id)
        )
        return found
    return None


async def record_payment_succeeded(
    session: AsyncSession, event: PaymentSucceeded, *, external_event_id: uuid.UUID | None
) -> None:
    """The owner's money arrived: book it into the milestone's escrow and mark it funded.
    Money that arrives for a milestone that can no longer be funded goes straight back."""
    payment = await find_payment(session, event.payment_id, event.provider_payment_id)
    if payment is None:
        logger.warning("payment event for an unknown payment", extra={"event": str(event)})
        return
    locked = await lock_milestone(session, payment.milestone_id)
    if locked is None:
        raise PaymentNotFound(f"Milestone of payment {payment.id} is gone")
    contract, milestone = locked
    payment = await session.get_one(
        Payment, payment.id, with_for_update=True, populate_existing=True
    )
    if payment.status in (PaymentStatus.succeeded, PaymentStatus.superseded):
        return  # a replayed or duplicate report
    newer = await _newer_live_payment(session, payment)
    # An old (canceled) payment paid after a newer one took its place: the newer one keeps
    # the milestone; this money is booked and sent back (README "Payments", late payments).
    outcome = PaymentStatus.superseded if newer is not None else PaymentStatus.succeeded
    PAYMENT_TRANSITIONS.ensure(payment.status, outcome, action="succeed")
    payment.status = outcome
    payment.succeeded_at = datetime.now(UTC)
    payment.provider_payment_id = payment.provider_payment_id or event.provider_payment_id
    payment.provider_charge_id = event.charge_id or payment.provider_charge_id
    payment.failure_code = payment.failure_message = None
    payment.next_attempt_at = None
    links = TransactionLinks(
        contract_id=contract.id,
        milestone_id=milestone.id,
        payment_id=payment.id,
        external_event_id=external_event_id,
    )
    await post_transaction(
        session,
        kind=LedgerKind.funding,
        postings=[
            (OWNER_FUNDING, -event.amount_idr),
            (escrow_account(milestone.id), event.amount_idr),
        ],
        links=links,
        memo=f"Payment {payment.provider_payment_id} for milestone '{milestone.title}'",
    )
    fundable = (
        newer is None
        and milestone.status is MilestoneStatus.pending
        and contract.status is ContractStatus.active
        and event.amount_idr == milestone.amount_idr
    )
    if not fundable:
        logger.warning(
            "payment arrived for a milestone that cannot be funded; refunding",
            extra={
                "payment_id": str(payment.id),
                "milestone_status": milestone.status.value,
                "superseded_by": None if newer is None else str(newer),
            },
        )
        await book_refund(
            session,
            contract,
            milestone,
            payment,
            amount_idr=event.amount_idr,
            reason=RefundReason.late_payment,
            links=links,
        )
        return
    MILESTONE_TRANSITIONS.ensure(milestone.status, MilestoneStatus.funded, action="fund")
    milestone.status = MilestoneStatus.funded
    milestone.funded_at = payment.succeeded_at
    await record_milestone_event(
        session, contract, milestone, actor_user_id=None, payment_id=str(payment.id)
    )
    await issue_receipt(session, contract, milestone, payment)
    await freeze_for_early_chargeback(session, contract, milestone)


async def _newer_live_payment(session: AsyncSession, payment: Payment) -> uuid.UUID | None:
    """Another payment of the milestone holding its one live place, when `payment` (whose
    milestone the caller has locked) was canceled."""
    if payment.status is not PaymentStatus.canceled:
        return None
    newer: uuid.UUID | None = await session.scalar(
        select(Payment.id).where(
            Payment.milestone_id == payment.milestone_id,
            Payment.id != payment.id,
            Payment.status.not_in([PaymentStatus.canceled, PaymentStatus.superseded]),
        )
    )
    return newer


async def record_payment_failed(session: AsyncSession, event: PaymentFailed) -> None:
    """The owner's payment attempt failed; they may retry it. A late failure report for a
    payment that already succeeded changes nothing."""
    payment = await find_payment(session, event.payment_id, event.provider_payment_id)
    if payment is None:
        logger.warning("payment event for an unknown payment", extra={"event": str(event)})
        return
    payment = await session.get_one(
        Payment, payment.id, with_for_update=True, populate_existing=True
    )
    if not PAYMENT_TRANSITIONS.can(payment.status, PaymentStatus.failed):
        return  # succeeded or canceled already
    payment.status = PaymentStatus.failed
    payment.provider_payment_id = payment.provider_payment_id or event.provider_payment_id
    payment.failure_code = event.code[:100]
    payment.failure_message = event.message[:500]
    await session.flush()


async def record_payment_expired(session: AsyncSession, event: PaymentExpired) -> None:
    """An unpaid QRIS, virtual account or e-wallet request expired: the payment ends and the
    milestone (still pending) can be funded again, by any method. A report that comes after
    the money arrived changes nothing."""
    payment = await find_payment(session, event.payment_id, event.provider_payment_id)
    if payment is None:
        logger.warning("payment event for an unknown payment", extra={"event": str(event)})
        return
    payment = await session.get_one(
        Payment, payment.id, with_for_update=True, populate_existing=True
    )
    if payment.status is PaymentStatus.canceled or not PAYMENT_TRANSITIONS.can(
        payment.status, PaymentStatus.canceled
    ):
        return
    payment.status = PaymentStatus.canceled
    payment.failure_code = "expired"
    payment.failure_message = "The payment expired before it was paid"
    payment.next_attempt_at = None
    await session.flush()


async def payment_for_owner(
    session: AsyncSession, principal: Principal, payment_id: uuid.UUID, *, provider: PaymentProvider
) -> Payment:
    """A payment of the caller's (404 for anyone else's, or another provider's)."""
    payment = await session.get(Payment, payment_id)
    if payment is None or payment.owner_id != principal.id or payment.provider is not provider:
        raise PaymentNotFound()
    return payment
