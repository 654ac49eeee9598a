"""Disputes: either party freezes a funded milestone; an admin splits what escrow holds.

States: `open` (the other party has DISPUTE_RESPONSE_DAYS to give their side, `respond_by`)
-> `under_review` (after their statement, or when `respond_by` passes; the admin decides by
`decide_by`, DISPUTE_DECISION_DAYS after opening) -> `resolved`. The opener may withdraw an
open or under-review dispute, which returns the milestone to the state it froze in.
Card chargebacks (Stripe `charge.dispute.*`) freeze the milestone the same way and are
decided by the card network: won returns it, lost books escrow -> chargebacks_out.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from app.core.errors import Forbidden, InvalidTransition, NotFound, Unprocessable
from app.core.event_types import EventType
from app.core.principal import Principal
from app.core.state_machine import StateMachine
from app.models import (
    Contract,
    Dispute,
    DisputeKind,
    DisputeStatus,
    Milestone,
    MilestoneStatus,
    RefundReason,
    UserRole,
)
from app.schemas.escrow import DisputeRead
from app.services.audit import AuditActor, record_admin_action
from app.services.contracts import contract_audience, ensure_contract_active, is_party
from app.services.escrow.payouts import dispatch_payout
from app.services.escrow.refunds import book_refund, dispatch_refund
from app.services.escrow.release import release_to_creative
from app.services.events import record_event
from app.services.ledger import TransactionLinks
from app.services.milestones import (
    MILESTONE_TRANSITIONS,
    finish_contract_if_settled,
    lock_milestone,
    lock_milestone_for_party,
    record_milestone_event,
)
from app.services.payments.queries import succeeded_payment


class DisputeNotFound(NotFound):
    code, title = "dispute_not_found", "Dispute not found"


class NotDisputeOpener(Forbidden):
    code, title = "not_dispute_opener", "Only the party who opened the dispute can do this"


class NotDisputeRespondent(Forbidden):
    code, title = "not_dispute_respondent", "Only the other party can answer this dispute"


class DisputeSplitMismatch(Unprocessable):
    code, title = (
        "dispute_split_mismatch",
        "release_idr and refund_idr must add up to the amount held in escrow",
    )


class ChargebackInProgress(InvalidTransition):
    code, title = (
        "chargeback_in_progress",
        "A card chargeback on this milestone is pending; the card network decides it",
    )


DISPUTE_TRANSITIONS: StateMachine[DisputeStatus] = StateMachine(
    "dispute",
    {
        DisputeStatus.open: frozenset(
            {DisputeStatus.under_review, DisputeStatus.resolved, DisputeStatus.withdrawn}
        ),
        DisputeStatus.under_review: frozenset({DisputeStatus.resolved, DisputeStatus.withdrawn}),
        DisputeStatus.resolved: frozenset(),
        DisputeStatus.withdrawn: frozenset(),
    },
)
LIVE_DISPUTE_STATUSES = (DisputeStatus.open, DisputeStatus.under_review)


def _payload(dispute: Dispute, **extra: object) -> dict[str, object]:
    return {
        "dispute_id": str(dispute.id),
        "milestone_id": str(dispute.milestone_id),
        "contract_id": str(dispute.contract_id),
        "kind": dispute.kind.value,
        "status": dispute.status.value,
        **extra,
    }


async def _record(
    session: AsyncSession,
    contract: Contract,
    dispute: Dispute,
    type: EventType,
    actor: uuid.UUID | None,
) -> None:
    await session.flush()
    await record_event(
        session,
        type=type,
        subject_type="dispute",
        subject_id=dispute.id,
        actor_user_id=actor,
        audience=contract_audience(contract),
        payload=_payload(dispute, release_idr=dispute.release_idr, refund_idr=dispute.refund_idr),
    )


async def open_dispute(
    session: AsyncSession, *, principal: Principal, milestone_id: uuid.UUID, reason: str
) -> DisputeRead:
    """Either party freezes a funded milestone: nothing is released, refunded or auto-released
    until the dispute is withdrawn or resolved."""
    contract, milestone = await lock_milestone_for_party(session, principal, milestone_id)
    ensure_contract_active(contract)
    MILESTONE_TRANSITIONS.ensure(milestone.status, MilestoneStatus.disputed, action="dispute")
    now = datetime.now(UTC)
    settings = get_settings()
    dispute = Dispute(
        milestone_id=milestone.id,
        contract_id=contract.id,
        kind=DisputeKind.platform,
        status=DisputeStatus.open,
        opened_by_user_id=principal.id,
        reason=reason,
        frozen_from_status=milestone.status,
        respond_by=now + timedelta(days=settings.dispute_response_days),
        decide_by=now + timedelta(days=settings.dispute_decision_days),
    )
    session.add(dispute)
    milestone.status = MilestoneStatus.disputed
    milestone.auto_release_at = None
    await record_milestone_event(
        session,
        contract,
        milestone,
        actor_user_id=principal.id,
        event_type=EventType.milestone_disputed,
    )
    await _record(session, contract, dispute, EventType.dispute_opened, principal.id)
    return DisputeRead.model_validate(dispute)


async def _lock_dispute(
    session: AsyncSession, dispute_id: uuid.UUID, principal: Principal
) -> tuple[Contract, Milestone, Dispute]:
    """Lock contract, milestone, then dispute; 404 for anyone but the parties and admins."""
    milestone_id = await session.scalar(
        select(Dispute.milestone_id).where(Dispute.id == dispute_id)
    )
    locked = await lock_milestone(session, milestone_id) if milestone_id else None
    if locked is None:
        raise DisputeNotFound()
    contract, milestone = locked
    if principal.role is not UserRole.admin and not is_party(principal, contract):
        raise DisputeNotFound()
    dispute = await session.get_one(
        Dispute, dispute_id, with_for_update=True, populate_existing=True
    )
    return contract, milestone, dispute


async def get_dispute(
    session: AsyncSession, *, principal: Principal, dispute_id: uuid.UUID
) -> DisputeRead:
    dispute = await session.get(Dispute, dispute_id)
    contract = await session.get(Contract, dispute.contract_id) if dispute else None
    if dispute is None or contract is None:
        raise DisputeNotFound()
    if principal.role is not UserRole.admin and not is_party(principal, contract):
        raise DisputeNotFound()
    return DisputeRead.model_validate(dispute)


async def respond_to_dispute(
    session: AsyncSession, *, principal: Principal, dispute_id: uuid.UUID, statement: str
) -> DisputeRead:
    """The other party gives their side; the dispute goes to an admin."""
    contract, _, dispute = await _lock_dispute(session, dispute_id, principal)
    respondent = is_party(principal, contract) and principal.id != dispute.opened_by_user_id
    if dispute.kind is DisputeKind.chargeback or not respondent:
        raise NotDisputeRespondent()
    DISPUTE_TRANSITIONS.ensure(dispute.status, DisputeStatus.under_review, action="answer")
    dispute.status = DisputeStatus.under_review
    dispute.response = statement
    dispute.responded_at = datetime.now(UTC)
    await _record(session, contract, dispute, EventType.dispute_responded, principal.id)
    return DisputeRead.model_validate(dispute)


async def withdraw_dispute(
    session: AsyncSession, *, principal: Principal, dispute_id: uuid.UUID
) -> DisputeRead:
    """The opener takes the dispute back: the milestone returns to where it froze."""
    contract, milestone, dispute = await _lock_dispute(session, dispute_id, principal)
    if dispute.opened_by_user_id != principal.id:
        raise NotDisputeOpener()
    DISPUTE_TRANSITIONS.ensure(dispute.status, DisputeStatus.withdrawn, action="withdraw")
    dispute.status = DisputeStatus.withdrawn
    await unfreeze_milestone(session, contract, milestone, dispute, actor=principal.id)
    await _record(session, contract, dispute, EventType.dispute_withdrawn, principal.id)
    return DisputeRead.model_validate(dispute)


async def unfreeze_milestone(
    session: AsyncSession,
    contract: Contract,
    milestone: Milestone,
    dispute: Dispute,
    *,
    actor: uuid.UUID | None,
) -> None:
    if milestone.status is not MilestoneStatus.disputed or await other_live_dispute(
        session, milestone.id, dispute.id
    ):
        return
    # Not a transition of the table: the freeze is undone and the recorded state restored.
    target = dispute.frozen_from_status
    milestone.status = target
    if target is MilestoneStatus.submitted:
        # A fresh review window: the owner lost the frozen days.
        milestone.auto_release_at = datetime.now(UTC) + timedelta(
            days=get_settings().auto_release_days
        )
    await record_milestone_event(
        session, contract, milestone, actor_user_id=actor, event_type=EventType.milestone_unfrozen
    )


async def other_live_dispute(
    session: AsyncSession, milestone_id: uuid.UUID, dispute_id: uuid.UUID
) -> Dispute | None:
    other: Dispute | None = await session.scalar(
        select(Dispute).where(
            Dispute.milestone_id == milestone_id,
            Dispute.id != dispute_id,
            Dispute.status.in_(LIVE_DISPUTE_STATUSES),
        )
    )
    return other


async def resolve_dispute(
    session: AsyncSession,
    *,
    principal: Principal,
    dispute_id: uuid.UUID,
    release_idr: int,
    refund_idr: int,
    note: str,
) -> DisputeRead:
    """An admin splits the held amount between the creative (released, less the fee) and the
    owner (refunded); the two must add up to it exactly."""
    contract, milestone, dispute = await _lock_dispute(session, dispute_id, principal)
    if dispute.kind is DisputeKind.chargeback:
        raise ChargebackInProgress("Chargebacks are decided by the card network")
    DISPUTE_TRANSITIONS.ensure(dispute.status, DisputeStatus.resolved, action="resolve")
    other = await other_live_dispute(session, milestone.id, dispute.id)
    if other is not None and other.kind is DisputeKind.chargeback:
        raise ChargebackInProgress(chargeback_id=str(other.id))
    if release_idr + refund_idr != milestone.amount_idr:
        raise DisputeSplitMismatch(
            f"Escrow holds {milestone.amount_idr} IDR; {release_idr} + {refund_idr} was given",
            held_idr=milestone.amount_idr,
        )
    target = MilestoneStatus.released if release_idr > 0 else MilestoneStatus.refunded
    MILESTONE_TRANSITIONS.ensure(milestone.status, target, action="resolve")
    links = TransactionLinks(dispute_id=dispute.id, actor_user_id=principal.id)
    payout_id = None
    if release_idr > 0:
        payout_id = await release_to_creative(
            session, contract, milestone, amount_idr=release_idr, links=links
        )
    refund_id = None
    if refund_idr > 0:
        payment = await succeeded_payment(session, milestone.id)
        refund = await book_refund(
            session,
            contract,
            milestone,
            payment,
            amount_idr=refund_idr,
            reason=RefundReason.dispute,
            links=links,
        )
        refund_id = refund.id
        milestone.refunded_idr = refund_idr
    milestone.status = target
    milestone.auto_release_at = None
    dispute.status = DisputeStatus.resolved
    dispute.release_idr, dispute.refund_idr = release_idr, refund_idr
    dispute.resolution_note = note
    dispute.resolved_by_user_id = principal.id
    dispute.resolved_at = datetime.now(UTC)
    await record_milestone_event(
        session,
        contract,
        milestone,
        actor_user_id=principal.id,
        released_idr=release_idr,
        refunded_idr=refund_idr,
    )
    await _record(session, contract, dispute, EventType.dispute_resolved, principal.id)
    await record_admin_action(
        session,
        AuditActor.admin(principal),
        action="dispute.resolve",
        target_type="dispute",
        target_id=dispute.id,
        reason=note,
        details={
            "milestone_id": str(milestone.id),
            "release_idr": release_idr,
            "refund_idr": refund_idr,
        },
    )
    await finish_contract_if_settled(session, contract, actor_user_id=principal.id)
    if refund_id is not None:
        await dispatch_refund(session, refund_id)
    await dispatch_payout(session, payout_id)
    return DisputeRead.model_validate(dispute)


async def move_overdue_disputes_to_review(session: AsyncSession) -> int:
    """Worker task: open disputes whose response deadline passed go to the admins."""
    result = await session.execute(
        update(Dispute)
        .where(
            Dispute.status.in_(DISPUTE_TRANSITIONS.sources(DisputeStatus.under_review)),
            Dispute.kind == DisputeKind.platform,
            Dispute.respond_by <= datetime.now(UTC),
        )
        .values(status=DisputeStatus.under_review, updated_at=datetime.now(UTC))
    )
    return int(getattr(result, "rowcount", 0) or 0)
