"""What erasure does to an erased person's messages and uploads.

A thread that became a contract is the other party's record of the work and the evidence of
any dispute (kept for the contract's retention, like dispute statements): its messages and
files stay and point to the pseudonym. Everything else the person wrote or uploaded goes:
- messages in threads that never became a contract lose their text and attachments (the row
  stays, shown as retracted, so the other party's thread keeps its shape);
- uploads not used by a contract (pre-contract attachments, avatars, unused uploads) become
  orphans with an old timestamp, and the worker's orphan sweep (app/services/files/uploads.py
  `remove_orphaned_uploads`) deletes the rows and the bytes once this transaction commits, so a
  rolled-back erasure never loses a byte.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Conversation, FilePurpose, FileStatus, Message, MessageStatus, StoredFile

# Orphans older than any ORPHAN_UPLOAD_HOURS setting: the next sweep takes them.
_SWEEP_AT_ONCE = datetime(2000, 1, 1, tzinfo=UTC)


async def erase_conversations_and_files(
    session: AsyncSession, user_id: uuid.UUID, now: datetime
) -> None:
    await session.execute(
        update(Message)
        .where(
            Message.sender_user_id == user_id,
            Message.conversation_id.in_(
                select(Conversation.id).where(Conversation.contract_id.is_(None))
            ),
        )
        .values(
            body="",
            attachment_ids=[],
            status=MessageStatus.retracted,
            retracted_at=func.coalesce(Message.retracted_at, now),
        )
        .execution_options(synchronize_session=False)
    )
    contract_thread = Conversation.contract_id.is_not(None)
    kept = or_(
        StoredFile.contract_id.is_not(None),
        StoredFile.milestone_id.is_not(None),
        # Deliveries and evidence are the contract's; a certificate is the trained creative's
        # record, whoever from the hub uploaded it.
        StoredFile.purpose.in_(
            [
                FilePurpose.deliverable,
                FilePurpose.dispute_evidence,
                FilePurpose.training_certificate,
            ]
        ),
        StoredFile.conversation_id.in_(select(Conversation.id).where(contract_thread)),
    )
    await session.execute(
        update(StoredFile)
        .where(and_(StoredFile.owner_id == user_id, ~kept))
        .values(
            status=FileStatus.pending,
            created_at=_SWEEP_AT_ONCE,
            conversation_id=None,
            message_id=None,
        )
        .execution_options(synchronize_session=False)
    )
