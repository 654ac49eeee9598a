"""Who must know of an event, and what their notification needs to say.

The event's subject is read back from its table (the outbox payload is ids and amounts): the
gig's owner and the creative of the proposal, invitation, contract or conversation are the
two parties; the rule of the kind picks one or both of them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import (
    Contract,
    Conversation,
    Dispute,
    Event,
    Gig,
    Invitation,
    Milestone,
    Payout,
    Proposal,
    Review,
)
from app.services.notifications.kinds import Recipient


@dataclass
class Parties:
    owner_id: uuid.UUID | None
    creative_user_id: uuid.UUID | None
    params: dict[str, object] = field(default_factory=dict)
    # Dispute reminders go to the party who did not open it.
    dispute_opened_by: uuid.UUID | None = None


def recipients(event: Event, rule: Recipient, parties: Parties) -> list[uuid.UUID]:
    """The users the rule names, never the one who acted."""
    both = [u for u in (parties.owner_id, parties.creative_user_id) if u is not None]
    chosen: list[uuid.UUID]
    if rule is Recipient.owner:
        chosen = [parties.owner_id] if parties.owner_id else []
    elif rule is Recipient.creative:
        chosen = [parties.creative_user_id] if parties.creative_user_id else []
    elif rule is Recipient.respondent:
        chosen = [u for u in both if u != parties.dispute_opened_by]
    elif rule is Recipient.reviewed:
        subject = event.payload.get("subject_user_id")
        chosen = [u for u in both if str(u) == subject]
    else:
        chosen = both
    if rule is not Recipient.both:
        chosen = [u for u in chosen if u != event.actor_user_id]
    # Only people the event was recorded for: a party who was not in it is not told.
    audience = set(event.audience_user_ids)
    return [u for u in dict.fromkeys(chosen) if u in audience]


async def parties_of(session: AsyncSession, event: Event) -> Parties | None:
    """The two parties of the event's subject, with the texts' params; None when it is gone."""
    subject, kind = event.subject_id, event.subject_type
    amount = event.payload.get("amount_idr")
    if kind == "proposal":
        row = (
            await session.execute(
                select(Proposal, Gig)
                .join(Gig, Gig.id == Proposal.gig_id)
                .where(Proposal.id == subject)
            )
        ).first()
        if row is None:
            return None
        proposal, gig = row
        return Parties(
            gig.owner_id,
            proposal.creative_user_id,
            _params(gig, proposal_id=proposal.id, amount_idr=proposal.price_idr),
        )
    if kind == "invitation":
        invited = (
            await session.execute(
                select(Invitation, Gig)
                .join(Gig, Gig.id == Invitation.gig_id)
                .where(Invitation.id == subject)
            )
        ).first()
        if invited is None:
            return None
        invitation, gig = invited
        return Parties(
            invitation.owner_id, invitation.creative_user_id, _params(gig, invitation_id=subject)
        )
    if kind == "message":
        conversation_id = event.payload.get("conversation_id")
        thread = (
            await session.execute(
                select(Conversation, Gig)
                .join(Gig, Gig.id == Conversation.gig_id)
                .where(Conversation.id == uuid.UUID(str(conversation_id)))
            )
        ).first()
        if thread is None:
            return None
        conversation, gig = thread
        return Parties(
            conversation.owner_id,
            conversation.creative_user_id,
            _params(gig, conversation_id=conversation.id, count=1),
        )
    if kind == "gig":
        gig = await session.get(Gig, subject)
        return None if gig is None else Parties(gig.owner_id, None, _params(gig))
    if kind == "payout":
        payout = await session.get(Payout, subject)
        if payout is None:
            return None
        return Parties(
            None,
            payout.creative_user_id,
            {"payout_id": str(subject), "amount_idr": payout.amount_idr},
        )
    return await _contract_parties(session, event, amount)


async def _contract_parties(session: AsyncSession, event: Event, amount: object) -> Parties | None:
    subject, kind = event.subject_id, event.subject_type
    extra: dict[str, object] = {}
    opened_by: uuid.UUID | None = None
    contract_id: uuid.UUID | None = None
    if kind == "contract":
        contract_id = subject
    elif kind == "milestone":
        milestone = await session.get(Milestone, subject)
        if milestone is not None:
            contract_id = milestone.contract_id
            extra = {"milestone_id": milestone.id, "amount_idr": milestone.amount_idr}
    elif kind == "dispute":
        dispute = await session.get(Dispute, subject)
        if dispute is not None:
            contract_id, opened_by = dispute.contract_id, dispute.opened_by_user_id
            extra = {"dispute_id": dispute.id, "milestone_id": dispute.milestone_id}
    elif kind == "review":
        review = await session.get(Review, subject)
        if review is not None:
            contract_id = review.contract_id
            extra = {"review_id": review.id, "rating": review.rating}
    if contract_id is None:
        return None
    row = (
        await session.execute(
            select(Contract, Gig)
            .join(Gig, Gig.id == Contract.gig_id)
            .where(Contract.id == contract_id)
        )
    ).first()
    if row is None:
        return None
    contract, gig = row
    if isinstance(amount, int):
        extra["amount_idr"] = amount
    return Parties(
        contract.owner_id,
        contract.creative_user_id,
        _params(gig, contract_id=contract.id, **extra),
        dispute_opened_by=opened_by,
    )


def _params(gig: Gig, **extra: object) -> dict[str, object]:
    values: dict[str, object] = {"gig_id": str(gig.id), "gig_title": gig.title}
    for key, value in extra.items():
        values[key] = str(value) if isinstance(value, uuid.UUID) else value
    return values
