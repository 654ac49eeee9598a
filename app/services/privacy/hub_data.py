"""A person's hub data in the export (UU PDP access) and its erasure.

Erasure removes what describes the person (affiliations, pool memberships, training records),
ends what lets anyone act (memberships, delegations: revoked, kept as history of pseudonymised
accounts) and unlinks her as the reviewer, recorder or facilitator of other people's rows. The
link between a hub and an erased owner's business stays: the business is pseudonymised and
the hub's count of UMKM served must not change with it.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import (
    Business,
    Delegation,
    DelegationStatus,
    Hub,
    HubBusiness,
    HubCreative,
    HubStaff,
    HubStaffStatus,
    TalentPool,
    TalentPoolMember,
    TrainingRecord,
)
from app.schemas.privacy_hubs import (
    ExportedAssistedBusiness,
    ExportedDelegation,
    ExportedHubAffiliation,
    ExportedHubData,
    ExportedHubMembership,
    ExportedHubPoolMembership,
    ExportedHubTrainingRecord,
)

# Table -> the export section that shows its rows (merged into EXPORTED_TABLES). Pool
# memberships and training records are mapped by app/services/privacy/creative_hubs.py (their
# rows also appear here under hubs.talent_pools and hubs.training_records).
HUB_EXPORTED_TABLES: dict[str, str] = {
    "hub_staff": "hubs.memberships",
    "hub_creatives": "hubs.affiliations",
    "hub_businesses": "hubs.assisted_businesses",
    "delegations": "hubs.delegations",
}


async def export_hub_data(
    session: AsyncSession, user_id: uuid.UUID, profile_id: uuid.UUID | None
) -> ExportedHubData:
    """Every hub row about the person."""
    memberships = await session.execute(
        select(HubStaff, Hub.name)
        .join(Hub, Hub.id == HubStaff.hub_id)
        .where(HubStaff.user_id == user_id)
        .order_by(HubStaff.created_at)
    )
    assisted = await session.execute(
        select(HubBusiness, Hub.name, Business.owner_id)
        .join(Hub, Hub.id == HubBusiness.hub_id)
        .join(Business, Business.id == HubBusiness.business_id)
        .where(or_(Business.owner_id == user_id, HubBusiness.facilitator_user_id == user_id))
        .order_by(HubBusiness.created_at)
    )
    delegations = await session.scalars(
        select(Delegation)
        .where(or_(Delegation.owner_user_id == user_id, Delegation.facilitator_user_id == user_id))
        .order_by(Delegation.created_at)
    )
    data = ExportedHubData(
        memberships=[
            ExportedHubMembership(
                hub_id=staff.hub_id,
                hub_name=name,
                role=staff.role.value,
                status=staff.status.value,
                accepted_at=staff.accepted_at,
                created_at=staff.created_at,
            )
            for staff, name in memberships.tuples()
        ],
        affiliations=[],
        assisted_businesses=[
            ExportedAssistedBusiness(
                hub_id=link.hub_id,
                hub_name=name,
                business_id=link.business_id,
                your_role="owner" if owner_id == user_id else "facilitator",
                created_at=link.created_at,
            )
            for link, name, owner_id in assisted.tuples()
        ],
        delegations=[
            ExportedDelegation(
                id=d.id,
                hub_id=d.hub_id,
                your_role="owner" if d.owner_user_id == user_id else "facilitator",
                other_person_id=(
                    d.facilitator_user_id if d.owner_user_id == user_id else d.owner_user_id
                ),
                scopes=list(d.scopes),
                status=d.status.value,
                expires_at=d.expires_at,
                approved_at=d.approved_at,
                revoked_at=d.revoked_at,
                created_at=d.created_at,
            )
            for d in delegations
        ],
        talent_pools=[],
        training_records=[],
    )
    if profile_id is None:
        return data
    affiliations = await session.execute(
        select(HubCreative, Hub.name)
        .join(Hub, Hub.id == HubCreative.hub_id)
        .where(HubCreative.creative_id == profile_id)
        .order_by(HubCreative.created_at)
    )
    data.affiliations = [
        ExportedHubAffiliation(
            hub_id=row.hub_id,
            hub_name=name,
            status=row.status.value,
            verified_at=row.verified_at,
            created_at=row.created_at,
        )
        for row, name in affiliations.tuples()
    ]
    pools = await session.execute(
        select(TalentPoolMember, TalentPool)
        .join(TalentPool, TalentPool.id == TalentPoolMember.pool_id)
        .where(TalentPoolMember.creative_id == profile_id)
        .order_by(TalentPoolMember.reviewed_on)
    )
    data.talent_pools = [
        ExportedHubPoolMembership(
            pool_id=pool.id,
            pool_name=pool.name,
            hub_id=pool.hub_id,
            reviewed_on=member.reviewed_on,
            note=member.note,
        )
        for member, pool in pools.tuples()
    ]
    trainings = await session.scalars(
        select(TrainingRecord)
        .where(TrainingRecord.creative_id == profile_id)
        .order_by(TrainingRecord.completed_on)
    )
    data.training_records = [ExportedHubTrainingRecord.model_validate(t) for t in trainings]
    return data


async def erase_hub_data(
    session: AsyncSession, user_id: uuid.UUID, old_email: str, profile_id: uuid.UUID | None
) -> None:
    """Remove or pseudonymise the person's hub rows (see the module docstring)."""
    now = datetime.now(UTC)
    await session.execute(
        update(HubStaff)
        .where(or_(HubStaff.user_id == user_id, HubStaff.invited_email == old_email))
        .values(status=HubStaffStatus.removed, invited_email=None)
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(HubStaff)
        .where(HubStaff.invited_by_user_id == user_id)
        .values(invited_by_user_id=None)
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(Delegation)
        .where(
            or_(Delegation.owner_user_id == user_id, Delegation.facilitator_user_id == user_id),
            Delegation.status.in_([DelegationStatus.pending, DelegationStatus.active]),
        )
        .values(status=DelegationStatus.revoked, revoked_at=now, revoked_by_user_id=user_id)
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(HubBusiness)
        .where(HubBusiness.facilitator_user_id == user_id)
        .values(facilitator_user_id=None)
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(HubCreative)
        .where(HubCreative.decided_by_user_id == user_id)
        .values(decided_by_user_id=None)
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(TalentPoolMember)
        .where(TalentPoolMember.reviewed_by_user_id == user_id)
        .values(reviewed_by_user_id=None)
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(TrainingRecord)
        .where(TrainingRecord.recorded_by_user_id == user_id)
        .values(recorded_by_user_id=None)
        .execution_options(synchronize_session=False)
    )
    if profile_id is not None:
        await session.execute(delete(HubCreative).where(HubCreative.creative_id == profile_id))
        await session.execute(
            delete(TalentPoolMember).where(TalentPoolMember.creative_id == profile_id)
        )
        await session.execute(
            delete(TrainingRecord).where(TrainingRecord.creative_id == profile_id)
        )
