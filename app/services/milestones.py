"""Milestones: splitting a contract's price, delivering, requesting changes and approving.

Invariant: the amounts of a contract's milestones always add up to its price. A new milestone
is carved out of the last milestone still `pending` (at first the whole-price one), which
shrinks, or disappears when the new milestone takes all of it.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.auth import Principal
from app.core.errors import Conflict, NotFound
from app.core.state_machine import StateMachine
from app.models import Contract, Milestone, MilestoneStatus
from app.schemas.contracts import MilestoneChangesRequest, MilestoneCreate, MilestoneSubmit
from app.services.contracts import (
    ContractNotFound,
    ContractView,
    NotContractCreative,
    NotContractOwner,
    complete_contract,
    contract_audience,
    contract_milestones,
    ensure_contract_active,
    is_party,
    lock_contract,
)
from app.services.events import record_event


class MilestoneNotFound(NotFound):
    code, title = "milestone_not_found", "Milestone not found"


class MilestoneSumExceedsPrice(Conflict):
    code, title = (
        "milestone_sum_exceeds_price",
        "The amount exceeds what is left in the last pending milestone",
    )


# Escrow is not built yet, so delivery is allowed from `pending`. When payments land, delivery
# will require `funded`: drop `submitted` from `pending`, and add the money transitions noted
# per row (pending -> funded | cancelled, funded -> refunded | disputed, submitted and
# changes_requested -> disputed, approved -> released, disputed -> released | refunded).
MILESTONE_TRANSITIONS: StateMachine[MilestoneStatus] = StateMachine(
    "milestone",
    {
        MilestoneStatus.pending: frozenset({MilestoneStatus.submitted}),
        MilestoneStatus.funded: frozenset({MilestoneStatus.submitted}),
        MilestoneStatus.submitted: frozenset(
            {MilestoneStatus.approved, MilestoneStatus.changes_requested}
        ),
        MilestoneStatus.changes_requested: frozenset({MilestoneStatus.submitted}),
        MilestoneStatus.approved: frozenset(),
        MilestoneStatus.released: frozenset(),
        MilestoneStatus.refunded: frozenset(),
        MilestoneStatus.disputed: frozenset(),
        MilestoneStatus.cancelled: frozenset(),
    },
)

# A contract completes when every milestone reached one of these.
FINISHED_MILESTONE_STATUSES = frozenset({MilestoneStatus.approved, MilestoneStatus.released})


def _event_payload(milestone: Milestone, **extra: object) -> dict[str, object]:
    return {
        "milestone_id": str(milestone.id),
        "contract_id": str(milestone.contract_id),
        "status": milestone.status.value,
        "amount_idr": milestone.amount_idr,
        **extra,
    }


async def add_milestone(
    session: AsyncSession, *, principal: Principal, contract_id: uuid.UUID, data: MilestoneCreate
) -> ContractView:
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
        type="milestone.created",
        subject_type="milestone",
        subject_id=milestone.id,
        actor_user_id=principal.id,
        audience=contract_audience(contract),
        payload=_event_payload(
            milestone,
            title=milestone.title,
            due_date=data.due_date.isoformat(),
            carved_from_milestone_id=str(remainder.id),
            carved_from_remaining_idr=remainder_amount_idr,
        ),
    )
    return ContractView(contract, await contract_milestones(session, contract.id))


async def _lock_milestone(
    session: AsyncSession, principal: Principal, milestone_id: uuid.UUID
) -> tuple[Contract, Milestone]:
    contract_id = await session.scalar(
        select(Milestone.contract_id).where(Milestone.id == milestone_id)
    )
    # Contract first, then milestone: the same order as splitting, so no deadlock, and two
    # approvals on one contract cannot both miss that they finished it.
    contract = await lock_contract(session, contract_id) if contract_id is not None else None
    if contract is None or not is_party(principal, contract):
        raise MilestoneNotFound()
    milestone = await session.scalar(
        select(Milestone)
        .where(Milestone.id == milestone_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if milestone is None:  # replaced by a split while we waited for the lock
        raise MilestoneNotFound()
    return contract, milestone


async def _record(
    session: AsyncSession,
    principal: Principal,
    contract: Contract,
    milestone: Milestone,
    **extra: object,
) -> None:
    await session.flush()
    await record_event(
        session,
        type=f"milestone.{milestone.status.value}",
        subject_type="milestone",
        subject_id=milestone.id,
        actor_user_id=principal.id,
        audience=contract_audience(contract),
        payload=_event_payload(milestone, **extra),
    )


async def submit_milestone(
    session: AsyncSession, *, principal: Principal, milestone_id: uuid.UUID, data: MilestoneSubmit
) -> Milestone:
    """The creative delivers a milestone with a note and links to the work."""
    contract, milestone = await _lock_milestone(session, principal, milestone_id)
    if principal.id != contract.creative_user_id:
        raise NotContractCreative()
    ensure_contract_active(contract)
    MILESTONE_TRANSITIONS.ensure(milestone.status, MilestoneStatus.submitted, action="submit")
    milestone.status = MilestoneStatus.submitted
    milestone.submission_note = data.note
    milestone.deliverable_urls = list(data.deliverable_urls)
    milestone.submitted_at = datetime.now(UTC)
    await _record(
        session,
        principal,
        contract,
        milestone,
        deliverable_urls=milestone.deliverable_urls,
        revision_count=milestone.revision_count,
    )
    await session.refresh(milestone)
    return milestone


async def request_milestone_changes(
    session: AsyncSession,
    *,
    principal: Principal,
    milestone_id: uuid.UUID,
    data: MilestoneChangesRequest,
) -> Milestone:
    """The owner sends a submitted milestone back for a revision."""
    contract, milestone = await _owner_locks_milestone(session, principal, milestone_id)
    MILESTONE_TRANSITIONS.ensure(
        milestone.status, MilestoneStatus.changes_requested, action="request changes on"
    )
    milestone.status = MilestoneStatus.changes_requested
    milestone.change_request_note = data.note
    milestone.revision_count += 1
    await _record(
        session,
        principal,
        contract,
        milestone,
        note=data.note,
        revision_count=milestone.revision_count,
    )
    await session.refresh(milestone)
    return milestone


async def approve_milestone(
    session: AsyncSession, *, principal: Principal, milestone_id: uuid.UUID
) -> Milestone:
    """The owner accepts a submitted milestone; the last approval completes the contract."""
    contract, milestone = await _owner_locks_milestone(session, principal, milestone_id)
    MILESTONE_TRANSITIONS.ensure(milestone.status, MilestoneStatus.approved, action="approve")
    milestone.status = MilestoneStatus.approved
    milestone.approved_at = datetime.now(UTC)
    await _record(session, principal, contract, milestone)
    milestones = await contract_milestones(session, contract.id)
    if all(m.status in FINISHED_MILESTONE_STATUSES for m in milestones):
        await complete_contract(session, principal, contract)
    await session.refresh(milestone)
    return milestone


async def _owner_locks_milestone(
    session: AsyncSession, principal: Principal, milestone_id: uuid.UUID
) -> tuple[Contract, Milestone]:
    contract, milestone = await _lock_milestone(session, principal, milestone_id)
    if principal.id != contract.owner_id:
        raise NotContractOwner()
    ensure_contract_active(contract)
    return contract, milestone
