"""Releasing escrow to the creative: on the owner's approval, after the silent review window
(auto-release), or for the creative's part of a dispute split.

One ledger transaction per release: escrow -> creative payable (the share), platform revenue
(the fee) and PPN payable (the tax on the fee), with the fee rates snapshotted on the payment.
In Stripe Connect mode a payout of the share is queued and sent after the commit
(app/services/escrow/payouts.py).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.principal import Principal
from app.models import Contract, LedgerKind, Milestone, MilestoneStatus
from app.schemas.contracts import MilestoneRead
from app.services.escrow.payouts import dispatch_payout, queue_payout
from app.services.fees import split_release
from app.services.invoices import issue_tax_invoice
from app.services.ledger import (
    PLATFORM_REVENUE,
    PPN_PAYABLE,
    TransactionLinks,
    creative_payable_account,
    escrow_account,
    post_transaction,
)
from app.services.milestones import (
    MILESTONE_TRANSITIONS,
    finish_contract_if_settled,
    owner_locks_milestone,
    record_milestone_event,
)
from app.services.payments.queries import succeeded_payment


async def approve_milestone(
    session: AsyncSession, *, principal: Principal, milestone_id: uuid.UUID
) -> MilestoneRead:
    """The owner accepts a delivered milestone: it is approved and its escrow released to the
    creative in the same transaction; the last settled milestone closes the contract."""
    contract, milestone = await owner_locks_milestone(session, principal, milestone_id)
    payout_id = await approve_and_release(
        session, contract, milestone, actor_user_id=principal.id, automatic=False
    )
    await dispatch_payout(session, payout_id)
    return MilestoneRead.model_validate(milestone)


async def approve_and_release(
    session: AsyncSession,
    contract: Contract,
    milestone: Milestone,
    *,
    actor_user_id: uuid.UUID | None,
    automatic: bool,
) -> uuid.UUID | None:
    """submitted -> approved -> released on a locked milestone; returns a payout to send."""
    MILESTONE_TRANSITIONS.ensure(milestone.status, MilestoneStatus.approved, action="approve")
    milestone.status = MilestoneStatus.approved
    milestone.approved_at = datetime.now(UTC)
    milestone.auto_release_at = None
    await record_milestone_event(
        session, contract, milestone, actor_user_id=actor_user_id, automatic=automatic
    )
    payout_id = await release_to_creative(
        session,
        contract,
        milestone,
        amount_idr=milestone.amount_idr,
        links=TransactionLinks(actor_user_id=actor_user_id),
    )
    MILESTONE_TRANSITIONS.ensure(milestone.status, MilestoneStatus.released, action="release")
    milestone.status = MilestoneStatus.released
    await record_milestone_event(
        session,
        contract,
        milestone,
        actor_user_id=actor_user_id,
        released_idr=milestone.released_idr,
        automatic=automatic,
    )
    await finish_contract_if_settled(session, contract, actor_user_id=actor_user_id)
    return payout_id


async def release_to_creative(
    session: AsyncSession,
    contract: Contract,
    milestone: Milestone,
    *,
    amount_idr: int,
    links: TransactionLinks,
) -> uuid.UUID | None:
    """Book `amount_idr` of a locked milestone's escrow to the creative, the fee and PPN."""
    payment = await succeeded_payment(session, milestone.id)
    split = split_release(amount_idr, fee_bps=payment.fee_bps, ppn_bps=payment.ppn_bps)
    await post_transaction(
        session,
        kind=LedgerKind.release,
        postings=[
            (escrow_account(milestone.id), -amount_idr),
            (creative_payable_account(contract.creative_user_id), split.creative_share_idr),
            (PLATFORM_REVENUE, split.fee_idr),
            (PPN_PAYABLE, split.ppn_idr),
        ],
        links=TransactionLinks(
            contract_id=contract.id,
            milestone_id=milestone.id,
            payment_id=payment.id,
            dispute_id=links.dispute_id,
            actor_user_id=links.actor_user_id,
        ),
        memo=f"Release of milestone '{milestone.title}': fee {split.fee_idr}, PPN {split.ppn_idr}",
    )
    await issue_tax_invoice(session, contract, milestone, payment, split)
    milestone.released_idr += amount_idr
    milestone.released_at = datetime.now(UTC)
    return await queue_payout(session, contract, milestone, payment, split.creative_share_idr)
