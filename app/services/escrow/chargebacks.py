"""Card chargebacks (Stripe `charge.dispute.*`): the owner's bank disputes the payment.

Opening one freezes a held milestone like a platform dispute; the card network decides it.
Won: the milestone returns to where it froze. Lost: the network took the money back, so
escrow -> chargebacks_out and the milestone ends refunded; the provider's dispute fee is the
platform's loss (`chargeback_losses -> provider_fees`).

Lost after release (or after a refund) the escrow is empty: the platform pays the network
out of its own money (`chargeback_losses`). Policy: the creative's share of the disputed
amount is claimed from their available payable balance (never below zero, never money already
paid out); whatever cannot be claimed, and the fee, stay the platform's loss.

Events may arrive in any order. A close that comes first opens the chargeback from its own
payload. A chargeback reported before the payment itself is kept open on the pending
milestone; the payment's success then freezes the milestone at once instead of funding it,
and a loss reported before the payment waits (the event is retried) until the money is in.
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import Conflict
from app.models import (
    Contract,
    Dispute,
    DisputeKind,
    DisputeStatus,
    LedgerKind,
    Milestone,
    MilestoneStatus,
    Payment,
)
from app.services.escrow.disputes import (
    DISPUTE_TRANSITIONS,
    LIVE_DISPUTE_STATUSES,
    other_live_dispute,
    unfreeze_milestone,
)
from app.services.escrow.payouts import lock_payable, reserved_for_payouts
from app.services.fees import split_release
from app.services.ledger import (
    CHARGEBACK_LOSSES,
    CHARGEBACKS_OUT,
    HELD_STATUSES,
    PROVIDER_FEES,
    TransactionLinks,
    account_balance,
    creative_payable_account,
    escrow_account,
    post_transaction,
)
from app.services.milestones import (
    MILESTONE_TRANSITIONS,
    finish_contract_if_settled,
    lock_milestone,
    record_milestone_event,
)
from app.services.payments.gateway import ChargebackClosed, ChargebackOpened

logger = logging.getLogger("app.escrow")


class ChargebackAwaitsPayment(Conflict):
    """Raised inside the worker only: the event is retried once the payment is recorded."""

    code, title = "chargeback_awaits_payment", "The chargeback's payment is not recorded yet"


async def open_chargeback(
    session: AsyncSession, event: ChargebackOpened, *, external_event_id: uuid.UUID | None
) -> None:
    payment = await session.scalar(
        select(Payment).where(Payment.provider_payment_id == event.provider_payment_id)
    )
    if payment is None:
        logger.warning("chargeback on an unknown payment", extra={"event": str(event)})
        return
    locked = await lock_milestone(session, payment.milestone_id)
    if locked is None:
        return
    contract, milestone = locked
    known = await session.scalar(
        select(Dispute.id).where(Dispute.provider_dispute_id == event.provider_dispute_id)
    )
    if known is not None:
        return  # a replayed event
    frozen_from = milestone.status
    if milestone.status is MilestoneStatus.disputed:
        live = await session.scalar(
            select(Dispute).where(
                Dispute.milestone_id == milestone.id,
                Dispute.status.in_(LIVE_DISPUTE_STATUSES),
            )
        )
        frozen_from = live.frozen_from_status if live is not None else milestone.status
    now = datetime.now(UTC)
    dispute = Dispute(
        milestone_id=milestone.id,
        contract_id=contract.id,
        kind=DisputeKind.chargeback,
        status=DisputeStatus.open,
        opened_by_user_id=None,
        reason=f"Card chargeback: {event.reason}",
        frozen_from_status=frozen_from,
        respond_by=now,
        decide_by=now,
        provider_dispute_id=event.provider_dispute_id,
    )
    session.add(dispute)
    if milestone.status in HELD_STATUSES and milestone.status is not MilestoneStatus.disputed:
        MILESTONE_TRANSITIONS.ensure(milestone.status, MilestoneStatus.disputed, action="freeze")
        milestone.status = MilestoneStatus.disputed
        milestone.auto_release_at = None
        await record_milestone_event(session, contract, milestone, actor_user_id=None)
    elif milestone.status is MilestoneStatus.pending:
        logger.warning(
            "chargeback reported before its payment", extra={"milestone_id": str(milestone.id)}
        )
    elif milestone.status not in HELD_STATUSES:
        logger.error(
            "chargeback on a milestone whose escrow is already settled",
            extra={"milestone_id": str(milestone.id), "status": milestone.status.value},
        )
    await session.flush()


async def close_chargeback(
    session: AsyncSession, event: ChargebackClosed, *, external_event_id: uuid.UUID | None
) -> None:
    known = await session.scalar(
        select(Dispute.id).where(Dispute.provider_dispute_id == event.provider_dispute_id)
    )
    if known is None and event.provider_payment_id:
        # The close overtook the opening report: open it from the close's own payload.
        await open_chargeback(session, event.as_opened(), external_event_id=external_event_id)
    milestone_id = await session.scalar(
        select(Dispute.milestone_id).where(Dispute.provider_dispute_id == event.provider_dispute_id)
    )
    locked = await lock_milestone(session, milestone_id) if milestone_id else None
    if locked is None:
        logger.warning("close of an unknown chargeback", extra={"event": str(event)})
        return
    contract, milestone = locked
    dispute = await session.scalar(
        select(Dispute)
        .where(Dispute.provider_dispute_id == event.provider_dispute_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert dispute is not None
    if dispute.status is not DisputeStatus.open:
        return  # already closed
    if not event.won and milestone.status is MilestoneStatus.pending:
        raise ChargebackAwaitsPayment(f"Milestone {milestone.id} is not funded yet")
    DISPUTE_TRANSITIONS.ensure(dispute.status, DisputeStatus.resolved, action="resolve")
    dispute.status = DisputeStatus.resolved
    dispute.resolved_at = datetime.now(UTC)
    if event.won:
        dispute.release_idr, dispute.refund_idr = None, 0
        dispute.resolution_note = "Chargeback won: the money stays in escrow"
        if not await other_live_dispute(session, milestone.id, dispute.id):
            await unfreeze_milestone(session, contract, milestone, dispute, actor=None)
        dispute.provider_fee_idr = event.fee_idr
        if event.fee_idr:
            await _book_chargeback(
                session, contract, milestone, dispute, event, [], external_event_id
            )
        await session.flush()
        return
    dispute.resolution_note = "Chargeback lost: the card network returned the money to the owner"
    dispute.provider_fee_idr = event.fee_idr
    if milestone.status is not MilestoneStatus.disputed:
        await _book_loss_after_settlement(
            session, contract, milestone, dispute, event, external_event_id
        )
        return
    other = await other_live_dispute(session, milestone.id, dispute.id)
    if other is not None:
        # The money is gone, so a platform dispute about it has nothing left to split.
        DISPUTE_TRANSITIONS.ensure(other.status, DisputeStatus.resolved, action="resolve")
        other.status = DisputeStatus.resolved
        other.resolution_note = "Closed: the card network refunded the owner (chargeback)"
        other.resolved_at = datetime.now(UTC)
    dispute.refund_idr = milestone.amount_idr
    await _book_chargeback(
        session,
        contract,
        milestone,
        dispute,
        event,
        [
            (escrow_account(milestone.id), -milestone.amount_idr),
            (CHARGEBACKS_OUT, milestone.amount_idr),
        ],
        external_event_id,
    )
    MILESTONE_TRANSITIONS.ensure(milestone.status, MilestoneStatus.refunded, action="refund")
    milestone.status = MilestoneStatus.refunded
    milestone.refunded_idr = milestone.amount_idr
    await record_milestone_event(session, contract, milestone, actor_user_id=None)
    await finish_contract_if_settled(session, contract, actor_user_id=None)


async def _book_loss_after_settlement(
    session: AsyncSession,
    contract: Contract,
    milestone: Milestone,
    dispute: Dispute,
    event: ChargebackClosed,
    external_event_id: uuid.UUID | None,
) -> None:
    """The escrow is already settled: the platform pays the network, and claims the creative's
    share of the disputed amount from their available balance (the documented policy)."""
    amount = min(event.amount_idr or milestone.amount_idr, milestone.amount_idr)
    claim = 0
    released = min(amount, milestone.released_idr)
    if released > 0:
        payment = await session.scalar(
            select(Payment).where(Payment.provider_payment_id == event.provider_payment_id)
        )
        assert payment is not None
        share = split_release(
            released, fee_bps=payment.fee_bps, ppn_bps=payment.ppn_bps
        ).creative_share_idr
        await lock_payable(session, contract.creative_user_id)
        available = await account_balance(
            session, creative_payable_account(contract.creative_user_id)
        ) - await reserved_for_payouts(session, contract.creative_user_id)
        claim = max(0, min(share, available))
    dispute.refund_idr = amount
    dispute.creative_claim_idr = claim
    logger.error(
        "chargeback lost on settled money: the platform carries it",
        extra={"milestone_id": str(milestone.id), "claimed_idr": claim},
    )
    await _book_chargeback(
        session,
        contract,
        milestone,
        dispute,
        event,
        [
            (CHARGEBACKS_OUT, amount),
            (creative_payable_account(contract.creative_user_id), -claim),
            (CHARGEBACK_LOSSES, claim - amount),
        ],
        external_event_id,
    )
    await session.flush()


async def _book_chargeback(
    session: AsyncSession,
    contract: Contract,
    milestone: Milestone,
    dispute: Dispute,
    event: ChargebackClosed,
    postings: list[tuple[str, int]],
    external_event_id: uuid.UUID | None,
) -> None:
    fee = [(PROVIDER_FEES, event.fee_idr), (CHARGEBACK_LOSSES, -event.fee_idr)]
    await post_transaction(
        session,
        kind=LedgerKind.chargeback,
        postings=[*postings, *fee],
        links=TransactionLinks(
            contract_id=contract.id,
            milestone_id=milestone.id,
            dispute_id=dispute.id,
            external_event_id=external_event_id,
        ),
        memo=f"Chargeback {event.provider_dispute_id} {'won' if event.won else 'lost'}",
    )


async def freeze_for_early_chargeback(
    session: AsyncSession, contract: Contract, milestone: Milestone
) -> None:
    """A just-funded milestone whose chargeback was reported before its payment: freeze it
    (the caller holds the milestone's lock)."""
    early = await session.scalar(
        select(Dispute)
        .where(
            Dispute.milestone_id == milestone.id,
            Dispute.kind == DisputeKind.chargeback,
            Dispute.status == DisputeStatus.open,
            Dispute.frozen_from_status == MilestoneStatus.pending,
        )
        .with_for_update()
    )
    if early is None or milestone.status is not MilestoneStatus.funded:
        return
    early.frozen_from_status = MilestoneStatus.funded
    MILESTONE_TRANSITIONS.ensure(milestone.status, MilestoneStatus.disputed, action="freeze")
    milestone.status = MilestoneStatus.disputed
    await record_milestone_event(session, contract, milestone, actor_user_id=None)
    await session.flush()
