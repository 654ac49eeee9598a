"""Training records: hub staff record that an affiliated creative completed a programme
("Pelatihan desain kemasan, 3 hari, 2026-10"), optionally with a certificate file. Records are
public on the creative's profile as verified by the hub, and feed matching (`training`).

The certificate is the recording staff member's own upload with purpose
`training_certificate`; attached to the record it is public like a portfolio image. Deleting
the record detaches it again (private, removed by the orphan-upload task).
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import NotFound
from app.core.pagination import Page, PageParams, apply_keyset, paginate_rows
from app.core.principal import Principal
from app.models import (
    CreativeProfile,
    FilePurpose,
    FileStatus,
    Hub,
    HubCreative,
    HubCreativeStatus,
    StoredFile,
    TrainingRecord,
    User,
)
from app.schemas.training import TrainingRecordCreate, TrainingRecordRead
from app.services.creatives import CreativeNotFound
from app.services.files.attach import claim_uploads, mark_attached
from app.services.hubs.access import require_hub_staff
from app.services.hubs.pools import CreativeNotAffiliated


class TrainingRecordNotFound(NotFound):
    code, title = "training_record_not_found", "Training record not found"


async def record_training(
    session: AsyncSession, principal: Principal, hub_id: uuid.UUID, data: TrainingRecordCreate
) -> TrainingRecordRead:
    """Hub staff record a completed programme of a creative actively affiliated with the hub."""
    hub = await require_hub_staff(session, principal, hub_id)
    creative = await session.get(CreativeProfile, data.creative_id)
    if creative is None:
        raise CreativeNotFound()
    affiliated = await session.scalar(
        select(HubCreative.id).where(
            HubCreative.hub_id == hub.id,
            HubCreative.creative_id == creative.id,
            HubCreative.status == HubCreativeStatus.active,
        )
    )
    if affiliated is None:
        raise CreativeNotAffiliated(hub_id=str(hub.id), creative_id=str(creative.id))
    if data.certificate_file_id is not None:
        files = await claim_uploads(
            session, principal, [data.certificate_file_id], {FilePurpose.training_certificate}
        )
        mark_attached(files)
    record = TrainingRecord(
        hub_id=hub.id,
        creative_id=creative.id,
        title=data.title,
        days=data.days,
        completed_on=data.completed_on,
        certificate_file_id=data.certificate_file_id,
        recorded_by_user_id=principal.id,
    )
    session.add(record)
    await session.flush()
    await session.refresh(record)
    return TrainingRecordRead.from_row(record, hub)


async def list_hub_records(
    session: AsyncSession, principal: Principal, hub_id: uuid.UUID, page: PageParams
) -> Page[TrainingRecordRead]:
    """The hub's records, newest completion first (its staff only)."""
    hub = await require_hub_staff(session, principal, hub_id)
    statement = select(TrainingRecord).where(TrainingRecord.hub_id == hub.id)
    keyset: list[ColumnElement[Any]] = [
        TrainingRecord.completed_on.expression,
        TrainingRecord.id.expression,
    ]
    rows = list(await session.scalars(apply_keyset(statement, keyset, page)))
    records, next_cursor = paginate_rows(
        rows, page.limit, key=lambda r: (r.completed_on.isoformat(), str(r.id))
    )
    return Page(
        data=[TrainingRecordRead.from_row(r, hub) for r in records], next_cursor=next_cursor
    )


async def list_creative_records(
    session: AsyncSession, creative_id: uuid.UUID, page: PageParams
) -> Page[TrainingRecordRead]:
    """Public: an active creative's records with their hubs, newest completion first."""
    active = await session.scalar(
        select(CreativeProfile.id)
        .join(User, User.id == CreativeProfile.user_id)
        .where(CreativeProfile.id == creative_id, User.is_active.is_(True))
    )
    if active is None:
        raise CreativeNotFound()
    statement = (
        select(TrainingRecord, Hub)
        .join(Hub, Hub.id == TrainingRecord.hub_id)
        .where(TrainingRecord.creative_id == creative_id)
    )
    keyset: list[ColumnElement[Any]] = [
        TrainingRecord.completed_on.expression,
        TrainingRecord.id.expression,
    ]
    rows = list((await session.execute(apply_keyset(statement, keyset, page))).tuples())
    records, next_cursor = paginate_rows(
        rows, page.limit, key=lambda row: (row[0].completed_on.isoformat(), str(row[0].id))
    )
    return Page(
        data=[TrainingRecordRead.from_row(record, hub) for record, hub in records],
        next_cursor=next_cursor,
    )


async def delete_record(
    session: AsyncSession, principal: Principal, hub_id: uuid.UUID, record_id: uuid.UUID
) -> None:
    """The hub's staff delete one of its records; its certificate becomes private again."""
    hub: Hub = await require_hub_staff(session, principal, hub_id)
    record = await session.scalar(
        select(TrainingRecord)
        .where(TrainingRecord.id == record_id, TrainingRecord.hub_id == hub.id)
        .with_for_update()
    )
    if record is None:
        raise TrainingRecordNotFound()
    if record.certificate_file_id is not None:
        certificate = await session.get(StoredFile, record.certificate_file_id)
        if certificate is not None:
            certificate.status = FileStatus.pending
    await session.delete(record)
    await session.flush()
