"""Contracts: created by accepting a proposal, completed when every milestone is approved."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import jakarta_today
from app.core.errors import Conflict, Forbidden, InvalidTransition, NotFound
from app.core.event_types import EventType
from app.core.pagination import Page, PageParams, apply_keyset, paginate
from app.core.principal import Principal, require_role
from app.core.state_machine import StateMachine
from app.models import (
    Contract,
    ContractStatus,
    CreativeProfile,
    GigStatus,
    Milestone,
    MilestoneStatus,
    Proposal,
    ProposalStatus,
    UserRole,
)
from app.schemas.contracts import ContractDetail, ContractRead
from app.services.events import record_event
from app.services.gigs import NotGigOwner, get_gig_for_update, transition_gig
from app.services.proposals import (
    PROPOSAL_TRANSITIONS,
    GigNotOpen,
    load_proposal_for_party,
    proposal_event_payload,
)

WHOLE_WORK_MILESTONE_TITLE = "Seluruh pekerjaan"


class ContractNotFound(NotFound):
    code, title = "contract_not_found", "Contract not found"


class GigAlreadyContracted(Conflict):
    code, title = "gig_already_contracted", "A proposal on this gig has already been accepted"


class ContractNotActive(InvalidTransition):
    code, title = "contract_not_active", "The contract is not active"


class NotContractOwner(Forbidden):
    code, title = "not_contract_owner", "Only the contract's business owner can do this"


class NotContractCreative(Forbidden):
    code, title = "not_contract_creative", "Only the contract's creative can do this"


# A contract closes when its last milestone settles: completed if the creative was paid,
# cancelled if every milestone was cancelled or refunded (app/services/milestones.py).
CONTRACT_TRANSITIONS: StateMachine[ContractStatus] = StateMachine(
    "contract",
    {
        ContractStatus.active: frozenset({ContractStatus.completed, ContractStatus.cancelled}),
        ContractStatus.completed: frozenset(),
        ContractStatus.cancelled: frozenset(),
    },
)


def contract_audience(contract: Contract) -> list[uuid.UUID]:
    return [contract.owner_id, contract.creative_user_id]


async def accept_proposal(
    session: AsyncSession, *, principal: Principal, proposal_id: uuid.UUID
) -> ContractDetail:
    """The gig's owner accepts one live proposal: a contract with one whole-price milestone is
    created, the gig moves to in_progress and every other live proposal is declined."""
    proposal, _ = await load_proposal_for_party(session, principal, proposal_id)
    # Lock order gig -> proposal everywhere: two tabs accepting two proposals of one gig
    # queue on the gig row, and the second then sees the gig in_progress.
    gig = await get_gig_for_update(session, proposal.gig_id)
    if gig.owner_id != principal.id:
        raise NotGigOwner()
    proposal, _ = await load_proposal_for_party(session, principal, proposal_id, for_update=True)
    if gig.status is not GigStatus.open:
        raise GigNotOpen(f"Gig is {gig.status.value}", current_status=gig.status.value)
    PROPOSAL_TRANSITIONS.ensure(proposal.status, ProposalStatus.accepted, action="accept")

    contract = Contract(
        gig_id=gig.id,
        proposal_id=proposal.id,
        business_id=gig.business_id,
        owner_id=gig.owner_id,
        creative_id=proposal.creative_id,
        creative_user_id=proposal.creative_user_id,
        title=gig.title,
        price_idr=proposal.price_idr,
        delivery_days=proposal.delivery_days,
        status=ContractStatus.active,
    )
    try:
        async with session.begin_nested():
            session.add(contract)
    except IntegrityError as exc:
        # Backstop for any path that skipped the gig lock: contracts.gig_id is unique.
        if "uq_contracts_gig_id" in str(exc.orig):
            raise GigAlreadyContracted() from exc
        raise
    milestone = Milestone(
        contract_id=contract.id,
        position=1,
        title=WHOLE_WORK_MILESTONE_TITLE,
        amount_idr=contract.price_idr,
        due_date=jakarta_today() + timedelta(days=contract.delivery_days),
        status=MilestoneStatus.pending,
        deliverable_urls=[],
        revision_count=0,
    )
    session.add(milestone)
    transition_gig(gig, GigStatus.in_progress, action="start work on")
    proposal.status = ProposalStatus.accepted
    await session.flush()

    audience = contract_audience(contract)
    await record_event(
        session,
        type=EventType.proposal_accepted,
        subject_type="proposal",
        subject_id=proposal.id,
        actor_user_id=principal.actor_id,
        principal_user_id=principal.on_behalf_of_id,
        audience=audience,
        payload=proposal_event_payload(proposal, contract_id=str(contract.id)),
    )
    await record_event(
        session,
        type=EventType.contract_created,
        subject_type="contract",
        subject_id=contract.id,
        actor_user_id=principal.actor_id,
        principal_user_id=principal.on_behalf_of_id,
        audience=audience,
        payload={
            "contract_id": str(contract.id),
            "gig_id": str(gig.id),
            "proposal_id": str(proposal.id),
            "price_idr": contract.price_idr,
            "delivery_days": contract.delivery_days,
        },
    )
    await _decline_other_live_proposals(session, principal, proposal)
    await session.refresh(contract)
    await session.refresh(milestone)
    return ContractDetail.from_row(contract, [milestone])


async def _decline_other_live_proposals(
    session: AsyncSession, principal: Principal, accepted: Proposal
) -> None:
    declined = (
        await session.scalars(
            update(Proposal)
            .where(
                Proposal.gig_id == accepted.gig_id,
                Proposal.id != accepted.id,
                Proposal.status.in_([ProposalStatus.submitted, ProposalStatus.shortlisted]),
            )
            .values(status=ProposalStatus.declined, updated_at=func.now())
            .returning(Proposal)
            .execution_options(synchronize_session=False, populate_existing=True)
        )
    ).all()
    for proposal in declined:
        await record_event(
            session,
            type=EventType.proposal_declined,
            subject_type="proposal",
            subject_id=proposal.id,
            actor_user_id=principal.actor_id,
            principal_user_id=principal.on_behalf_of_id,
            audience=[principal.id, proposal.creative_user_id],
            payload=proposal_event_payload(proposal, reason="another_proposal_accepted"),
        )


async def list_contracts(
    session: AsyncSession,
    *,
    principal: Principal,
    mine: bool,
    status: ContractStatus | None,
    page: PageParams,
) -> Page[ContractRead]:
    """The caller's contracts as owner or creative; all contracts (`mine=false`) for admins."""
    stmt = select(Contract)
    if mine:
        stmt = stmt.where(
            or_(Contract.owner_id == principal.id, Contract.creative_user_id == principal.id)
        )
    else:
        require_role(principal, UserRole.admin)
    if status is not None:
        stmt = stmt.where(Contract.status == status)
    stmt = apply_keyset(stmt, [Contract.created_at.expression, Contract.id.expression], page)
    rows = list((await session.scalars(stmt)).all())
    return paginate(
        rows, page.limit, key=lambda c: (c.created_at, str(c.id)), read=ContractRead.model_validate
    )


