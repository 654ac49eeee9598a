"""Files delivered with a milestone. They join the milestone's list (each submission adds to
it, nothing is taken away) and can no longer be deleted: once the owner approves, what was
delivered is fixed, and a dispute can always show it."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.principal import Principal
from app.models import Contract, FilePurpose, Milestone
from app.services.files.attach import claim_uploads, mark_attached


async def attach_deliverables(
    session: AsyncSession,
    principal: Principal,
    contract: Contract,
    milestone: Milestone,
    file_ids: list[uuid.UUID],
) -> None:
    """The creative's unused `deliverable` uploads become the milestone's (422 otherwise)."""
    files = await claim_uploads(session, principal, file_ids, {FilePurpose.deliverable})
    if not files:
        return
    mark_attached(files, contract_id=contract.id, milestone_id=milestone.id)
    milestone.deliverable_file_ids = [
        *milestone.deliverable_file_ids,
        *(f.id for f in files if f.id not in milestone.deliverable_file_ids),
    ]
