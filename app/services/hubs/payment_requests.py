"""Payment requests: a facilitator acting for an owner asks her to pay a milestone herself.

Money never moves on a facilitator's word (funding is not delegable, app/core/acting.py); the
request only mails the owner the amount and where to pay, and records who asked for whom.
"""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import Conflict, Forbidden, NotFound
from app.core.event_types import EventType
from app.core.principal import Principal
from app.models import Contract, Gig, Milestone, MilestoneStatus
from app.reference.rupiah import format_rupiah
from app.schemas.hubs import PaymentRequestRead
from app.services.events import record_event
from app.services.hubs.delegations import is_mailable
from app.services.mail import enqueue_email


class PaymentRequestMilestoneNotFound(NotFound):
    code, title = "milestone_not_found", "Milestone not found"


class PaymentRequestNeedsActing(Forbidden):
    code, title = (
        "acting_required",
        "Only a facilitator acting for the owner sends her a payment request",
    )


class MilestoneNotPayable(Conflict):
    code, title = "milestone_not_payable", "Only a pending (unfunded) milestone can be paid"


async def request_payment(
    session: AsyncSession, principal: Principal, milestone_id: uuid.UUID
) -> PaymentRequestRead:
    """Mail the owner a request to fund a pending milestone of her contract."""
    if principal.acting_user is None:
        raise PaymentRequestNeedsActing()
    milestone = await session.get(Milestone, milestone_id)
    contract = await session.get(Contract, milestone.contract_id) if milestone else None
    if milestone is None or contract is None or contract.owner_id != principal.id:
        raise PaymentRequestMilestoneNotFound()
    if milestone.status is not MilestoneStatus.pending:
        raise MilestoneNotPayable(current_status=milestone.status.value)
    gig = await session.get_one(Gig, contract.gig_id)
    owner = principal.user
    pay_url = f"/v1/milestones/{milestone.id}/fund"
    event = await record_event(
        session,
        type=EventType.milestone_payment_requested,
        subject_type="milestone",
        subject_id=milestone.id,
        actor_user_id=principal.actor_id,
        principal_user_id=principal.on_behalf_of_id,
        audience=[owner.id],
        payload={
            "milestone_id": str(milestone.id),
            "contract_id": str(contract.id),
            "amount_idr": milestone.amount_idr,
            "requested_by_user_id": str(principal.actor_id),
        },
    )
    if is_mailable(owner):
        await enqueue_email(
            session,
            to_user=owner,
            template="payment_request",
            context={
                "name": owner.full_name,
                "facilitator_name": principal.acting_user.full_name,
                "milestone_title": milestone.title,
                "gig_title": gig.title,
                "amount": format_rupiah(milestone.amount_idr),
                "pay_url": pay_url,
            },
            dedupe_key=f"payment_request:{event.id}",
        )
    return PaymentRequestRead(
        milestone_id=milestone.id,
        contract_id=contract.id,
        amount_idr=milestone.amount_idr,
        owner_user_id=owner.id,
        requested_by_user_id=principal.actor_id,
        pay_url=pay_url,
    )
