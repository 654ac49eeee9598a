import uuid
from typing import Annotated

from fastapi import APIRouter, status

from app.core.auth import CurrentUser, OwnerUser, scoped
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
from app.schemas.escrow import (
    CancellationRead,
    ContractLedgerRead,
    DisputeAnswer,
    DisputeCreate,
    DisputeRead,
    FundingRead,
    LedgerTransactionRead,
    MilestoneCancel,
)
from app.services.contracts import ContractNotActive, ContractNotFound, NotContractOwner
from app.services.escrow import disputes, funding, refunds, statements
from app.services.escrow.disputes import (
    DisputeNotFound,
    NotDisputeOpener,
    NotDisputeRespondent,
)
from app.services.escrow.refunds import MilestoneAlreadyDelivered, MilestoneFrozenByDispute
from app.services.milestones import MilestoneNotFound
from app.services.payments.gateway import PaymentProviderError

router = APIRouter(tags=["escrow"])

ContractReader = Annotated[Principal, scoped(Scope.contracts_read)]
_IDEMPOTENCY_ERRORS = (IdempotencyKeyReused, IdempotencyKeyInProgress)


@router.post(
    "/v1/milestones/{milestone_id}/fund",
    status_code=status.HTTP_201_CREATED,
    summary="Pay a milestone into escrow",
    responses=problem_responses(
        InvalidToken,
        RoleRequired,
        EmailUnverified,
        NotContractOwner,
        MilestoneNotFound,
        ContractNotActive,
        InvalidTransition,
        PaymentProviderError,
        *_IDEMPOTENCY_ERRORS,
    ),
)
async def fund_milestone(
    milestone_id: uuid.UUID, principal: OwnerUser, session: SessionDep, idempotency: Idempotency
) -> FundingRead:
    """Creates (or returns the one under way) payment; the milestone is funded when it succeeds."""
    body = await funding.fund_milestone(session, principal=principal, milestone_id=milestone_id)
    return await idempotency.complete(body, status_code=status.HTTP_201_CREATED)


@router.post(
    "/v1/milestones/{milestone_id}/cancel",
    summary="Cancel a milestone and refund its escrow",
    responses=problem_responses(
        InvalidToken,
        MilestoneNotFound,
        ContractNotActive,
        MilestoneAlreadyDelivered,
        MilestoneFrozenByDispute,
        InvalidTransition,
        *_IDEMPOTENCY_ERRORS,
    ),
)
async def cancel_milestone(
    milestone_id: uuid.UUID,
    body: MilestoneCancel,
    principal: CurrentUser,
    session: SessionDep,
    idempotency: Idempotency,
) -> CancellationRead:
    """The owner until delivery, or the creative until release; held money is refunded in full."""
    result = await refunds.cancel_milestone(
        session, principal=principal, milestone_id=milestone_id, reason=body.reason
    )
    return await idempotency.complete(result)


@router.post(
    "/v1/milestones/{milestone_id}/dispute",
    status_code=status.HTTP_201_CREATED,
    summary="Open a dispute on a funded milestone",
    responses=problem_responses(
        InvalidToken, MilestoneNotFound, ContractNotActive, InvalidTransition, *_IDEMPOTENCY_ERRORS
    ),
)
async def open_dispute(
    milestone_id: uuid.UUID,
    body: DisputeCreate,
    principal: CurrentUser,
    session: SessionDep,
    idempotency: Idempotency,
) -> DisputeRead:
    """Either party freezes the escrow until the dispute is withdrawn or an admin resolves it."""
    dispute = await disputes.open_dispute(
        session, principal=principal, milestone_id=milestone_id, reason=body.reason
    )
    return await idempotency.complete(dispute, status_code=status.HTTP_201_CREATED)


@router.get(
    "/v1/disputes/{dispute_id}",
    summary="Read a dispute",
    responses=problem_responses(InvalidToken, DisputeNotFound),
)
async def get_dispute(
    dispute_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> DisputeRead:
    """Visible to the contract's two parties and to admins."""
    return await disputes.get_dispute(session, principal=principal, dispute_id=dispute_id)


@router.post(
    "/v1/disputes/{dispute_id}/respond",
    summary="Answer a dispute",
    responses=problem_responses(
        InvalidToken, DisputeNotFound, NotDisputeRespondent, InvalidTransition
    ),
)
async def respond_to_dispute(
    dispute_id: uuid.UUID, body: DisputeAnswer, principal: CurrentUser, session: SessionDep
) -> DisputeRead:
    """The other party gives their side before `respond_by`; the dispute goes to review."""
    return await disputes.respond_to_dispute(
        session, principal=principal, dispute_id=dispute_id, statement=body.statement
    )


@router.post(
    "/v1/disputes/{dispute_id}/withdraw",
    summary="Withdraw a dispute",
    responses=problem_responses(
        InvalidToken, DisputeNotFound, NotDisputeOpener, InvalidTransition, *_IDEMPOTENCY_ERRORS
    ),
)
async def withdraw_dispute(
    dispute_id: uuid.UUID, principal: CurrentUser, session: SessionDep, idempotency: Idempotency
) -> DisputeRead:
    """The party who opened it takes it back; the milestone returns to where it froze."""
    dispute = await disputes.withdraw_dispute(session, principal=principal, dispute_id=dispute_id)
    return await idempotency.complete(dispute)


@router.get(
    "/v1/contracts/{contract_id}/ledger",
    summary="A contract's ledger balances",
    responses=problem_responses(InvalidToken, InsufficientScope, ContractNotFound),
)
async def get_contract_ledger(
    contract_id: uuid.UUID, principal: ContractReader, session: SessionDep
) -> ContractLedgerRead:
    """What the contract's money movements add up to per account; visible to its parties."""
    return await statements.contract_ledger(session, principal=principal, contract_id=contract_id)


@router.get(
    "/v1/contracts/{contract_id}/ledger/transactions",
    summary="A contract's ledger transactions",
    responses=problem_responses(InvalidToken, InsufficientScope, ContractNotFound, InvalidCursor),
)
async def list_contract_ledger_transactions(
    contract_id: uuid.UUID, principal: ContractReader, session: SessionDep, page: PageParamsDep
) -> Page[LedgerTransactionRead]:
    """Every movement of the contract's money with its balanced entries, oldest first."""
    return await statements.contract_ledger_transactions(
        session, principal=principal, contract_id=contract_id, page=page
    )
