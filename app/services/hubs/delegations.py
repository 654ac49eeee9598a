"""Delegations: an owner lets one facilitator of one hub act for her, within scopes, for a
limited time. The facilitator asks; the owner approves in the app or through the mailed code,
and sees and revokes every delegation. Acting itself is resolved in app/core/acting.py."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import Conflict, NotFound, Unprocessable
from app.core.pagination import Page, PageParams, apply_keyset, paginate_rows
from app.core.principal import Principal
from app.core.state_machine import StateMachine
from app.models import (
    Delegation,
    DelegationScope,
    DelegationStatus,
    Hub,
    HubStaffRole,
    User,
    UserRole,
)
from app.schemas.hubs import DelegationCreate, DelegationRead, PersonRef
from app.services.hubs import links
from app.services.hubs.access import require_hub_staff
from app.services.mail import enqueue_email

DELEGATION_TRANSITIONS = StateMachine(
    "delegation",
    {
        DelegationStatus.pending: frozenset(
            {DelegationStatus.active, DelegationStatus.declined, DelegationStatus.revoked}
        ),
        DelegationStatus.active: frozenset({DelegationStatus.revoked}),
        DelegationStatus.revoked: frozenset(),
        DelegationStatus.declined: frozenset(),
    },
)
# What a facilitator may do for an owner who has not claimed her account yet: drafts only
# (app/core/acting.py refuses publishing and everything else while `claim_pending`).
ASSISTED_SCOPES = [DelegationScope.gigs_write.value]
ASSISTED_DAYS = 90
# Addresses given to owners registered without one; never mailed.
PLACEHOLDER_DOMAIN = "@belum-diklaim.invalid"


class DelegationNotFound(NotFound):
    code, title = "delegation_not_found", "Delegation not found"


class DelegationOwnerNotFound(NotFound):
    code, title = "delegation_owner_not_found", "No owner account with this id or address"


class DelegationOwnerRequired(Unprocessable):
    code, title = "delegation_owner_required", "Name the owner by `owner_user_id` or `owner_email`"


class DelegationExpired(Conflict):
    code, title = "delegation_expired", "The delegation has expired; ask for a new one"


def is_mailable(user: User) -> bool:
    return not user.email.endswith(PLACEHOLDER_DOMAIN)


async def delegation_reads(
    session: AsyncSession, rows: Sequence[Delegation]
) -> list[DelegationRead]:
    """Read models with the hub and both people's names, loaded in two queries."""
    if not rows:
        return []
    hubs = {
        h.id: h
        for h in (await session.scalars(select(Hub).where(Hub.id.in_({d.hub_id for d in rows}))))
    }
    people_ids = {d.owner_user_id for d in rows} | {d.facilitator_user_id for d in rows}
    names = dict(
        (await session.execute(select(User.id, User.full_name).where(User.id.in_(people_ids))))
        .tuples()
        .all()
    )
    now = datetime.now(UTC)
    return [
        DelegationRead.from_row(
            d,
            hubs[d.hub_id],
            PersonRef(id=d.facilitator_user_id, full_name=names[d.facilitator_user_id]),
            PersonRef(id=d.owner_user_id, full_name=names[d.owner_user_id]),
            now,
        )
        for d in rows
    ]


async def _owner_named(session: AsyncSession, data: DelegationCreate) -> User:
    if data.owner_user_id is not None:
        owner = await session.get(User, data.owner_user_id)
    elif data.owner_email is not None:
        owner = await session.scalar(select(User).where(User.email == data.owner_email.lower()))
    else:
        raise DelegationOwnerRequired()
    if owner is None or owner.role is not UserRole.owner or not owner.is_active:
        raise DelegationOwnerNotFound()
    return owner


async def request_delegation(
    session: AsyncSession, principal: Principal, hub_id: uuid.UUID, data: DelegationCreate
) -> DelegationRead:
    """A hub's facilitator asks an owner for the right to act for her; the owner is mailed a
    code to approve (or approves in the app)."""
    hub = await require_hub_staff(
        session, principal, hub_id, HubStaffRole.facilitator, HubStaffRole.hub_admin
    )
    owner = await _owner_named(session, data)
    if owner.id == principal.id:
        raise DelegationOwnerNotFound("You cannot delegate to yourself")
    delegation = Delegation(
        hub_id=hub.id,
        facilitator_user_id=principal.id,
        owner_user_id=owner.id,
        scopes=sorted({s.value for s in data.scopes}),
        status=DelegationStatus.pending,
        expires_at=datetime.now(UTC) + timedelta(days=data.days),
    )
    session.add(delegation)
    await session.flush()
    await session.refresh(delegation)
    if is_mailable(owner):
        await enqueue_email(
            session,
            to_user=owner,
            template="delegation_request",
            context={
                "name": owner.full_name,
                "facilitator_name": principal.user.full_name,
                "hub_name": hub.name,
                "days": data.days,
                "scopes": ", ".join(delegation.scopes),
                "token": links.sign(
                    links.DELEGATION_PREFIX, delegation.id, links.DELEGATION_LINK_SECONDS
                ),
            },
            dedupe_key=f"delegation_request:{delegation.id}",
        )
    return (await delegation_reads(session, [delegation]))[0]


