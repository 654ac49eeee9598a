"""System messages: the worker reads the outbox in commit order and marks each state change
the two parties care about in their thread (opening the thread, or attaching it to the
contract, when the event is what makes it exist).

Exactly once: one worker at a time holds the position row (`FOR UPDATE SKIP LOCKED`), and a
message remembers its event id (unique), so a crash between writing messages and moving the
position cannot post twice either.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import literal, select, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.event_types import EventType
from app.models import (
    Contract,
    ConversationEventPosition,
    Dispute,
    Event,
    Gig,
    Invitation,
    Message,
    MessageKind,
    MessageStatus,
    Milestone,
    Proposal,
)
from app.models.base import new_id
from app.services.conversations.threads import ensure_conversation
from app.services.partners.feed import settled
from app.services.stream.announce import StreamItemKind, announce

BATCH = 200

# What each marked event says in the thread (Indonesian first: clients localise by
# `system_kind`, which is the event type).
SYSTEM_TEXT: dict[EventType, str] = {
    EventType.proposal_submitted: "Proposal dikirim.",
    EventType.proposal_shortlisted: "Proposal masuk daftar pendek.",
    EventType.invitation_created: "Pemilik usaha mengundang kreatif untuk mengirim proposal.",
    EventType.invitation_accepted: "Undangan diterima.",
    EventType.contract_created: "Kontrak dibuat. Percakapan ini kini menjadi utas kontrak.",
    EventType.milestone_funded: "Milestone didanai dan dananya ditahan di escrow.",
    EventType.milestone_submitted: "Hasil kerja milestone dikirim.",
    EventType.milestone_changes_requested: "Pemilik usaha meminta revisi.",
    EventType.milestone_approved: "Milestone disetujui.",
    EventType.dispute_opened: "Sengketa dibuka.",
    EventType.dispute_resolved: "Sengketa diselesaikan oleh admin.",
}


@dataclass(frozen=True)
class _Pair:
    gig_id: uuid.UUID
    creative_id: uuid.UUID
    owner_id: uuid.UUID
    creative_user_id: uuid.UUID
    contract_id: uuid.UUID | None = None


async def write_system_messages(session: AsyncSession) -> int:
    """Worker task: one batch of new outbox events turned into system messages."""
    await session.execute(
        insert(ConversationEventPosition)
        .values(id=1, tx_id=0, cursor=0)
        .on_conflict_do_nothing(index_elements=["id"])
    )
    position = await session.scalar(
        select(ConversationEventPosition)
        .where(ConversationEventPosition.id == 1)
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    )
    if position is None:  # another worker holds it
        return 0
    events = (
        await session.scalars(
            select(Event)
            .where(
                settled(),
                tuple_(Event.tx_id, Event.cursor)
                > tuple_(literal(position.tx_id), literal(position.cursor)),
            )
            .order_by(Event.tx_id, Event.cursor)
            .limit(BATCH)
        )
    ).all()
    if not events:
        return 0
    for event in events:
        if event.type in SYSTEM_TEXT:
            await _mark(session, event)
    position.tx_id, position.cursor = events[-1].tx_id, events[-1].cursor
    await session.flush()
    return len(events)


async def _mark(session: AsyncSession, event: Event) -> None:
    pair = await _pair_of(session, event)
    if pair is None:  # the subject is gone (a cascade); nothing to mark
        return
    conversation = await ensure_conversation(
        session,
        gig_id=pair.gig_id,
        creative_id=pair.creative_id,
        owner_id=pair.owner_id,
        creative_user_id=pair.creative_user_id,
    )
    if pair.contract_id is not None and conversation.contract_id is None:
        conversation.contract_id = pair.contract_id
    message_id = new_id()
    inserted = await session.scalar(
        insert(Message)
        .values(
            id=message_id,
            conversation_id=conversation.id,
            kind=MessageKind.system,
            status=MessageStatus.sent,
            sender_user_id=None,
            # A hub facilitator's action for the owner shows as hers in the thread.
            acting_user_id=event.actor_user_id if event.principal_user_id else None,
            body=SYSTEM_TEXT[EventType(event.type)],
            system_kind=event.type,
            event_id=event.id,
            attachment_ids=[],
        )
        .on_conflict_do_nothing(index_elements=["event_id"])
        .returning(Message.created_at)
    )
    if inserted is None:
        return
    conversation.last_message_at = inserted
    await session.flush()
    await announce(
        session,
        StreamItemKind.message,
        message_id,
        [conversation.owner_id, conversation.creative_user_id],
    )


async def _pair_of(session: AsyncSession, event: Event) -> _Pair | None:
    """The (gig, creative) thread an event belongs to, with the contract if there is one."""
    subject = event.subject_id
    if event.subject_type == "proposal":
        row = (
            await session.execute(
                select(Proposal, Gig.owner_id)
                .join(Gig, Gig.id == Proposal.gig_id)
                .where(Proposal.id == subject)
            )
        ).first()
        if row is None:
            return None
        proposal, owner_id = row
        return _Pair(proposal.gig_id, proposal.creative_id, owner_id, proposal.creative_user_id)
    if event.subject_type == "invitation":
        invitation = await session.get(Invitation, subject)
        if invitation is None:
            return None
        return _Pair(
            invitation.gig_id,
            invitation.creative_id,
            invitation.owner_id,
            invitation.creative_user_id,
        )
    contract_id: uuid.UUID | None = None
    if event.subject_type == "contract":
        contract_id = subject
    elif event.subject_type == "milestone":
        contract_id = await session.scalar(
            select(Milestone.contract_id).where(Milestone.id == subject)
        )
    elif event.subject_type == "dispute":
        contract_id = await session.scalar(select(Dispute.contract_id).where(Dispute.id == subject))
    contract = await session.get(Contract, contract_id) if contract_id else None
    if contract is None:
        return None
    return _Pair(
        contract.gig_id,
        contract.creative_id,
        contract.owner_id,
        contract.creative_user_id,
        contract.id,
    )