async def get_contract(
    session: AsyncSession, *, principal: Principal, contract_id: uuid.UUID
) -> ContractDetail:
    """A contract with its milestones, for its two parties only."""
    contract = await session.get(Contract, contract_id)
    if contract is None or not is_party(principal, contract):
        raise ContractNotFound()
    return await contract_detail(session, contract)


async def contract_detail(session: AsyncSession, contract: Contract) -> ContractDetail:
    """The contract with its milestones in order, as every contract endpoint answers."""
    return ContractDetail.from_row(contract, await contract_milestones(session, contract.id))


async def contract_milestones(
    session: AsyncSession, contract_id: uuid.UUID, *, for_update: bool = False
) -> list[Milestone]:
    stmt = (
        select(Milestone)
        .where(Milestone.contract_id == contract_id)
        .execution_options(populate_existing=True)
    )
    if for_update:
        stmt = stmt.with_for_update()
    return list((await session.scalars(stmt.order_by(Milestone.position, Milestone.id))).all())


def is_party(principal: Principal, contract: Contract) -> bool:
    return principal.id in (contract.owner_id, contract.creative_user_id)


async def lock_contract(session: AsyncSession, contract_id: uuid.UUID) -> Contract | None:
    """SELECT ... FOR NO KEY UPDATE: milestone changes on one contract run one at a time, while
    inserts that only reference the contract (their foreign key check takes FOR KEY SHARE: the
    worker linking a conversation, a ledger row) are not blocked and cannot deadlock with it."""
    contract: Contract | None = await session.scalar(
        select(Contract)
        .where(Contract.id == contract_id)
        .with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    )
    return contract


def ensure_contract_active(contract: Contract) -> None:
    if contract.status is not ContractStatus.active:
        raise ContractNotActive(
            f"Contract is {contract.status.value}", current_status=contract.status.value
        )


async def complete_contract(
    session: AsyncSession, contract: Contract, *, actor_user_id: uuid.UUID | None
) -> None:
    """Close a (locked) contract whose milestones are all settled, and its gig with it."""
    CONTRACT_TRANSITIONS.ensure(contract.status, ContractStatus.completed, action="complete")
    contract.status = ContractStatus.completed
    contract.completed_at = datetime.now(UTC)
    gig = await get_gig_for_update(session, contract.gig_id)
    transition_gig(gig, GigStatus.completed, action="complete")
    await session.execute(
        update(CreativeProfile)
        .where(CreativeProfile.id == contract.creative_id)
        .values(completed_contracts=CreativeProfile.completed_contracts + 1)
    )
    await session.flush()
    await record_event(
        session,
        type=EventType.contract_completed,
        subject_type="contract",
        subject_id=contract.id,
        actor_user_id=actor_user_id,
        audience=contract_audience(contract),
        payload={
            "contract_id": str(contract.id),
            "gig_id": str(contract.gig_id),
            "price_idr": contract.price_idr,
        },
    )


async def cancel_contract(
    session: AsyncSession, contract: Contract, *, actor_user_id: uuid.UUID | None
) -> None:
    """Close a (locked) contract none of whose money went to the creative, and its gig."""
    CONTRACT_TRANSITIONS.ensure(contract.status, ContractStatus.cancelled, action="cancel")
    contract.status = ContractStatus.cancelled
    contract.cancelled_at = datetime.now(UTC)
    gig = await get_gig_for_update(session, contract.gig_id)
    transition_gig(gig, GigStatus.cancelled, action="cancel")
    await session.flush()
    await record_event(
        session,
        type=EventType.contract_cancelled,
        subject_type="contract",
        subject_id=contract.id,
        actor_user_id=actor_user_id,
        audience=contract_audience(contract),
        payload={"contract_id": str(contract.id), "gig_id": str(contract.gig_id)},
    )