async def grant_assisted_delegation(
    session: AsyncSession, *, hub: Hub, facilitator_user_id: uuid.UUID, owner_user_id: uuid.UUID
) -> Delegation:
    """The drafts-only delegation a facilitator holds for an owner she registered."""
    now = datetime.now(UTC)
    delegation = Delegation(
        hub_id=hub.id,
        facilitator_user_id=facilitator_user_id,
        owner_user_id=owner_user_id,
        scopes=ASSISTED_SCOPES,
        status=DelegationStatus.active,
        expires_at=now + timedelta(days=ASSISTED_DAYS),
        approved_at=now,
    )
    session.add(delegation)
    await session.flush()
    return delegation


async def _owners_delegation(
    session: AsyncSession, principal: Principal, delegation_id: uuid.UUID
) -> Delegation:
    delegation = await session.get(Delegation, delegation_id, with_for_update=True)
    if delegation is None or delegation.owner_user_id != principal.id:
        raise DelegationNotFound()
    return delegation


async def _approve(session: AsyncSession, delegation: Delegation) -> DelegationRead:
    DELEGATION_TRANSITIONS.ensure(delegation.status, DelegationStatus.active, action="approve")
    if delegation.expires_at <= datetime.now(UTC):
        raise DelegationExpired()
    delegation.status = DelegationStatus.active
    delegation.approved_at = datetime.now(UTC)
    await session.flush()
    return (await delegation_reads(session, [delegation]))[0]


async def approve_delegation(
    session: AsyncSession, principal: Principal, delegation_id: uuid.UUID
) -> DelegationRead:
    """The owner approves a pending request in the app."""
    return await _approve(session, await _owners_delegation(session, principal, delegation_id))


async def approve_delegation_by_link(session: AsyncSession, token: str) -> DelegationRead:
    """The owner approves through the code mailed to her (the mailbox proves who she is)."""
    delegation_id = links.verify(links.DELEGATION_PREFIX, token)
    delegation = await session.get(Delegation, delegation_id, with_for_update=True)
    if delegation is None:
        raise links.HubLinkInvalid()
    return await _approve(session, delegation)


async def decline_delegation(
    session: AsyncSession, principal: Principal, delegation_id: uuid.UUID
) -> DelegationRead:
    """The owner turns a request down."""
    delegation = await _owners_delegation(session, principal, delegation_id)
    DELEGATION_TRANSITIONS.ensure(delegation.status, DelegationStatus.declined, action="decline")
    delegation.status = DelegationStatus.declined
    await session.flush()
    return (await delegation_reads(session, [delegation]))[0]


async def revoke_delegation(
    session: AsyncSession, principal: Principal, delegation_id: uuid.UUID
) -> DelegationRead:
    """The owner (or the facilitator, giving it up) ends a delegation at once."""
    delegation = await session.get(Delegation, delegation_id, with_for_update=True)
    if delegation is None or principal.id not in (
        delegation.owner_user_id,
        delegation.facilitator_user_id,
    ):
        raise DelegationNotFound()
    DELEGATION_TRANSITIONS.ensure(delegation.status, DelegationStatus.revoked, action="revoke")
    delegation.status = DelegationStatus.revoked
    delegation.revoked_at = datetime.now(UTC)
    delegation.revoked_by_user_id = principal.id
    await session.flush()
    return (await delegation_reads(session, [delegation]))[0]


async def list_my_delegations(
    session: AsyncSession, principal: Principal, page: PageParams
) -> Page[DelegationRead]:
    """Delegations the caller gave (as owner) or holds (as facilitator), newest first."""
    stmt = select(Delegation).where(
        or_(
            Delegation.owner_user_id == principal.id,
            Delegation.facilitator_user_id == principal.id,
        )
    )
    stmt = apply_keyset(stmt, [Delegation.created_at.expression, Delegation.id.expression], page)
    rows = list((await session.scalars(stmt)).all())
    shown, next_cursor = paginate_rows(rows, page.limit, lambda d: (d.created_at, str(d.id)))
    return Page(data=await delegation_reads(session, shown), next_cursor=next_cursor)
