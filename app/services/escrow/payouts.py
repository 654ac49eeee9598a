"""Paying creatives out of their payable balance.

PAYOUT_MODE=stripe_connect: each release queues a Payout of the creative's share, sent as a
Stripe Transfer to their Express account in phases (the booked-as-`created` row is committed;
the transfer is created with the idempotency key `payout-<payout id>`; the result is
recorded and only then booked payable -> payouts_out). Until the creative's account can
receive, the payout waits (`awaiting_account`). PAYOUT_MODE=manual: an admin transfers the
money (e.g. BI-FAST) and records the bank reference here, which books it in one step.
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.backoff import retry_delay
from app.core.config import PayoutMode, get_settings
from app.core.errors import Conflict, NotFound
from app.core.event_types import EventType
from app.core.principal import Principal
from app.models import (
    Contract,
    LedgerKind,
    Milestone,
    Payment,
    PaymentProvider,
    Payout,
    PayoutAccount,
    PayoutMethod,
    PayoutStatus,
    Refund,
    User,
    UserRole,
)
from app.schemas.payouts import PayoutRead
from app.services.audit import AuditActor, record_admin_action
from app.services.events import record_event
from app.services.ledger import (
    PAYOUTS_OUT,
    TransactionLinks,
    account_balance,
    creative_payable_account,
    post_transaction,
)
from app.services.payments.gateway import PaymentProviderError, payment_gateway
from app.services.payments.states import PAYOUT_TRANSITIONS, RESERVED_PAYOUT_STATUSES

logger = logging.getLogger("app.escrow")

SEND_GRACE = timedelta(minutes=2)
# A transfer the provider could not take is tried again after 1, 2, 4 ... minutes, at most 6 h.
FIRST_RETRY, LONGEST_RETRY = timedelta(minutes=1), timedelta(hours=6)


class CreativeNotFound(NotFound):
    code, title = "creative_not_found", "No creative account with this id"


class InsufficientPayableBalance(Conflict):
    code, title = (
        "insufficient_payable_balance",
        "The amount is more than the creative's available balance",
    )


class BankReferenceAlreadyUsed(Conflict):
    code, title = (
        "bank_reference_already_used",
        "This bank reference is already recorded for another refund or payout",
    )


async def claim_bank_reference(session: AsyncSession, reference: str) -> None:
    """Serialise recordings of one bank reference and refuse one already recorded (the unique
    columns back this up; the check first makes a duplicate a 409, not a database error)."""
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
        {"key": f"bank_reference:{reference}"},
    )
    used = await session.scalar(
        select(Payout.id).where(Payout.reference == reference).limit(1)
    ) or await session.scalar(select(Refund.id).where(Refund.bank_reference == reference).limit(1))
    if used is not None:
        raise BankReferenceAlreadyUsed(f"Reference {reference} is already recorded")


async def lock_payable(session: AsyncSession, creative_user_id: uuid.UUID) -> None:
    """Serialise debits of one creative's payable balance (credits need no lock)."""
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
        {"key": creative_payable_account(creative_user_id)},
    )


def account_can_receive(account: PayoutAccount | None, method: PayoutMethod) -> bool:
    if account is None or account.method is not method:
        return False
    if method is PayoutMethod.stripe_connect:
        return account.payouts_enabled and account.stripe_account_id is not None
    return bool(account.bank_code and account.bank_account_number)


async def queue_payout(
    session: AsyncSession,
    contract: Contract,
    milestone: Milestone,
    payment: Payment,
    amount_idr: int,
) -> uuid.UUID | None:
    """Stripe Connect or Xendit mode: a payout of a released share, ready to send (its id) or
    waiting for the creative's account (None). Manual mode: nothing, an admin pays."""
    mode = get_settings().payout_mode
    if mode is PayoutMode.manual or amount_idr <= 0:
        return None
    method = PayoutMethod(mode.value)
    account = await session.scalar(
        select(PayoutAccount).where(PayoutAccount.user_id == contract.creative_user_id)
    )
    ready = account_can_receive(account, method)
    payout = Payout(
        creative_user_id=contract.creative_user_id,
        milestone_id=milestone.id,
        payment_id=payment.id,
        amount_idr=amount_idr,
        method=method,
        status=PayoutStatus.created if ready else PayoutStatus.awaiting_account,
        next_attempt_at=datetime.now(UTC) + SEND_GRACE if ready else None,
        attempts=0,
    )
    session.add(payout)
    await session.flush()
    return payout.id if ready else None


async def dispatch_payout(session: AsyncSession, payout_id: uuid.UUID | None) -> None:
    """End phase 1 (commit the release and its payout row), then send the payout."""
    if payout_id is None:
        return
    await session.commit()
    await send_payout(session, payout_id)


