"""Hub rows for the talent-pool and training tests, inserted directly (the hub, staff and
affiliation flows have their own API tests): a hub, its staff, affiliated creatives, pools."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import jakarta_today
from app.models import (
    Hub,
    HubCreative,
    HubCreativeStatus,
    HubKind,
    HubStaff,
    HubStaffRole,
    HubStaffStatus,
    TalentPool,
    TalentPoolMember,
)
from tests.factories import numbers
from tests.helpers import Actor


async def make_hub(
    session: AsyncSession, name: str = "CAK eMus", *, region_code: str = "35.78"
) -> Hub:
    n = next(numbers)
    hub = Hub(
        slug=f"hub-{n}-{uuid.uuid4().hex[:6]}",
        name=name,
        kind=HubKind.coworking,
        region_code=region_code,
        description="",
        address="",
    )
    session.add(hub)
    await session.flush()
    return hub


async def add_staff(
    session: AsyncSession,
    hub: Hub,
    person: Actor,
    role: HubStaffRole = HubStaffRole.facilitator,
    status: HubStaffStatus = HubStaffStatus.active,
) -> HubStaff:
    staff = HubStaff(
        hub_id=hub.id,
        user_id=person.id,
        role=role,
        status=status,
        accepted_at=datetime.now(UTC) if status is HubStaffStatus.active else None,
    )
    session.add(staff)
    await session.flush()
    return staff


async def affiliate(
    session: AsyncSession,
    hub: Hub,
    creative_id: uuid.UUID,
    status: HubCreativeStatus = HubCreativeStatus.active,
) -> HubCreative:
    row = HubCreative(
        hub_id=hub.id,
        creative_id=creative_id,
        status=status,
        verified_at=datetime.now(UTC) if status is HubCreativeStatus.active else None,
    )
    session.add(row)
    await session.flush()
    return row


async def make_pool(
    session: AsyncSession,
    hub: Hub,
    name: str = "Desainer kemasan",
    *,
    members: Sequence[uuid.UUID] = (),
    category: str | None = "packaging-design",
) -> TalentPool:
    """A pool of the hub; `members` (profile ids) are affiliated with the hub and added."""
    pool = TalentPool(
        hub_id=hub.id,
        slug=f"pool-{next(numbers)}",
        name=name,
        description="",
        category_slug=category,
    )
    session.add(pool)
    await session.flush()
    for creative_id in members:
        await affiliate(session, hub, creative_id)
        session.add(
            TalentPoolMember(
                pool_id=pool.id, creative_id=creative_id, reviewed_on=jakarta_today(), note=""
            )
        )
    await session.flush()
    return pool
