import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from app.core.acting import ACTING_ERRORS
from app.core.auth import ContractReader, CurrentUser, OwnerUser
from app.core.db import SessionDep
from app.core.errors import (
    InsufficientScope,
    InvalidCursor,
    InvalidToken,
    InvalidTransition,
    RoleRequired,
)
from app.core.idempotency import Idempotency, IdempotencyKeyInProgress, IdempotencyKeyReused
from app.core.pagination import Page, PageParamsDep
from app.core.problems import problem_responses
from app.models import ContractStatus
from app.schemas.contracts import (
    ContractDetail,
    ContractRead,
    MilestoneChangesRequest,
    MilestoneCreate,
    MilestoneRead,
    MilestoneSubmit,
)
from app.services import contract_reads, contracts, milestones
from app.services.contracts import (
    ContractNotActive,
    ContractNotFound,
    NotContractCreative,
    NotContractOwner,
)
from app.services.escrow import release
from app.services.milestones import (
    MilestoneNotFound,
    MilestoneNotFunded,
    MilestonePaymentInProgress,
    MilestoneSumExceedsPrice,
)

router = APIRouter(tags=["contracts"])


@router.get(
    "/v1/contracts",
    summary="List my contracts",
    responses=problem_responses(
        *ACTING_ERRORS, InvalidToken, InsufficientScope, InvalidCursor, RoleRequired
    ),
)
async def list_contracts(
    principal: ContractReader,
    session: SessionDep,
    page: PageParamsDep,
    mine: Annotated[bool, Query(description="`false` lists every contract (admins only)")] = True,
    status: Annotated[ContractStatus | None, Query(description="Only this status")] = None,
) -> Page[ContractRead]:
    """Contracts where the caller is the business owner or the creative; newest first."""
    return await contracts.list_contracts(
        session, principal=principal, mine=mine, status=status, page=page
    )


@router.get(
    "/v1/contracts/{contract_id}",
    summary="Read a contract with its milestones",
    responses=problem_responses(*ACTING_ERRORS, InvalidToken, InsufficientScope, ContractNotFound),
)
async def get_contract(
    contract_id: uuid.UUID, principal: ContractReader, session: SessionDep
) -> ContractDetail:
    """Visible to its business owner and its creative only."""
    return await contracts.get_contract(session, principal=principal, contract_id=contract_id)


@router.post(
    "/v1/contracts/{contract_id}/milestones",
    status_code=status.HTTP_201_CREATED,
    summary="Split off a milestone",
    responses=problem_responses(
        InvalidToken,
        RoleRequired,
        NotContractOwner,
        ContractNotFound,
        ContractNotActive,
        MilestoneSumExceedsPrice,
        MilestonePaymentInProgress,
        IdempotencyKeyReused,
        IdempotencyKeyInProgress,
    ),
)
async def create_milestone(
    contract_id: uuid.UUID,
    body: MilestoneCreate,
    principal: OwnerUser,
    session: SessionDep,
    idempotency: Idempotency,
) -> ContractDetail:
    """Carves the amount out of the last pending milestone; returns the contract's milestones."""
    detail = await milestones.add_milestone(
        session, principal=principal, contract_id=contract_id, data=body
    )
    return await idempotency.complete(detail, status_code=status.HTTP_201_CREATED)


@router.get(
    "/v1/milestones/{milestone_id}",
    summary="Read a milestone",
    responses=problem_responses(InvalidToken, InsufficientScope, MilestoneNotFound),
)
async def get_milestone(
    milestone_id: uuid.UUID, principal: ContractReader, session: SessionDep
) -> MilestoneRead:
    """The same milestone shape a contract embeds; visible to the contract's two parties."""
    return await contract_reads.get_milestone(
        session, principal=principal, milestone_id=milestone_id
    )


@router.post(
    "/v1/milestones/{milestone_id}/submit",
    summary="Deliver a funded milestone",
    responses=problem_responses(
        InvalidToken,
        NotContractCreative,
        MilestoneNotFound,
        ContractNotActive,
        MilestoneNotFunded,
        InvalidTransition,
    ),
)
async def submit_milestone(
    milestone_id: uuid.UUID, body: MilestoneSubmit, principal: CurrentUser, session: SessionDep
) -> MilestoneRead:
    """The creative delivers the work with a note and 1-10 links; the owner then has
    AUTO_RELEASE_DAYS to answer before the escrow releases itself."""
    return await milestones.submit_milestone(
        session, principal=principal, milestone_id=milestone_id, data=body
    )


@router.post(
    "/v1/milestones/{milestone_id}/approve",
    summary="Approve a delivered milestone and release its escrow",
    responses=problem_responses(
        InvalidToken,
        RoleRequired,
        NotContractOwner,
        MilestoneNotFound,
        ContractNotActive,
        InvalidTransition,
        IdempotencyKeyReused,
        IdempotencyKeyInProgress,
    ),
)
async def approve_milestone(
    milestone_id: uuid.UUID, principal: OwnerUser, session: SessionDep, idempotency: Idempotency
) -> MilestoneRead:
    """Releases the held amount: the creative's share to payout, the fee and PPN to the
    platform. Approving the last open milestone completes the contract and the gig."""
    milestone = await release.approve_milestone(
        session, principal=principal, milestone_id=milestone_id
    )
    return await idempotency.complete(milestone)


@router.post(
    "/v1/milestones/{milestone_id}/request-changes",
    summary="Ask for a revision of a delivered milestone",
    responses=problem_responses(
        InvalidToken,
        RoleRequired,
        NotContractOwner,
        MilestoneNotFound,
        ContractNotActive,
        InvalidTransition,
    ),
)
async def request_milestone_changes(
    milestone_id: uuid.UUID,
    body: MilestoneChangesRequest,
    principal: OwnerUser,
    session: SessionDep,
) -> MilestoneRead:
    """Sends a submitted milestone back to the creative with a note (the auto-release clock
    stops until the next delivery)."""
    return await milestones.request_milestone_changes(
        session, principal=principal, milestone_id=milestone_id, data=body
    )
