"""Hub rows built directly, for the focused tests (the story test goes through the API)."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from app.models import (
    Delegation,
    DelegationScope,
    DelegationStatus,
    Hub,
    HubKind,
    HubStaff,
    HubStaffRole,
    HubStaffStatus,
)
from tests.helpers import Actor

_numbers = itertools.count(1)
ALL_SCOPES = [s.value for s in DelegationScope]


async def make_hub(session: AsyncSession, name: str | None = None, region: str = "35.77") -> Hub:
    n = next(_numbers)
    hub = Hub(
        slug=f"hub-{n}-{uuid.uuid4().hex[:6]}",
        name=name or f"EJSC Bakorwil {n}",
        kind=HubKind.government_programme,
        region_code=region,
    )
    session.add(hub)
    await session.flush()
    return hub


async def make_staff(
    session: AsyncSession,
    hub: Hub,
    person: Actor,
    role: HubStaffRole = HubStaffRole.facilitator,
) -> HubStaff:
    staff = HubStaff(
        hub_id=hub.id,
        user_id=person.id,
        role=role,
        status=HubStaffStatus.active,
        accepted_at=datetime.now(UTC),
    )
    session.add(staff)
    await session.flush()
    return staff


async def make_delegation(
    session: AsyncSession,
    hub: Hub,
    facilitator: Actor,
    owner: Actor,
    *,
    scopes: list[str] | None = None,
    status: DelegationStatus = DelegationStatus.active,
    days: float = 30,
) -> Delegation:
    delegation = Delegation(
        hub_id=hub.id,
        facilitator_user_id=facilitator.id,
        owner_user_id=owner.id,
        scopes=scopes or ALL_SCOPES,
        status=status,
        expires_at=datetime.now(UTC) + timedelta(days=days),
        approved_at=datetime.now(UTC) if status is DelegationStatus.active else None,
    )
    session.add(delegation)
    await session.flush()
    return delegation


def acting(facilitator: Actor, owner_id: uuid.UUID | str) -> dict[str, str]:
    """The facilitator's own token, acting for the owner."""
    return {**facilitator.headers, "X-On-Behalf-Of": str(owner_id)}
