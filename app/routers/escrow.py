import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Response, status

from app.core.auth import ContractReader, CurrentUser, OwnerUser
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
from app.core.problems import problem_responses
from app.schemas.documents import DocumentList
from app.schemas.escrow import (
    CancellationRead,
    ContractLedgerRead,
    DisputeAnswer,
    DisputeCreate,
    DisputeRead,
    FundingCreate,
    FundingRead,
    LedgerTransactionRead,
    MilestoneCancel,
    PaymentMethodsRead,
    PaymentRead,
)
from app.services import contract_reads, invoices
from app.services.contracts import ContractNotActive, ContractNotFound, NotContractOwner
from app.services.escrow import disputes, funding, refunds, statements
from app.services.escrow.disputes import (
    DisputeNotFound,
    NotDisputeOpener,
    NotDisputeRespondent,
)
from app.services.escrow.funding import PaymentNotFound, PaymentUnderWayWithAnotherMethod
from app.services.escrow.refunds import MilestoneAlreadyDelivered, MilestoneFrozenByDispute
from app.services.invoices import DocumentNotFound
from app.services.milestones import MilestoneNotFound
from app.services.payments.gateway import PaymentProviderError
from app.services.payments.methods import (
    AmountAboveMethodMaximum,
    AmountBelowMethodMinimum,
    PaymentChannelRequired,
    PaymentChannelUnsupported,
    accepted_methods,
)

router = APIRouter(tags=["escrow"])

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
        PaymentUnderWayWithAnotherMethod,
        AmountBelowMethodMinimum,
        AmountAboveMethodMaximum,
        PaymentChannelRequired,
        PaymentChannelUnsupported,
        PaymentProviderError,
        *_IDEMPOTENCY_ERRORS,
    ),
)
async def fund_milestone(
    milestone_id: uuid.UUID,
    principal: OwnerUser,
    session: SessionDep,
    idempotency: Idempotency,
    body: Annotated[
        FundingCreate | None,
        Body(
            examples=[
                {"method": "qris"},
                {"method": "va", "bank": "BCA"},
                {"method": "ewallet", "channel": "OVO"},
                {"method": "card"},
            ]
        ),
    ] = None,
) -> FundingRead:
    """Creates (or returns the one under way) payment by card, QRIS, virtual account or
    e-wallet; the answer carries what to show the payer. The milestone is funded when it
    succeeds; an expired payment leaves it pending, to be funded again."""
    chosen = body or FundingCreate()
    result = await funding.fund_milestone(
        session,
        principal=principal,
        milestone_id=milestone_id,
        method=chosen.method,
        channel=chosen.chosen_channel,
    )
    return await idempotency.complete(result, status_code=status.HTTP_201_CREATED)


@router.get(
    "/v1/payments/{payment_id}",
    summary="Read a payment",
    responses=problem_responses(InvalidToken, InsufficientScope, PaymentNotFound),
)
async def get_payment(
    payment_id: uuid.UUID, principal: ContractReader, session: SessionDep
) -> PaymentRead:
    """A payment into escrow and its outcome; visible to the contract's two parties."""
    return await contract_reads.get_payment(session, principal=principal, payment_id=payment_id)


@router.get(
    "/v1/payment-methods",
    summary="Payment methods and their limits",
    responses=problem_responses(),
)
async def list_payment_methods() -> PaymentMethodsRead:
    """Card, QRIS, virtual accounts and e-wallets: who carries each here and the amounts each
    accepts in one payment (public)."""
    return accepted_methods()


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


@router.get(
    "/v1/contracts/{contract_id}/documents",
    summary="A contract's receipts and tax invoices",
    responses=problem_responses(InvalidToken, InsufficientScope, ContractNotFound),
)
async def list_contract_documents(
    contract_id: uuid.UUID, principal: ContractReader, session: SessionDep
) -> DocumentList:
    """A receipt per funded milestone and a tax invoice (PPN) per release of the platform fee;
    visible to the contract's parties."""
    return await invoices.list_documents(session, principal=principal, contract_id=contract_id)


@router.get(
    "/v1/contracts/{contract_id}/documents/{document_id}/pdf",
    summary="A receipt or tax invoice as PDF",
    response_class=Response,
    responses={
        200: {"content": {"application/pdf": {}}, "description": "The document (A4)"},
        **problem_responses(InvalidToken, InsufficientScope, ContractNotFound, DocumentNotFound),
    },
)
async def get_contract_document_pdf(
    contract_id: uuid.UUID, document_id: uuid.UUID, principal: ContractReader, session: SessionDep
) -> Response:
    """The same content as the JSON, rendered as a PDF."""
    pdf = await invoices.document_pdf(
        session, principal=principal, contract_id=contract_id, document_id=document_id
    )
    return Response(content=pdf, media_type="application/pdf")