async def send_payout(session: AsyncSession, payout_id: uuid.UUID) -> bool:
    """Phases 2 and 3: the transfer (key `payout-<id>`), then record and book it."""
    payout = await session.get_one(Payout, payout_id, populate_existing=True)
    if payout.status is not PayoutStatus.created:
        return False
    account = await session.scalar(
        select(PayoutAccount).where(PayoutAccount.user_id == payout.creative_user_id)
    )
    payment = await session.get(Payment, payout.payment_id) if payout.payment_id else None
    if account is None or not account_can_receive(account, payout.method):
        raise RuntimeError(f"payout {payout_id} is ready without an account to receive it")
    gateway = payment_gateway(_payout_provider(payout, payment))
    try:
        result = await gateway.transfer(
            payout=payout,
            payment=payment,
            account=account,
            transfer_group=str(payment.contract_id) if payment else str(payout.creative_user_id),
        )
    except PaymentProviderError as error:
        await _payout_attempt_failed(session, payout_id, error)
        return False
    if not result.settled:
        await _record_payout_in_transit(session, payout_id, result.provider_transfer_id)
        return True
    await record_payout_paid(session, payout_id, result.provider_transfer_id)
    return True


def _payout_provider(payout: Payout, payment: Payment | None) -> PaymentProvider | None:
    if payout.method is PayoutMethod.xendit:
        return PaymentProvider(get_settings().local_payment_provider)
    # Connect transfers come from the charge's provider (the sandbox in development).
    return payment.provider if payment is not None else None


async def _record_payout_in_transit(
    session: AsyncSession, payout_id: uuid.UUID, provider_transfer_id: str
) -> None:
    """Accepted by the provider, not paid yet: it stays reserved (`created`, in transit) and
    is not sent again; the provider's report books it paid or fails it."""
    payout = await session.get_one(Payout, payout_id, with_for_update=True, populate_existing=True)
    payout.provider_transfer_id = payout.provider_transfer_id or provider_transfer_id
    if payout.status is PayoutStatus.created:
        payout.next_attempt_at = None
    await session.flush()


async def record_payout_failed(session: AsyncSession, payout_id: uuid.UUID, reason: str) -> None:
    """The provider could not pay (closed account, wrong name): nothing was booked out, so the
    money is back in the creative's available balance, with the reason on the payout."""
    payout = await session.get_one(Payout, payout_id)
    await lock_payable(session, payout.creative_user_id)
    payout = await session.get_one(Payout, payout_id, with_for_update=True, populate_existing=True)
    if not PAYOUT_TRANSITIONS.can(payout.status, PayoutStatus.failed):
        return  # paid (a bounce arrives as a reversal) or failed already
    logger.error("payout failed at the provider", extra={"payout_id": str(payout_id)})
    payout.status = PayoutStatus.failed
    payout.failure_message = reason[:500]
    payout.next_attempt_at = None
    await record_event(
        session,
        type=EventType.payout_failed,
        subject_type="payout",
        subject_id=payout.id,
        actor_user_id=None,
        audience=[payout.creative_user_id],
        payload={
            "payout_id": str(payout.id),
            "amount_idr": payout.amount_idr,
            "method": payout.method.value,
            "reason": payout.failure_message,
        },
    )
    await session.flush()


async def _payout_attempt_failed(
    session: AsyncSession, payout_id: uuid.UUID, error: PaymentProviderError
) -> None:
    payout = await session.get_one(Payout, payout_id, with_for_update=True, populate_existing=True)
    payout.failure_message = error.detail[:500]
    payout.attempts += 1
    if error.permanent:
        # Nothing was booked out: the money stays in the creative's available balance.
        logger.error("payout refused by the provider", extra={"payout_id": str(payout_id)})
        PAYOUT_TRANSITIONS.ensure(payout.status, PayoutStatus.failed, action="fail")
        payout.status = PayoutStatus.failed
        payout.next_attempt_at = None
    else:
        payout.next_attempt_at = datetime.now(UTC) + retry_delay(
            payout.attempts, base=FIRST_RETRY, cap=LONGEST_RETRY
        )
    await session.flush()


async def record_payout_paid(
    session: AsyncSession,
    payout_id: uuid.UUID,
    provider_transfer_id: str,
    *,
    external_event_id: uuid.UUID | None = None,
) -> None:
    """The transfer exists: book payable -> payouts_out once, however often it is reported."""
    payout = await session.get_one(Payout, payout_id)
    await lock_payable(session, payout.creative_user_id)
    payout = await session.get_one(Payout, payout_id, with_for_update=True, populate_existing=True)
    payout.provider_transfer_id = payout.provider_transfer_id or provider_transfer_id
    if payout.status is not PayoutStatus.created:
        await session.flush()
        return
    PAYOUT_TRANSITIONS.ensure(payout.status, PayoutStatus.paid, action="pay")
    payout.status = PayoutStatus.paid
    payout.paid_at = datetime.now(UTC)
    payout.next_attempt_at = None
    await _book_payout(session, payout, external_event_id=external_event_id, actor_user_id=None)


