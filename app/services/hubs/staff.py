"""Hub staff: a hub admin invites people by email; they accept signed in with that address.

A membership never changes the person's account role: an owner or a creative may also be a
facilitator of one hub and the hub admin of another.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import Conflict, Forbidden, NotFound
from app.core.pagination import Page
from app.core.principal import Principal
from app.core.state_machine import StateMachine
from app.models import Hub, HubStaff, HubStaffRole, HubStaffStatus, User
from app.schemas.hubs import HubRef, MyHubMembership, StaffInvite, StaffRead
from app.services.hubs.access import require_hub_staff
from app.services.mail import enqueue_email

STAFF_TRANSITIONS = StateMachine(
    "hub_staff",
    {
        HubStaffStatus.invited: frozenset({HubStaffStatus.active, HubStaffStatus.removed}),
        HubStaffStatus.active: frozenset({HubStaffStatus.removed}),
        HubStaffStatus.removed: frozenset(),
    },
)


class StaffInvitationNotFound(NotFound):
    code, title = "staff_invitation_not_found", "No open hub invitation for your address"


class StaffAlreadyMember(Conflict):
    code, title = "staff_already_member", "This person is already staff of the hub"


class StaffEmailMismatch(Forbidden):
    code, title = (
        "staff_email_mismatch",
        "Sign in with the confirmed address the invitation was sent to",
    )


class StaffNotFound(NotFound):
    code, title = "staff_not_found", "No such staff member at this hub"


class LastHubAdmin(Conflict):
    code, title = "last_hub_admin", "A hub keeps at least one active hub admin"


def _staff_read(staff: HubStaff, user: User | None) -> StaffRead:
    return StaffRead(
        id=staff.id,
        hub_id=staff.hub_id,
        user_id=staff.user_id,
        full_name=user.full_name if user is not None else None,
        invited_email=staff.invited_email,
        role=staff.role,
        status=staff.status,
        accepted_at=staff.accepted_at,
        created_at=staff.created_at,
    )


async def invite_staff(
    session: AsyncSession, principal: Principal, hub_id: uuid.UUID, data: StaffInvite
) -> StaffRead:
    """A hub admin invites someone by email; the mail carries the link to accept."""
    hub = await require_hub_staff(session, principal, hub_id, HubStaffRole.hub_admin)
    email = data.email.lower()
    existing = await session.scalar(
        select(HubStaff)
        .join(User, User.id == HubStaff.user_id)
        .where(
            HubStaff.hub_id == hub.id,
            User.email == email,
            HubStaff.status == HubStaffStatus.active,
        )
    )
    if existing is not None:
        raise StaffAlreadyMember()
    staff = HubStaff(
        hub_id=hub.id,
        role=data.role,
        status=HubStaffStatus.invited,
        invited_email=email,
        invited_by_user_id=principal.id,
    )
    session.add(staff)
    await session.flush()
    await session.refresh(staff)
    await enqueue_email(
        session,
        to_address=email,
        template="hub_staff_invitation",
        context={"hub_name": hub.name, "role": data.role.value, "staff_id": str(staff.id)},
        dedupe_key=f"hub_staff_invitation:{staff.id}",
    )
    return _staff_read(staff, None)


async def accept_staff_invitation(
    session: AsyncSession, principal: Principal, staff_id: uuid.UUID
) -> MyHubMembership:
    """The invited person, signed in with the confirmed address the mail went to, joins."""
    staff = await session.get(HubStaff, staff_id, with_for_update=True)
    if staff is None or staff.status is not HubStaffStatus.invited:
        raise StaffInvitationNotFound()
    user = principal.user
    if user.email_verified_at is None or staff.invited_email != user.email.lower():
        raise StaffEmailMismatch()
    earlier = await session.scalar(
        select(HubStaff)
        .where(HubStaff.hub_id == staff.hub_id, HubStaff.user_id == user.id)
        .with_for_update()
    )
    if earlier is not None:
        if earlier.status is not HubStaffStatus.removed:
            raise StaffAlreadyMember()
        # One row per person and hub carries the user: an old, removed membership lets go.
        earlier.user_id = None
        await session.flush()
    STAFF_TRANSITIONS.ensure(staff.status, HubStaffStatus.active, action="accept")
    staff.status = HubStaffStatus.active
    staff.user_id = user.id
    staff.invited_email = None  # personal data no longer needed once accepted
    staff.accepted_at = datetime.now(UTC)
    await session.flush()
    hub = await session.get_one(Hub, staff.hub_id)
    return MyHubMembership(
        staff_id=staff.id, hub=HubRef.from_hub(hub), role=staff.role, status=staff.status
    )


async def list_staff(
    session: AsyncSession, principal: Principal, hub_id: uuid.UUID
) -> Page[StaffRead]:
    """Any active staff member sees the hub's staff and open invitations."""
    await require_hub_staff(session, principal, hub_id)
    rows = await session.execute(
        select(HubStaff, User)
        .outerjoin(User, User.id == HubStaff.user_id)
        .where(HubStaff.hub_id == hub_id, HubStaff.status != HubStaffStatus.removed)
        .order_by(HubStaff.created_at, HubStaff.id)
    )
    return Page(data=[_staff_read(staff, user) for staff, user in rows.tuples()], next_cursor=None)


async def remove_staff(
    session: AsyncSession, principal: Principal, hub_id: uuid.UUID, staff_id: uuid.UUID
) -> StaffRead:
    """A hub admin removes a member or withdraws an invitation; the delegations the member
    held through this hub stop working at once (acting needs active staff)."""
    await require_hub_staff(session, principal, hub_id, HubStaffRole.hub_admin)
    staff = await session.get(HubStaff, staff_id, with_for_update=True)
    if staff is None or staff.hub_id != hub_id or staff.status is HubStaffStatus.removed:
        raise StaffNotFound()
    if staff.role is HubStaffRole.hub_admin and staff.status is HubStaffStatus.active:
        admins = await session.scalar(
            select(func.count()).where(
                HubStaff.hub_id == hub_id,
                HubStaff.role == HubStaffRole.hub_admin,
                HubStaff.status == HubStaffStatus.active,
            )
        )
        if (admins or 0) <= 1:
            raise LastHubAdmin()
    STAFF_TRANSITIONS.ensure(staff.status, HubStaffStatus.removed, action="remove")
    staff.status = HubStaffStatus.removed
    staff.invited_email = None
    await session.flush()
    user = await session.get(User, staff.user_id) if staff.user_id else None
    return _staff_read(staff, user)


async def list_my_hubs(session: AsyncSession, principal: Principal) -> Page[MyHubMembership]:
    """The caller's active memberships and open invitations to their confirmed address."""
    user = principal.user
    mine = HubStaff.user_id == user.id
    if user.email_verified_at is not None:
        mine = mine | (HubStaff.invited_email == user.email.lower())
    rows = await session.execute(
        select(HubStaff, Hub)
        .join(Hub, Hub.id == HubStaff.hub_id)
        .where(HubStaff.status != HubStaffStatus.removed, mine)
        .order_by(Hub.name, HubStaff.id)
    )
    return Page(
        data=[
            MyHubMembership(
                staff_id=staff.id, hub=HubRef.from_hub(hub), role=staff.role, status=staff.status
            )
            for staff, hub in rows.tuples()
        ],
        next_cursor=None,
    )
