"""What finance settles by hand: refunds the provider refused, and manual payouts the bank
bounced.

A bank transfer's reference identifies it: one reference, one refund or payout
(`claim_bank_reference`).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import InvalidTransition, NotFound
from app.core.principal import Principal
from app.models import LedgerKind, Payout, PayoutMethod, PayoutStatus, Refund, RefundStatus
from app.schemas.escrow import RefundRead
from app.schemas.payouts import PayoutRead
from app.services.escrow.payouts import claim_bank_reference, lock_payable
from app.services.ledger import (
    PAYOUTS_OUT,
    REFUNDS_OUT,
    REFUNDS_OWED,
    TransactionLinks,
    creative_payable_account,
    post_transaction,
)
from app.services.payments.states import PAYOUT_TRANSITIONS, REFUND_TRANSITIONS


class RefundNotFound(NotFound):
    code, title = "refund_not_found", "Refund not found"


class RefundNotFailed(InvalidTransition):
    code, title = "refund_not_failed", "Only a refund the provider refused can be settled by hand"


class PayoutNotFound(NotFound):
    code, title = "payout_not_found", "Payout not found"


class PayoutNotReversible(InvalidTransition):
    code, title = "payout_not_reversible", "Only a paid manual payout can be reversed here"


async def settle_refund_by_hand(
    session: AsyncSession, *, principal: Principal, refund_id: uuid.UUID, bank_reference: str
) -> RefundRead:
    """An admin paid a refused refund back by bank transfer: refunds_owed -> refunds_out."""
    refund = await session.get(Refund, refund_id, with_for_update=True, populate_existing=True)
    if refund is None:
        raise RefundNotFound()
    if not REFUND_TRANSITIONS.can(refund.status, RefundStatus.settled_manually):
        raise RefundNotFailed(
            f"Refund is {refund.status.value}", current_status=refund.status.value
        )
    await claim_bank_reference(session, bank_reference)
    refund.status = RefundStatus.settled_manually
    refund.bank_reference = bank_reference
    refund.settled_by_user_id = principal.id
    refund.succeeded_at = datetime.now(UTC)
    await post_transaction(
        session,
        kind=LedgerKind.refund_settlement,
        postings=[(REFUNDS_OWED, -refund.amount_idr), (REFUNDS_OUT, refund.amount_idr)],
        links=TransactionLinks(
            contract_id=refund.contract_id,
            milestone_id=refund.milestone_id,
            payment_id=refund.payment_id,
            refund_id=refund.id,
            actor_user_id=principal.id,
        ),
        memo=f"Refund paid by bank transfer {bank_reference}",
    )
    await session.flush()
    return RefundRead.model_validate(refund)


async def reverse_manual_payout(
    session: AsyncSession, *, principal: Principal, payout_id: uuid.UUID, reason: str
) -> PayoutRead:
    """A manual transfer bounced (wrong account, closed account): the money is back in the
    creative's available balance, with the reason recorded."""
    payout = await session.get(Payout, payout_id)
    if payout is None:
        raise PayoutNotFound()
    await lock_payable(session, payout.creative_user_id)
    payout = await session.get_one(Payout, payout_id, with_for_update=True, populate_existing=True)
    if payout.method is not PayoutMethod.manual or not PAYOUT_TRANSITIONS.can(
        payout.status, PayoutStatus.reversed
    ):
        raise PayoutNotReversible(
            f"Payout is {payout.method.value} and {payout.status.value}",
            current_status=payout.status.value,
        )
    payout.status = PayoutStatus.reversed
    payout.failure_message = reason[:500]
    await post_transaction(
        session,
        kind=LedgerKind.payout_reversal,
        postings=[
            (PAYOUTS_OUT, -payout.amount_idr),
            (creative_payable_account(payout.creative_user_id), payout.amount_idr),
        ],
        links=TransactionLinks(
            milestone_id=payout.milestone_id, payout_id=payout.id, actor_user_id=principal.id
        ),
        memo=f"Manual payout {payout.reference} bounced: {reason}",
    )
    await session.flush()
    return PayoutRead.model_validate(payout)
