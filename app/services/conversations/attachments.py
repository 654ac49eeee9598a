"""Which uploads a message may carry."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import Unprocessable
from app.core.principal import Principal
from app.models import Conversation


class AttachmentNotFound(Unprocessable):
    code, title = (
        "attachment_not_found",
        "An attachment is not a file you uploaded for messages, or is already used elsewhere",
    )


async def check_attachments(
    session: AsyncSession,
    principal: Principal,
    conversation: Conversation,
    file_ids: list[uuid.UUID],
) -> None:
    """Every attachment must be the sender's own unused message upload."""
    if file_ids:
        raise AttachmentNotFound()
