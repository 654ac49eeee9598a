"""What an admin reads to resolve a dispute: the contract's whole thread, retracted messages
included (with what they said), and the files exchanged in it or delivered for it."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.principal import Principal, require_role
from app.models import Conversation, Dispute, Message, StoredFile, UserRole
from app.schemas.conversations import DisputeEvidence
from app.services.conversations.rendering import evidence_message
from app.services.escrow.disputes import DisputeNotFound

EVIDENCE_MESSAGES_MAX = 5000


async def dispute_evidence(
    session: AsyncSession, principal: Principal, dispute_id: uuid.UUID
) -> DisputeEvidence:
    """Admins only: the disputed contract's thread in order and the files attached to it."""
    require_role(principal, UserRole.admin)
    dispute = await session.get(Dispute, dispute_id)
    if dispute is None:
        raise DisputeNotFound()
    conversation = await session.scalar(
        select(Conversation).where(Conversation.contract_id == dispute.contract_id)
    )
    messages: list[Message] = []
    if conversation is not None:
        messages = list(
            (
                await session.scalars(
                    select(Message)
                    .where(Message.conversation_id == conversation.id)
                    .order_by(Message.id)
                    .limit(EVIDENCE_MESSAGES_MAX)
                )
            ).all()
        )
    delivered = await session.scalars(
        select(StoredFile.id)
        .where(StoredFile.contract_id == dispute.contract_id)
        .order_by(StoredFile.id)
    )
    file_ids = list(
        dict.fromkeys([*(f for m in messages for f in m.attachment_ids), *delivered.all()])
    )
    return DisputeEvidence(
        dispute_id=dispute.id,
        contract_id=dispute.contract_id,
        conversation_id=conversation.id if conversation else None,
        messages=[evidence_message(m) for m in messages],
        file_ids=file_ids,
    )
