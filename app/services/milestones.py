"""Milestones: splitting a contract's price, delivering, requesting changes, and the locks and
state table the escrow services (app/services/escrow/) move money under.

Invariant: the amounts of a contract's milestones always add up to its price. A new milestone
is carved out of the last milestone still `pending` (at first the whole-price one), which
shrinks, or disappears when the new milestone takes all of it.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from app.core.errors import Conflict, InvalidTransition, NotFound
from app.core.event_types import EventType
from app.core.principal import Principal
from app.core.state_machine import StateMachine
from app.models import Contract, Milestone, MilestoneStatus
from app.schemas.contracts import (
    ContractDetail,
    MilestoneChangesRequest,
    MilestoneCreate,
    MilestoneRead,
    MilestoneSubmit,
)
from app.services.contracts import (
    ContractNotFound,
    NotContractCreative,
    NotContractOwner,
    cancel_contract,
    complete_contract,
    contract_audience,
    contract_detail,
    contract_milestones,
    ensure_contract_active,
    is_party,
    lock_contract,
)
from app.services.events import record_event
from app.services.files.deliverables import attach_deliverables
from app.services.payments.queries import has_open_payment


class MilestoneNotFound(NotFound):
    code, title = "milestone_not_found", "Milestone not found"


class MilestoneSumExceedsPrice(Conflict):
    code, title = (
        "milestone_sum_exceeds_price",
        "The amount exceeds what is left in the last pending milestone",
    )


class MilestoneNotFunded(InvalidTransition):
    code, title = "milestone_not_funded", "The milestone must be funded first"


class MilestonePaymentInProgress(Conflict):
    code, title = (
        "milestone_payment_in_progress",
        "A payment for this milestone is under way; its amount cannot change",
    )


# Money moves the milestone: the owner funds it (pending -> funded, on the payment's success),
# the creative delivers (funded -> submitted), the owner approves, which releases the escrow
# (submitted -> approved -> released, in one transaction), or it is cancelled (pending ->
# cancelled, nothing held) or refunded, or frozen by a dispute. A dispute ends released or
# refunded (a split is `released` with `refunded_idr` > 0), or returns to where it froze.
MILESTONE_TRANSITIONS: StateMachine[MilestoneStatus] = StateMachine(
    "milestone",
    {
        MilestoneStatus.pending: frozenset({MilestoneStatus.funded, MilestoneStatus.cancelled}),
        MilestoneStatus.funded: frozenset(
            {MilestoneStatus.submitted, MilestoneStatus.refunded, MilestoneStatus.disputed}
        ),
        MilestoneStatus.submitted: frozenset(
            {
                MilestoneStatus.approved,
                MilestoneStatus.changes_requested,
                MilestoneStatus.refunded,
                MilestoneStatus.disputed,
            }
        ),
        MilestoneStatus.changes_requested: frozenset(
            {MilestoneStatus.submitted, MilestoneStatus.refunded, MilestoneStatus.disputed}
        ),
        MilestoneStatus.approved: frozenset({MilestoneStatus.released}),
        MilestoneStatus.released: frozenset(),
        MilestoneStatus.refunded: frozenset(),
        # Withdrawing a dispute (or winning a chargeback) is not a move of its own: it undoes
        # the freeze, restoring the recorded state (app/services/escrow/disputes.py).
        MilestoneStatus.disputed: frozenset({MilestoneStatus.released, MilestoneStatus.refunded}),
        MilestoneStatus.cancelled: frozenset(),
    },
)

# The event a milestone records on reaching each status (it is created `pending`, recorded as
# `milestone.created`); tests check every status a transition reaches has one.
MILESTONE_EVENTS: dict[MilestoneStatus, EventType] = {
    MilestoneStatus.funded: EventType.milestone_funded,
    MilestoneStatus.submitted: EventType.milestone_submitted,
    MilestoneStatus.changes_requested: EventType.milestone_changes_requested,
    MilestoneStatus.approved: EventType.milestone_approved,
    MilestoneStatus.released: EventType.milestone_released,
    MilestoneStatus.refunded: EventType.milestone_refunded,
    MilestoneStatus.disputed: EventType.milestone_disputed,
    MilestoneStatus.cancelled: EventType.milestone_cancelled,
}

# A contract is settled when every milestone reached one of these; it completes if any money
# went to the creative and is cancelled otherwise.
SETTLED_MILESTONE_STATUSES = frozenset(
    {
        MilestoneStatus.approved,
        MilestoneStatus.released,
        MilestoneStatus.refunded,
        MilestoneStatus.cancelled,
    }
)


def milestone_event_payload(milestone: Milestone, **extra: object) -> dict[str, object]:
    return {
        "milestone_id": str(milestone.id),
        "contract_id": str(milestone.contract_id),
        "status": milestone.status.value,
        "amount_idr": milestone.amount_idr,
        **extra,
    }


async def add_milestone(
    session: AsyncSession, *, principal: Principal, contract_id: uuid.UUID, data: MilestoneCreate
) -> ContractDetail:
    """The owner splits an active contract: the amount comes out of the last pending milestone."""
    contract = await lock_contract(session, contract_id)
    if contract is None or not is_party(principal, contract):
        raise ContractNotFound()
    if principal.id != contract.owner_id:
        raise NotContractOwner()
    ensure_contract_active(contract)
    milestones = await contract_milestones(session, contract.id, for_update=True)
    remainder = next((m for m in reversed(milestones) if m.status is MilestoneStatus.pending), None)
    available_idr = remainder.amount_idr if remainder is not None else 0
    if remainder is not None and await has_open_payment(session, remainder.id):
        raise MilestonePaymentInProgress(
            "The owner is paying for the last pending milestone; split after it is funded",
            milestone_id=str(remainder.id),
        )
    if remainder is None or data.amount_idr > available_idr:
        raise MilestoneSumExceedsPrice(
            f"The last pending milestone holds {available_idr} IDR; "
            f"{data.amount_idr} IDR was requested",
            available_idr=available_idr,
        )
    # The new milestone takes the remainder's position and the remainder moves down one, so
    # the remainder ("the rest of the work") comes after every piece carved out of it.
    milestone = Milestone(
        contract_id=contract.id,
        position=remainder.position,
        title=data.title,
        amount_idr=data.amount_idr,
        due_date=data.due_date,
        status=MilestoneStatus.pending,
        deliverable_urls=[],
        revision_count=0,
    )
    if data.amount_idr == remainder.amount_idr:
        await session.delete(remainder)
        remainder_amount_idr = 0
    else:
        for later in milestones:
            if later.position >= remainder.position:
                later.position += 1
        remainder.amount_idr -= data.amount_idr
        remainder_amount_idr = remainder.amount_idr
    session.add(milestone)
    await session.flush()
    await record_event(
        session,
        type=EventType.milestone_created,
        subject_type="milestone",
        subject_id=milestone.id,
        actor_user_id=principal.id,
        audience=contract_audience(contract),
        payload=milestone_event_payload(
            milestone,
            title=milestone.title,
            due_date=data.due_date.isoformat(),
            carved_from_milestone_id=str(remainder.id),
            carved_from_remaining_idr=remainder_amount_idr,
        ),
    )
    return await contract_detail(session, contract)


async def lock_milestone(
    session: AsyncSession, milestone_id: uuid.UUID
) -> tuple[Contract, Milestone] | None:
    """Row-lock a milestone and its contract: contract first, then milestone, everywhere (the
    same order as splitting), so money moves on one contract run one at a time, deadlock-free."""
    contract_id = await session.scalar(
        select(Milestone.contract_id).where(Milestone.id == milestone_id)
    )
    contract = await lock_contract(session, contract_id) if contract_id is not None else None
    if contract is None:
        return None
    milestone = await session.scalar(
        select(Milestone)
        .where(Milestone.id == milestone_id)
        .with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    )
    if milestone is None:  # replaced by a split while we waited for the lock
        return None
    return contract, milestone


async def lock_milestone_for_party(
    session: AsyncSession, principal: Principal, milestone_id: uuid.UUID
) -> tuple[Contract, Milestone]:
    """`lock_milestone` for one of the contract's two parties; 404 for anyone else."""
    locked = await lock_milestone(session, milestone_id)
    if locked is None or not is_party(principal, locked[0]):
        raise MilestoneNotFound()
    return locked


