"""Card chargebacks (Stripe `charge.dispute.*`): the owner's bank disputes the payment.

Opening one freezes a held milestone like a platform dispute; the card network decides it.
Won: the milestone returns to where it froze. Lost: the network took the money back, so
escrow -> chargebacks_out and the milestone ends refunded. A chargeback on money already
released is recorded for an admin (the platform carries that loss) and changes no milestone.
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import (
    Dispute,
    DisputeKind,
    DisputeStatus,
    LedgerKind,
    MilestoneStatus,
    Payment,
)
from app.services.escrow.disputes import (
    DISPUTE_TRANSITIONS,
    LIVE_DISPUTE_STATUSES,
    other_live_dispute,
    unfreeze_milestone,
)
from app.services.ledger import (
    CHARGEBACKS_OUT,
    HELD_STATUSES,
    TransactionLinks,
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
    elif milestone.status not in HELD_STATUSES:
        logger.error(
            "chargeback on a milestone whose escrow is already settled",
            extra={"milestone_id": str(milestone.id), "status": milestone.status.value},
        )
    await session.flush()


async def close_chargeback(
    session: AsyncSession, event: ChargebackClosed, *, external_event_id: uuid.UUID | None
) -> None:
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
    DISPUTE_TRANSITIONS.ensure(dispute.status, DisputeStatus.resolved, action="resolve")
    dispute.status = DisputeStatus.resolved
    dispute.resolved_at = datetime.now(UTC)
    frozen = milestone.status is MilestoneStatus.disputed
    if event.won:
        dispute.release_idr, dispute.refund_idr = None, 0
        dispute.resolution_note = "Chargeback won: the money stays in escrow"
        if not await other_live_dispute(session, milestone.id, dispute.id):
            await unfreeze_milestone(session, contract, milestone, dispute, actor=None)
        await session.flush()
        return
    dispute.resolution_note = "Chargeback lost: the card network returned the money to the owner"
    if not frozen:
        await session.flush()
        return
    other = await other_live_dispute(session, milestone.id, dispute.id)
    if other is not None:
        # The money is gone, so a platform dispute about it has nothing left to split.
        DISPUTE_TRANSITIONS.ensure(other.status, DisputeStatus.resolved, action="resolve")
        other.status = DisputeStatus.resolved
        other.resolution_note = "Closed: the card network refunded the owner (chargeback)"
        other.resolved_at = datetime.now(UTC)
    dispute.refund_idr = milestone.amount_idr
    await post_transaction(
        session,
        kind=LedgerKind.chargeback,
        postings=[
            (escrow_account(milestone.id), -milestone.amount_idr),
            (CHARGEBACKS_OUT, milestone.amount_idr),
        ],
        links=TransactionLinks(
            contract_id=contract.id,
            milestone_id=milestone.id,
            dispute_id=dispute.id,
            external_event_id=external_event_id,
        ),
        memo=f"Chargeback {event.provider_dispute_id} lost",
    )
    MILESTONE_TRANSITIONS.ensure(milestone.status, MilestoneStatus.refunded, action="refund")
    milestone.status = MilestoneStatus.refunded
    milestone.refunded_idr = milestone.amount_idr
    await record_milestone_event(session, contract, milestone, actor_user_id=None)
    await finish_contract_if_settled(session, contract, actor_user_id=None)
