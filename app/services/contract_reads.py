"""What a contract's two parties may read by id: one milestone, one payment.

Anyone else (another user, a partner app acting for someone else) is told it does not exist,
so ids cannot be probed.
"""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.principal import Principal
from app.models import Contract, Milestone, Payment
from app.schemas.contracts import MilestoneRead
from app.schemas.escrow import PaymentRead
from app.services.contracts import is_party
from app.services.escrow.funding import PaymentNotFound
from app.services.milestones import MilestoneNotFound


async def get_milestone(
    session: AsyncSession, *, principal: Principal, milestone_id: uuid.UUID
) -> MilestoneRead:
    """A milestone, for the contract's owner and creative only."""
    milestone = await session.get(Milestone, milestone_id)
    contract = await session.get(Contract, milestone.contract_id) if milestone else None
    if milestone is None or contract is None or not is_party(principal, contract):
        raise MilestoneNotFound()
    return MilestoneRead.model_validate(milestone)


async def get_payment(
    session: AsyncSession, *, principal: Principal, payment_id: uuid.UUID
) -> PaymentRead:
    """A payment into escrow, for the contract's owner (the payer) and creative only."""
    payment = await session.get(Payment, payment_id)
    contract = await session.get(Contract, payment.contract_id) if payment else None
    if payment is None or contract is None or not is_party(principal, contract):
        raise PaymentNotFound()
    return PaymentRead.model_validate(payment)