async def record_milestone_event(
    session: AsyncSession,
    contract: Contract,
    milestone: Milestone,
    *,
    actor_user_id: uuid.UUID | None,
    event_type: EventType | None = None,
    **extra: object,
) -> None:
    """Outbox event `milestone.<status>` (or `event_type`) for both parties."""
    await session.flush()
    await record_event(
        session,
        type=event_type or MILESTONE_EVENTS[milestone.status],
        subject_type="milestone",
        subject_id=milestone.id,
        actor_user_id=actor_user_id,
        audience=contract_audience(contract),
        payload=milestone_event_payload(milestone, **extra),
    )


async def finish_contract_if_settled(
    session: AsyncSession, contract: Contract, *, actor_user_id: uuid.UUID | None
) -> None:
    """Close a (locked) contract once every milestone is settled: completed if the creative
    was paid anything, cancelled otherwise."""
    milestones = await contract_milestones(session, contract.id)
    if not all(m.status in SETTLED_MILESTONE_STATUSES for m in milestones):
        return
    if any(m.released_idr > 0 or m.status is MilestoneStatus.approved for m in milestones):
        await complete_contract(session, contract, actor_user_id=actor_user_id)
    else:
        await cancel_contract(session, contract, actor_user_id=actor_user_id)


async def submit_milestone(
    session: AsyncSession, *, principal: Principal, milestone_id: uuid.UUID, data: MilestoneSubmit
) -> MilestoneRead:
    """The creative delivers a funded milestone with a note and links to the work; the owner
    then has AUTO_RELEASE_DAYS to approve, ask for changes or dispute before it releases."""
    contract, milestone = await lock_milestone_for_party(session, principal, milestone_id)
    if principal.id != contract.creative_user_id:
        raise NotContractCreative()
    ensure_contract_active(contract)
    if milestone.status is MilestoneStatus.pending:
        raise MilestoneNotFunded(
            "Milestone is pending: the owner has not funded it yet",
            current_status=milestone.status.value,
        )
    MILESTONE_TRANSITIONS.ensure(milestone.status, MilestoneStatus.submitted, action="submit")
    milestone.status = MilestoneStatus.submitted
    milestone.submission_note = data.note
    milestone.deliverable_urls = list(data.deliverable_urls)
    await attach_deliverables(session, principal, contract, milestone, data.files)
    milestone.submitted_at = datetime.now(UTC)
    milestone.auto_release_at = milestone.submitted_at + timedelta(
        days=get_settings().auto_release_days
    )
    await record_milestone_event(
        session,
        contract,
        milestone,
        actor_user_id=principal.id,
        deliverable_urls=milestone.deliverable_urls,
        deliverable_file_ids=[str(f) for f in milestone.deliverable_file_ids],
        revision_count=milestone.revision_count,
    )
    await session.refresh(milestone)
    return MilestoneRead.model_validate(milestone)


