"""Who may see a file, the links they get, and the download itself.

The uploader always; a message attachment's conversation parties; a deliverable's contract
parties; anyone for an attached portfolio image or avatar; admins for any attached file
(they resolve disputes). Everyone else gets 404, as if the file did not exist.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from app.core.errors import DomainError, NotFound
from app.core.principal import Principal
from app.core.scopes import Scope
from app.models import Contract, Conversation, FileStatus, StoredFile, UserRole
from app.schemas.files import FileRead
from app.services.files import sniffing as t
from app.services.files.links import Variant, api_link, signature_valid
from app.services.files.policy import PURPOSES
from app.services.files.storage import get_storage


class FileNotFound(NotFound):
    code, title = "file_not_found", "File not found"


class DownloadLinkExpired(DomainError):
    status, code, title = 410, "download_link_expired", "This download link has expired"


async def may_view(session: AsyncSession, file: StoredFile, principal: Principal | None) -> bool:
    if file.status is FileStatus.attached and PURPOSES[file.purpose].public:
        return True
    if principal is None:
        return False
    if file.owner_id == principal.id:
        return True
    if file.status is not FileStatus.attached:
        return False
    if principal.role is UserRole.admin:
        return True
    if file.conversation_id is not None:
        conversation = await session.get(Conversation, file.conversation_id)
        if conversation and principal.id in (conversation.owner_id, conversation.creative_user_id):
            return True
    if file.contract_id is not None:
        contract = await session.get(Contract, file.contract_id)
        if contract and principal.id in (contract.owner_id, contract.creative_user_id):
            return True
    return False


async def get_file(
    session: AsyncSession, principal: Principal | None, file_id: uuid.UUID
) -> FileRead:
    """The file with fresh download links, for whoever may see it (404 for anyone else)."""
    if principal is not None and not principal.has_scope(Scope.messages_read):
        principal = None  # a partner app without the scope sees what the public sees
    file = await session.get(StoredFile, file_id)
    if file is None or not await may_view(session, file, principal):
        raise FileNotFound()
    return await file_read(file)


def _inline(file: StoredFile, variant: Variant) -> bool:
    # Only pixels we wrote ourselves are shown in the browser; SVG (scriptable), PDF, PSD
    # and archives are always downloaded.
    return variant is Variant.thumbnail or file.content_type in t.RASTER_IMAGES


def content_disposition(file: StoredFile, variant: Variant) -> str:
    kind = "inline" if _inline(file, variant) else "attachment"
    name = file.filename if variant is Variant.original else f"thumbnail-{file.id}.jpg"
    ascii_name = name.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


async def file_read(file: StoredFile) -> FileRead:
    settings = get_settings()
    expires = int(time.time()) + settings.file_link_seconds
    storage = get_storage()

    async def link(variant: Variant, key: str, content_type: str) -> str:
        if file.content_type != t.SVG:  # SVG always through the API, with our headers
            direct = await storage.presigned_url(
                key,
                content_type=content_type,
                disposition=content_disposition(file, variant),
                expires_in=settings.file_link_seconds,
            )
            if direct:
                return direct
        return api_link(file.id, variant, expires)

    return FileRead(
        id=file.id,
        purpose=file.purpose,
        status=file.status,
        content_type=file.content_type,
        size_bytes=file.size_bytes,
        filename=file.filename,
        width=file.width,
        height=file.height,
        created_at=file.created_at,
        download_url=await link(Variant.original, file.storage_key, file.content_type),
        thumbnail_url=(
            await link(Variant.thumbnail, file.thumbnail_key, t.JPEG)
            if file.thumbnail_key
            else None
        ),
        links_expire_at=datetime.fromtimestamp(expires, UTC),
    )


@dataclass(frozen=True)
class FileDownload:
    chunks: AsyncIterator[bytes]
    content_type: str
    headers: dict[str, str]


async def download(
    session: AsyncSession, file_id: uuid.UUID, variant: Variant, expires: int, signature: str
) -> FileDownload:
    """The bytes behind a signed link; a forged link is 404, an old one 410."""
    if not signature_valid(file_id, variant, expires, signature):
        raise FileNotFound()
    if expires < time.time():
        raise DownloadLinkExpired()
    file = await session.get(StoredFile, file_id)
    key = (
        None
        if file is None
        else (file.storage_key if variant is Variant.original else file.thumbnail_key)
    )
    if file is None or key is None:
        raise FileNotFound()
    original = variant is Variant.original
    headers = {
        "Content-Disposition": content_disposition(file, variant),
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox; default-src 'none'",
        "Cache-Control": "private, max-age=60",
    }
    if original:
        headers["Content-Length"] = str(file.size_bytes)
    return FileDownload(
        chunks=get_storage().read(key),
        content_type=file.content_type if original else t.JPEG,
        headers=headers,
    )
