import datetime as dt
import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from app.core.auth import AdminUser
from app.core.db import SessionDep
from app.core.errors import InvalidCursor, InvalidToken, InvalidTransition, RoleRequired
from app.core.idempotency import (
    Idempotency,
    IdempotencyKeyInProgress,
    IdempotencyKeyReused,
    RequiredIdempotency,
)
from app.core.pagination import Page, PageParamsDep
from app.core.problems import problem_responses
from app.models import DisputeStatus
from app.schemas.escrow import DisputeRead, DisputeResolve, LedgerSummaryRead, RefundRead
from app.schemas.payouts import (
    ManualPayoutCreate,
    PayableRead,
    PayoutRead,
    PayoutReverse,
    RefundSettle,
)
from app.schemas.reconciliation import ReconciliationRead
from app.services.escrow import disputes, manual_settlement, payouts, statements
from app.services.escrow.daily_reconciliation import reconcile_day
from app.services.escrow.disputes import ChargebackInProgress, DisputeNotFound, DisputeSplitMismatch
from app.services.escrow.manual_settlement import (
    PayoutNotFound,
    PayoutNotReversible,
    RefundNotFailed,
    RefundNotFound,
)
from app.services.escrow.payouts import (
    BankReferenceAlreadyUsed,
    CreativeNotFound,
    InsufficientPayableBalance,
)

router = APIRouter(tags=["admin"])

_IDEMPOTENCY_ERRORS = (IdempotencyKeyReused, IdempotencyKeyInProgress)


@router.get(
    "/v1/admin/ledger/summary",
    summary="Ledger balances and invariants",
    responses=problem_responses(InvalidToken, RoleRequired),
)
async def get_ledger_summary(principal: AdminUser, session: SessionDep) -> LedgerSummaryRead:
    """Balances per account type, and whether every transaction and every escrow add up."""
    return await statements.ledger_summary(session)


@router.get(
    "/v1/admin/disputes",
    summary="The dispute queue",
    responses=problem_responses(InvalidToken, RoleRequired, InvalidCursor),
)
async def list_disputes(
    principal: AdminUser,
    session: SessionDep,
    page: PageParamsDep,
    status: Annotated[DisputeStatus | None, Query(description="Only this status")] = None,
) -> Page[DisputeRead]:
    """Oldest first, so the nearest deadlines come first."""
    return await statements.list_disputes(session, status=status, page=page)


@router.post(
    "/v1/disputes/{dispute_id}/resolve",
    summary="Resolve a dispute by splitting the escrow",
    responses=problem_responses(
        InvalidToken,
        RoleRequired,
        DisputeNotFound,
        DisputeSplitMismatch,
        ChargebackInProgress,
        InvalidTransition,
        *_IDEMPOTENCY_ERRORS,
    ),
)
async def resolve_dispute(
    dispute_id: uuid.UUID,
    body: DisputeResolve,
    principal: AdminUser,
    session: SessionDep,
    idempotency: Idempotency,
) -> DisputeRead:
    """`release_idr` goes to the creative (less fee and PPN), `refund_idr` back to the owner."""
    dispute = await disputes.resolve_dispute(
        session,
        principal=principal,
        dispute_id=dispute_id,
        release_idr=body.release_idr,
        refund_idr=body.refund_idr,
        note=body.note,
    )
    return await idempotency.complete(dispute)


@router.get(
    "/v1/admin/payables",
    summary="Creatives with money to pay out",
    responses=problem_responses(InvalidToken, RoleRequired, InvalidCursor),
)
async def list_payables(
    principal: AdminUser, session: SessionDep, page: PageParamsDep
) -> Page[PayableRead]:
    """Available balances with the bank details to pay them to (manual payout mode)."""
    return await statements.list_payables(session, page=page)


@router.post(
    "/v1/admin/payouts",
    status_code=status.HTTP_201_CREATED,
    summary="Record a manual payout",
    responses=problem_responses(
        InvalidToken,
        RoleRequired,
        CreativeNotFound,
        InsufficientPayableBalance,
        BankReferenceAlreadyUsed,
        *_IDEMPOTENCY_ERRORS,
    ),
)
async def record_manual_payout(
    body: ManualPayoutCreate,
    principal: AdminUser,
    session: SessionDep,
    idempotency: RequiredIdempotency,
) -> PayoutRead:
    """Books a bank transfer (e.g. BI-FAST) already made to a creative, once per reference;
    `Idempotency-Key` is required."""
    payout = await payouts.record_manual_payout(
        session,
        principal=principal,
        creative_user_id=body.creative_user_id,
        amount_idr=body.amount_idr,
        reference=body.reference,
    )
    return await idempotency.complete(payout, status_code=status.HTTP_201_CREATED)


@router.post(
    "/v1/admin/payouts/{payout_id}/reverse",
    summary="Reverse a bounced manual payout",
    responses=problem_responses(
        InvalidToken,
        RoleRequired,
        PayoutNotFound,
        PayoutNotReversible,
        *_IDEMPOTENCY_ERRORS,
    ),
)
async def reverse_manual_payout(
    payout_id: uuid.UUID,
    body: PayoutReverse,
    principal: AdminUser,
    session: SessionDep,
    idempotency: RequiredIdempotency,
) -> PayoutRead:
    """The bank returned the transfer: the money is back in the creative's available balance."""
    payout = await manual_settlement.reverse_manual_payout(
        session, principal=principal, payout_id=payout_id, reason=body.reason
    )
    return await idempotency.complete(payout)


@router.post(
    "/v1/admin/refunds/{refund_id}/settle",
    summary="Settle a refused refund by bank transfer",
    responses=problem_responses(
        InvalidToken,
        RoleRequired,
        RefundNotFound,
        RefundNotFailed,
        BankReferenceAlreadyUsed,
        *_IDEMPOTENCY_ERRORS,
    ),
)
async def settle_refund(
    refund_id: uuid.UUID,
    body: RefundSettle,
    principal: AdminUser,
    session: SessionDep,
    idempotency: RequiredIdempotency,
) -> RefundRead:
    """Records the transfer that paid the owner back a refund the provider refused."""
    refund = await manual_settlement.settle_refund_by_hand(
        session, principal=principal, refund_id=refund_id, bank_reference=body.bank_reference
    )
    return await idempotency.complete(refund)


@router.get(
    "/v1/admin/reconciliation",
    summary="Ledger against the providers, for one day",
    responses=problem_responses(InvalidToken, RoleRequired),
)
async def get_reconciliation(
    principal: AdminUser,
    session: SessionDep,
    date: Annotated[dt.date, Query(description="A WIB calendar day, e.g. 2026-12-06")],
) -> ReconciliationRead:
    """Per provider: received, refunded and paid out in the ledger against what the provider
    reported that day (stored events), every difference listed."""
    return await reconcile_day(session, day=date)