async def request_milestone_changes(
    session: AsyncSession,
    *,
    principal: Principal,
    milestone_id: uuid.UUID,
    data: MilestoneChangesRequest,
) -> MilestoneRead:
    """The owner sends a submitted milestone back for a revision."""
    contract, milestone = await owner_locks_milestone(session, principal, milestone_id)
    MILESTONE_TRANSITIONS.ensure(
        milestone.status, MilestoneStatus.changes_requested, action="request changes on"
    )
    milestone.status = MilestoneStatus.changes_requested
    milestone.auto_release_at = None  # the clock restarts when the revision is delivered
    milestone.change_request_note = data.note
    milestone.revision_count += 1
    await record_milestone_event(
        session,
        contract,
        milestone,
        actor_user_id=principal.id,
        note=data.note,
        revision_count=milestone.revision_count,
    )
    await session.refresh(milestone)
    return MilestoneRead.model_validate(milestone)


async def owner_locks_milestone(
    session: AsyncSession, principal: Principal, milestone_id: uuid.UUID
) -> tuple[Contract, Milestone]:
    """`lock_milestone_for_party` for the contract's owner, on an active contract."""
    contract, milestone = await lock_milestone_for_party(session, principal, milestone_id)
    if principal.id != contract.owner_id:
        raise NotContractOwner()
    ensure_contract_active(contract)
    return contract, milestone
