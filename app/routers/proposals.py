import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Query, status

from app.core.acting import ACTING_ERRORS
from app.core.auth import OwnerUser, scoped
from app.core.db import SessionDep
from app.core.errors import (
    EmailUnverified,
    InsufficientScope,
    InvalidCursor,
    InvalidToken,
    InvalidTransition,
    RoleRequired,
)
from app.core.idempotency import Idempotency, IdempotencyKeyInProgress, IdempotencyKeyReused
from app.core.pagination import Page, PageParamsDep
from app.core.principal import Principal
from app.core.problems import problem_responses
from app.core.scopes import Scope
from app.models import ProposalStatus
from app.schemas.contracts import ContractDetail
from app.schemas.proposals import ProposalCreate, ProposalRead, ProposalReject
from app.services import contracts, proposals
from app.services.contracts import GigAlreadyContracted
from app.services.gigs import GigNotFound, NotGigOwner
from app.services.hubs.pool_access import PoolExclusiveWindow
from app.services.proposals import (
    GigNotOpen,
    NotProposalCreative,
    OwnGig,
    ProfileRequired,
    ProposalExists,
    ProposalNotFound,
    ProposalPriceOutOfRange,
    ProposalsMineRequired,
    ProposalSort,
)

router = APIRouter(tags=["proposals"])

ProposalWriter = Annotated[Principal, scoped(Scope.proposals_write)]
ProposalReader = Annotated[Principal, scoped(Scope.proposals_read)]
# Shortlisting and rejecting: the gig's owner decides on a live proposal.
_OWNER_DECISION_ERRORS = (
    InvalidToken,
    RoleRequired,
    NotGigOwner,
    ProposalNotFound,
    InvalidTransition,
)


@router.post(
    "/v1/gigs/{gig_id}/proposals",
    status_code=status.HTTP_201_CREATED,
    summary="Send a proposal for an open gig",
    responses=problem_responses(
        InvalidToken,
        InsufficientScope,
        RoleRequired,
        EmailUnverified,
        OwnGig,
        GigNotFound,
        GigNotOpen,
        PoolExclusiveWindow,
        ProposalExists,
        ProfileRequired,
        ProposalPriceOutOfRange,
        IdempotencyKeyReused,
        IdempotencyKeyInProgress,
    ),
)
async def create_proposal(
    gig_id: uuid.UUID,
    body: ProposalCreate,
    principal: ProposalWriter,
    session: SessionDep,
    idempotency: Idempotency,
) -> ProposalRead:
    """A creative with a profile offers a price and delivery time; one live proposal per gig."""
    proposal = await proposals.submit_proposal(
        session, principal=principal, gig_id=gig_id, data=body
    )
    return await idempotency.complete(proposal, status_code=status.HTTP_201_CREATED)


@router.get(
    "/v1/gigs/{gig_id}/proposals",
    summary="List a gig's proposals",
    responses=problem_responses(
        *ACTING_ERRORS, InvalidToken, InsufficientScope, InvalidCursor, NotGigOwner, GigNotFound
    ),
)
async def list_gig_proposals(
    gig_id: uuid.UUID,
    principal: ProposalReader,
    session: SessionDep,
    page: PageParamsDep,
    status: Annotated[ProposalStatus | None, Query(description="Only this status")] = None,
    sort: Annotated[
        ProposalSort,
        Query(description="`newest` first, or `match`: best-matching creative first"),
    ] = "newest",
) -> Page[ProposalRead]:
    """The gig's owner sees every proposal, a creative only their own; newest or best first."""
    return await proposals.list_gig_proposals(
        session, principal=principal, gig_id=gig_id, status=status, page=page, sort=sort
    )


@router.get(
    "/v1/proposals",
    summary="List your own proposals (creatives)",
    responses=problem_responses(
        InvalidToken, InsufficientScope, InvalidCursor, RoleRequired, ProposalsMineRequired
    ),
)
async def list_my_proposals(
    principal: ProposalReader,
    session: SessionDep,
    page: PageParamsDep,
    mine: Annotated[bool, Query(description="Required, `true`: only your own are listed")],
    status: Annotated[ProposalStatus | None, Query(description="Only this status")] = None,
) -> Page[ProposalRead]:
    """Every proposal the signed-in creative sent, across gigs, newest first."""
    return await proposals.list_my_proposals(
        session, principal=principal, mine=mine, status=status, page=page
    )


@router.get(
    "/v1/proposals/{proposal_id}",
    summary="Read a proposal",
    responses=problem_responses(*ACTING_ERRORS, InvalidToken, InsufficientScope, ProposalNotFound),
)
async def get_proposal(
    proposal_id: uuid.UUID, principal: ProposalReader, session: SessionDep
) -> ProposalRead:
    """Visible to the creative who sent it and to the gig's owner only."""
    return await proposals.get_proposal(session, principal=principal, proposal_id=proposal_id)


@router.post(
    "/v1/proposals/{proposal_id}/withdraw",
    summary="Withdraw a proposal",
    responses=problem_responses(
        InvalidToken, InsufficientScope, NotProposalCreative, ProposalNotFound, InvalidTransition
    ),
)
async def withdraw_proposal(
    proposal_id: uuid.UUID, principal: ProposalWriter, session: SessionDep
) -> ProposalRead:
    """The creative takes back a submitted or shortlisted proposal."""
    return await proposals.withdraw_proposal(session, principal=principal, proposal_id=proposal_id)


@router.post(
    "/v1/proposals/{proposal_id}/shortlist",
    summary="Shortlist a proposal",
    responses=problem_responses(*ACTING_ERRORS, *_OWNER_DECISION_ERRORS),
)
async def shortlist_proposal(
    proposal_id: uuid.UUID, principal: OwnerUser, session: SessionDep
) -> ProposalRead:
    """The gig's owner marks a submitted proposal as a favourite."""
    return await proposals.shortlist_proposal(session, principal=principal, proposal_id=proposal_id)


@router.post(
    "/v1/proposals/{proposal_id}/reject",
    summary="Reject a proposal",
    responses=problem_responses(*_OWNER_DECISION_ERRORS),
)
async def reject_proposal(
    proposal_id: uuid.UUID,
    principal: OwnerUser,
    session: SessionDep,
    body: Annotated[
        ProposalReject | None,
        Body(examples=[{"reason": "Kami memilih desainer yang berdomisili di Cimahi."}]),
    ] = None,
) -> ProposalRead:
    """The gig's owner turns down a submitted or shortlisted proposal, optionally saying why."""
    return await proposals.reject_proposal(
        session, principal=principal, proposal_id=proposal_id, data=body
    )


@router.post(
    "/v1/proposals/{proposal_id}/accept",
    status_code=status.HTTP_201_CREATED,
    summary="Accept a proposal and start a contract",
    responses=problem_responses(
        *ACTING_ERRORS,
        InvalidToken,
        RoleRequired,
        NotGigOwner,
        ProposalNotFound,
        GigNotOpen,
        GigAlreadyContracted,
        InvalidTransition,
        IdempotencyKeyReused,
        IdempotencyKeyInProgress,
    ),
)
async def accept_proposal(
    proposal_id: uuid.UUID, principal: OwnerUser, session: SessionDep, idempotency: Idempotency
) -> ContractDetail:
    """Creates the contract with one whole-price milestone; other live proposals are declined."""
    contract = await contracts.accept_proposal(
        session, principal=principal, proposal_id=proposal_id
    )
    return await idempotency.complete(contract, status_code=status.HTTP_201_CREATED)
