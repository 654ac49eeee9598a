"""Putting uploads to use. A file is used once: by the message, milestone delivery or
portfolio item it was uploaded for, by its uploader, for the purpose it was uploaded with."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import Unprocessable
from app.core.principal import Principal
from app.models import FilePurpose, FileStatus, StoredFile
from app.services.files.policy import PURPOSES


class AttachmentNotFound(Unprocessable):
    code, title = (
        "attachment_not_found",
        "A file is not your unused upload for this purpose",
    )


class TooManyFiles(Unprocessable):
    code, title = "too_many_files", "More files than this use allows"


async def claim_uploads(
    session: AsyncSession,
    principal: Principal,
    file_ids: list[uuid.UUID],
    purposes: Collection[FilePurpose],
    *,
    reusable: bool = False,
) -> list[StoredFile]:
    """Lock the caller's uploads for one use: each must exist, be theirs, have one of
    `purposes` and be unused (or, with `reusable`, used for the same kind of thing before)."""
    ids = list(dict.fromkeys(file_ids))
    if not ids:
        return []
    limit = max(PURPOSES[p].max_per_use for p in purposes)
    if len(ids) > limit:
        raise TooManyFiles(max_files=limit)
    files = list(
        (
            await session.scalars(
                select(StoredFile)
                .where(StoredFile.id.in_(ids))
                .order_by(StoredFile.id)
                .with_for_update()
            )
        ).all()
    )
    by_id = {f.id: f for f in files}
    for file_id in ids:
        file = by_id.get(file_id)
        if (
            file is None
            or file.owner_id != principal.id
            or file.purpose not in purposes
            or (file.status is not FileStatus.pending and not reusable)
        ):
            raise AttachmentNotFound(file_id=str(file_id))
    return [by_id[i] for i in ids]


def mark_attached(
    files: list[StoredFile],
    *,
    conversation_id: uuid.UUID | None = None,
    message_id: uuid.UUID | None = None,
    contract_id: uuid.UUID | None = None,
    milestone_id: uuid.UUID | None = None,
) -> None:
    now = datetime.now(UTC)
    for file in files:
        file.status = FileStatus.attached
        file.attached_at = file.attached_at or now
        file.conversation_id = conversation_id or file.conversation_id
        file.message_id = message_id or file.message_id
        file.contract_id = contract_id or file.contract_id
        file.milestone_id = milestone_id or file.milestone_id
