import uuid

from fastapi import APIRouter

from app.core.auth import OwnerUser
from app.core.db import SessionDep
from app.core.errors import InvalidToken, RoleRequired
from app.core.problems import problem_responses
from app.schemas.escrow import PaymentRead
from app.services.escrow.funding import PaymentNotFound
from app.services.payments.sandbox import (
    PaymentNotPending,
    SandboxDisabled,
    complete_sandbox_payment,
)

router = APIRouter(tags=["sandbox"])

_ERRORS = (InvalidToken, RoleRequired, SandboxDisabled, PaymentNotFound, PaymentNotPending)


@router.post(
    "/v1/sandbox/payments/{payment_id}/succeed",
    summary="Sandbox: complete a payment",
    responses=problem_responses(*_ERRORS),
)
async def succeed_sandbox_payment(
    payment_id: uuid.UUID, principal: OwnerUser, session: SessionDep
) -> PaymentRead:
    """Completes a pending sandbox payment as a card payment would (sandbox mode only)."""
    return await complete_sandbox_payment(
        session, principal=principal, payment_id=payment_id, succeeded=True
    )


@router.post(
    "/v1/sandbox/payments/{payment_id}/fail",
    summary="Sandbox: decline a payment",
    responses=problem_responses(*_ERRORS),
)
async def fail_sandbox_payment(
    payment_id: uuid.UUID, principal: OwnerUser, session: SessionDep
) -> PaymentRead:
    """Declines a pending sandbox payment as a card issuer would; it can be retried."""
    return await complete_sandbox_payment(
        session, principal=principal, payment_id=payment_id, succeeded=False
    )


@router.post(
    "/v1/sandbox/payments/{payment_id}/expire",
    summary="Sandbox: let a payment expire",
    responses=problem_responses(*_ERRORS),
)
async def expire_sandbox_payment(
    payment_id: uuid.UUID, principal: OwnerUser, session: SessionDep
) -> PaymentRead:
    """Expires an unpaid QRIS, virtual account or e-wallet payment as its provider would; the
    milestone can then be funded again, by any method."""
    return await complete_sandbox_payment(
        session, principal=principal, payment_id=payment_id, succeeded=False, outcome="expired"
    )
