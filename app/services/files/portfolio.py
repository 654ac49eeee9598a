"""Images on portfolio items: the creative's own `portfolio_image` uploads, public once used.
A profile PUT replaces every item, so an image already used by the old items may come again."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.principal import Principal
from app.models import FilePurpose
from app.services.files.attach import claim_uploads, mark_attached


async def attach_portfolio_images(
    session: AsyncSession, principal: Principal, file_ids: list[uuid.UUID | None]
) -> None:
    """Each id must be the caller's portfolio image (422 `attachment_not_found` otherwise)."""
    for file_id in file_ids:
        if file_id is not None:
            files = await claim_uploads(
                session, principal, [file_id], {FilePurpose.portfolio_image}, reusable=True
            )
            mark_attached(files)
