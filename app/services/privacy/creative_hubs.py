"""A creative's hub data for the personal-data export and for erasure: the talent pools a hub
put them in (with its note) and their training records."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import FileStatus, Hub, StoredFile, TalentPool, TalentPoolMember, TrainingRecord
from app.schemas.privacy import ExportedPoolMembership, ExportedTrainingRecord


async def exported_hub_sections(session: AsyncSession, creative_id: uuid.UUID) -> dict[str, Any]:
    """`talent_pools` and `training` of ExportedCreativeProfile."""
    pools = await session.execute(
        select(TalentPoolMember, TalentPool.name, Hub.name)
        .join(TalentPool, TalentPool.id == TalentPoolMember.pool_id)
        .join(Hub, Hub.id == TalentPool.hub_id)
        .where(TalentPoolMember.creative_id == creative_id)
        .order_by(TalentPoolMember.reviewed_on, TalentPool.name)
    )
    training = await session.execute(
        select(TrainingRecord, Hub.name)
        .join(Hub, Hub.id == TrainingRecord.hub_id)
        .where(TrainingRecord.creative_id == creative_id)
        .order_by(TrainingRecord.completed_on, TrainingRecord.id)
    )
    return {
        "talent_pools": [
            ExportedPoolMembership(
                pool_id=member.pool_id,
                pool_name=pool_name,
                hub_name=hub_name,
                reviewed_on=member.reviewed_on,
                note=member.note,
            )
            for member, pool_name, hub_name in pools.tuples()
        ],
        "training": [
            ExportedTrainingRecord(
                id=record.id,
                hub_name=hub_name,
                title=record.title,
                days=record.days,
                completed_on=record.completed_on,
                certificate_file_id=record.certificate_file_id,
            )
            for record, hub_name in training.tuples()
        ],
    }


async def erase_creative_hub_data(session: AsyncSession, creative_id: uuid.UUID) -> None:
    """An erased creative leaves every pool and loses their training records; the
    certificates become private (the orphan-upload task removes them)."""
    await session.execute(
        delete(TalentPoolMember).where(TalentPoolMember.creative_id == creative_id)
    )
    certificates = select(TrainingRecord.certificate_file_id).where(
        TrainingRecord.creative_id == creative_id,
        TrainingRecord.certificate_file_id.is_not(None),
    )
    await session.execute(
        update(StoredFile)
        .where(StoredFile.id.in_(certificates))
        .values(status=FileStatus.pending)
        .execution_options(synchronize_session=False)
    )
    await session.execute(delete(TrainingRecord).where(TrainingRecord.creative_id == creative_id))