async def _book_payout(
    session: AsyncSession,
    payout: Payout,
    *,
    external_event_id: uuid.UUID | None,
    actor_user_id: uuid.UUID | None,
) -> None:
    contract_id = None
    if payout.milestone_id is not None:
        contract_id = await session.scalar(
            select(Milestone.contract_id).where(Milestone.id == payout.milestone_id)
        )
    await post_transaction(
        session,
        kind=LedgerKind.payout,
        postings=[
            (creative_payable_account(payout.creative_user_id), -payout.amount_idr),
            (PAYOUTS_OUT, payout.amount_idr),
        ],
        links=TransactionLinks(
            contract_id=contract_id,
            milestone_id=payout.milestone_id,
            payout_id=payout.id,
            external_event_id=external_event_id,
            actor_user_id=actor_user_id,
        ),
        memo=f"Payout {payout.method.value} {payout.provider_transfer_id or payout.reference}",
    )
    await record_event(
        session,
        type=EventType.payout_paid,
        subject_type="payout",
        subject_id=payout.id,
        actor_user_id=actor_user_id,
        audience=[payout.creative_user_id],
        payload={
            "payout_id": str(payout.id),
            "amount_idr": payout.amount_idr,
            "method": payout.method.value,
        },
    )


async def record_payout_reversed(
    session: AsyncSession,
    payout_id: uuid.UUID,
    *,
    external_event_id: uuid.UUID | None,
) -> None:
    """A transfer was reversed at the provider: the money is back in the payable balance."""
    payout = await session.get_one(Payout, payout_id)
    await lock_payable(session, payout.creative_user_id)
    payout = await session.get_one(Payout, payout_id, with_for_update=True, populate_existing=True)
    if payout.status is not PayoutStatus.paid:
        return
    PAYOUT_TRANSITIONS.ensure(payout.status, PayoutStatus.reversed, action="reverse")
    payout.status = PayoutStatus.reversed
    await post_transaction(
        session,
        kind=LedgerKind.payout_reversal,
        postings=[
            (PAYOUTS_OUT, -payout.amount_idr),
            (creative_payable_account(payout.creative_user_id), payout.amount_idr),
        ],
        links=TransactionLinks(
            milestone_id=payout.milestone_id,
            payout_id=payout.id,
            external_event_id=external_event_id,
        ),
        memo=f"Transfer {payout.provider_transfer_id} reversed",
    )


async def payout_by_transfer(
    session: AsyncSession, payout_id: uuid.UUID | None, provider_transfer_id: str
) -> Payout | None:
    if payout_id is not None:
        payout = await session.get(Payout, payout_id)
        if payout is not None:
            return payout
    found: Payout | None = await session.scalar(
        select(Payout).where(Payout.provider_transfer_id == provider_transfer_id)
    )
    return found


async def reserved_for_payouts(session: AsyncSession, creative_user_id: uuid.UUID) -> int:
    """Payouts decided but not booked yet (waiting for an account, or being sent)."""
    total = await session.scalar(
        select(func.coalesce(func.sum(Payout.amount_idr), 0)).where(
            Payout.creative_user_id == creative_user_id,
            Payout.status.in_(RESERVED_PAYOUT_STATUSES),
        )
    )
    return int(total or 0)


async def record_manual_payout(
    session: AsyncSession,
    *,
    principal: Principal,
    creative_user_id: uuid.UUID,
    amount_idr: int,
    reference: str,
) -> PayoutRead:
    """An admin records a bank transfer they made to a creative; it leaves the payable
    balance at once and can never exceed what is available."""
    creative = await session.get(User, creative_user_id)
    if creative is None or creative.role is not UserRole.creative:
        raise CreativeNotFound()
    await claim_bank_reference(session, reference)
    await lock_payable(session, creative_user_id)
    available = await account_balance(
        session, creative_payable_account(creative_user_id)
    ) - await reserved_for_payouts(session, creative_user_id)
    if amount_idr > available:
        raise InsufficientPayableBalance(
            f"Available balance is {available} IDR", available_idr=available
        )
    payout = Payout(
        creative_user_id=creative_user_id,
        amount_idr=amount_idr,
        method=PayoutMethod.manual,
        status=PayoutStatus.paid,
        reference=reference,
        recorded_by_user_id=principal.id,
        paid_at=datetime.now(UTC),
        attempts=0,
    )
    session.add(payout)
    await session.flush()
    await _book_payout(session, payout, external_event_id=None, actor_user_id=principal.id)
    await record_admin_action(
        session,
        AuditActor.admin(principal),
        action="payout.record_manual",
        target_type="payout",
        target_id=payout.id,
        details={
            "creative_user_id": str(creative_user_id),
            "amount_idr": amount_idr,
            "reference": reference,
        },
    )
    return PayoutRead.model_validate(payout)
