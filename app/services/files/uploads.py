"""Taking an upload in: every check runs on the bytes before anything is stored, so a
refused upload leaves neither a row nor a blob. Also: deleting one's own unused upload, and
the worker task that removes uploads nothing used within a day."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import uuid
from datetime import timedelta
from typing import BinaryIO

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from app.core.errors import Conflict, DomainError, PayloadTooLarge
from app.core.principal import Principal
from app.models import FilePurpose, FileStatus, StoredFile
from app.models.base import new_id
from app.schemas.files import FileRead
from app.services.files import sniffing as t
from app.services.files.access import FileNotFound, file_read
from app.services.files.images import process_image
from app.services.files.policy import MAX_PENDING_PER_USER, PURPOSES, sanitise_filename
from app.services.files.storage import get_storage

logger = logging.getLogger("app.files")

ORPHAN_BATCH = 100


class FileTooLarge(PayloadTooLarge):
    code, title = "file_too_large", "The file is larger than this purpose allows"


class UnsupportedMediaType(DomainError):
    status, code, title = 415, "unsupported_media_type", "This kind of file is not accepted here"


class EmptyFile(DomainError):
    status, code, title = 422, "file_empty", "The file is empty"


class TooManyPendingUploads(Conflict):
    code, title = "too_many_pending_uploads", "Use or delete some uploads before sending more"


class FileInUse(Conflict):
    code, title = "file_in_use", "The file is used by a message, delivery or portfolio item"


def _size_of(stream: BinaryIO) -> int:
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    return size


async def upload_file(
    session: AsyncSession,
    principal: Principal,
    *,
    purpose: FilePurpose,
    filename: str | None,
    stream: BinaryIO,
) -> FileRead:
    """Store an upload for a purpose: within its size limit (413), of a type it accepts
    detected from the content (415), images re-encoded without metadata and with a thumbnail."""
    rules = PURPOSES[purpose]
    size = _size_of(stream)
    if size > rules.max_bytes:
        raise FileTooLarge(max_bytes=rules.max_bytes, purpose=purpose.value)
    if size == 0:
        raise EmptyFile()
    data = await asyncio.to_thread(stream.read)
    content_type = t.detect_type(data[: t.SNIFF_BYTES])
    if content_type is None or content_type not in rules.types:
        raise UnsupportedMediaType(
            purpose=purpose.value, accepted=sorted(rules.types), detected=content_type
        )
    pending = await session.scalar(
        select(func.count())
        .select_from(StoredFile)
        .where(StoredFile.owner_id == principal.id, StoredFile.status == FileStatus.pending)
    )
    if (pending or 0) >= MAX_PENDING_PER_USER:
        raise TooManyPendingUploads(limit=MAX_PENDING_PER_USER)
    thumbnail: bytes | None = None
    width = height = None
    if content_type in t.RASTER_IMAGES:
        image = await asyncio.to_thread(process_image, data, content_type)
        data, content_type, thumbnail = image.data, image.content_type, image.thumbnail
        width, height = image.width, image.height
    file_id = new_id()
    file = StoredFile(
        id=file_id,
        owner_id=principal.id,
        purpose=purpose,
        status=FileStatus.pending,
        content_type=content_type,
        size_bytes=len(data),
        filename=sanitise_filename(filename, content_type),
        sha256=hashlib.sha256(data).hexdigest(),
        storage_key=f"{file_id}/original",
        thumbnail_key=f"{file_id}/thumbnail" if thumbnail else None,
        width=width,
        height=height,
    )
    storage = get_storage()
    await storage.put(file.storage_key, data, content_type)
    if thumbnail and file.thumbnail_key:
        await storage.put(file.thumbnail_key, thumbnail, t.JPEG)
    session.add(file)
    try:
        await session.flush()
    except BaseException:
        await _remove_blobs(file)
        raise
    await session.refresh(file, ["created_at"])
    return await file_read(file)


async def delete_upload(session: AsyncSession, principal: Principal, file_id: uuid.UUID) -> None:
    """The uploader deletes an upload nothing uses yet (used files stay: messages are
    immutable and deliveries are evidence)."""
    file = await session.scalar(
        select(StoredFile).where(StoredFile.id == file_id).with_for_update()
    )
    if file is None or file.owner_id != principal.id:
        raise FileNotFound()
    if file.status is not FileStatus.pending:
        raise FileInUse()
    await session.delete(file)
    await session.flush()
    await _remove_blobs(file)


async def _remove_blobs(file: StoredFile) -> None:
    storage = get_storage()
    for key in (file.storage_key, file.thumbnail_key):
        if key:
            try:
                await storage.delete(key)
            except Exception:
                logger.exception("could not delete a stored file", extra={"file_id": str(file.id)})


async def remove_orphaned_uploads(session: AsyncSession) -> int:
    """Worker task: uploads still unused after ORPHAN_UPLOAD_HOURS go, rows and bytes."""
    age = timedelta(hours=get_settings().orphan_upload_hours)
    orphans = list(
        (
            await session.scalars(
                select(StoredFile)
                .where(
                    StoredFile.status == FileStatus.pending,
                    StoredFile.created_at < func.now() - age,
                )
                .order_by(StoredFile.created_at)
                .limit(ORPHAN_BATCH)
                .with_for_update(skip_locked=True)
            )
        ).all()
    )
    if not orphans:
        return 0
    await session.execute(delete(StoredFile).where(StoredFile.id.in_([f.id for f in orphans])))
    for file in orphans:
        await _remove_blobs(file)
    return len(orphans)
