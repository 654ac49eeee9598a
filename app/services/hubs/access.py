"""Who may act for a hub: its active staff, by role; administrators may act for any hub.

A person who is not staff of a hub learns nothing about its non-public data: reads answer 404
(`hub_not_found`), while known staff lacking the role get 403 (`hub_role_required`).
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import Forbidden, NotFound
from app.core.principal import Principal
from app.models import Hub, HubStaff, HubStaffRole, HubStaffStatus, User, UserRole


class HubNotFound(NotFound):
    code, title = "hub_not_found", "Hub not found"


class HubRoleRequired(Forbidden):
    code, title = "hub_role_required", "This needs a hub staff role you do not have"


async def staff_role(
    session: AsyncSession, hub_id: uuid.UUID, user_id: uuid.UUID
) -> HubStaffRole | None:
    """The person's active role at the hub, or None."""
    role: HubStaffRole | None = await session.scalar(
        select(HubStaff.role).where(
            HubStaff.hub_id == hub_id,
            HubStaff.user_id == user_id,
            HubStaff.status == HubStaffStatus.active,
        )
    )
    return role


async def speaks_for_hub(session: AsyncSession, user: User, hub_id: uuid.UUID) -> bool:
    """Whether the person is an administrator or active staff (any role) of the hub."""
    if user.role is UserRole.admin:
        return True
    return await staff_role(session, hub_id, user.id) is not None


async def require_hub_staff(
    session: AsyncSession,
    principal: Principal,
    hub_id: uuid.UUID,
    *roles: HubStaffRole,
) -> Hub:
    """The hub, if the caller is an administrator or active staff with one of `roles` (any
    role when none is given)."""
    hub = await session.get(Hub, hub_id)
    if hub is None:
        raise HubNotFound()
    if principal.role is UserRole.admin:
        return hub
    role = await staff_role(session, hub_id, principal.id)
    if role is None:
        raise HubNotFound()
    if roles and role not in roles:
        raise HubRoleRequired()
    return hub
