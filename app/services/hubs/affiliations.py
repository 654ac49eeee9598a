"""Creatives affiliated with a hub: the creative asks and the hub approves, or the hub invites
and the creative accepts. Only an `active` affiliation is shown on the public profile, as
verified by the hub."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import Conflict, Forbidden, NotFound
from app.core.pagination import Page, PageParams, apply_keyset, paginate_rows
from app.core.principal import Principal, require_role
from app.core.state_machine import StateMachine
from app.models import CreativeProfile, Hub, HubCreative, HubCreativeStatus, UserRole
from app.schemas.hubs import AffiliationRead, HubAffiliationRef, HubRef
from app.services.hubs.access import HubNotFound, require_hub_staff, staff_role

S = HubCreativeStatus
AFFILIATION_TRANSITIONS = StateMachine(
    "hub_creative",
    {
        S.requested: frozenset({S.active, S.declined}),
        S.invited: frozenset({S.active, S.declined}),
        S.active: frozenset({S.removed}),
        # Asking (or inviting) again after a "no" or a removal starts over.
        S.declined: frozenset({S.requested, S.invited}),
        S.removed: frozenset({S.requested, S.invited}),
    },
)
AffiliationAction = Literal["approve", "accept", "decline", "remove"]
_TARGETS: dict[str, HubCreativeStatus] = {
    "approve": S.active,
    "accept": S.active,
    "decline": S.declined,
    "remove": S.removed,
}


class AffiliationNotFound(NotFound):
    code, title = "affiliation_not_found", "Hub affiliation not found"


class AffiliationExists(Conflict):
    code, title = "affiliation_exists", "The creative is already affiliated, invited or asking"


class AffiliationDecisionNotYours(Forbidden):
    code, title = "affiliation_decision_not_yours", "This decision belongs to the other side"


class CreativeProfileRequired(NotFound):
    code, title = "creative_profile_required", "The creative has no profile yet"


def _read(row: HubCreative, hub: Hub) -> AffiliationRead:
    return AffiliationRead(
        id=row.id,
        hub=HubRef.from_hub(hub),
        creative_id=row.creative_id,
        status=row.status,
        verified_at=row.verified_at,
        created_at=row.created_at,
    )


async def _open(
    session: AsyncSession, hub: Hub, creative_id: uuid.UUID, status: HubCreativeStatus
) -> AffiliationRead:
    row = await session.scalar(
        select(HubCreative)
        .where(HubCreative.hub_id == hub.id, HubCreative.creative_id == creative_id)
        .with_for_update()
    )
    if row is None:
        row = HubCreative(hub_id=hub.id, creative_id=creative_id, status=status)
        session.add(row)
    else:
        if row.status not in (S.declined, S.removed):
            raise AffiliationExists(current_status=row.status.value)
        AFFILIATION_TRANSITIONS.ensure(row.status, status, action="ask")
        row.status, row.verified_at, row.decided_by_user_id = status, None, None
    await session.flush()
    await session.refresh(row)
    return _read(row, hub)


async def request_to_join(
    session: AsyncSession, principal: Principal, hub_id: uuid.UUID
) -> AffiliationRead:
    """A creative with a profile asks to be affiliated with a hub."""
    require_role(principal, UserRole.creative)
    hub = await session.get(Hub, hub_id)
    if hub is None:
        raise HubNotFound()
    profile_id = await session.scalar(
        select(CreativeProfile.id).where(CreativeProfile.user_id == principal.id)
    )
    if profile_id is None:
        raise CreativeProfileRequired("Create your creative profile first")
    return await _open(session, hub, profile_id, S.requested)


async def invite_creative(
    session: AsyncSession, principal: Principal, hub_id: uuid.UUID, creative_id: uuid.UUID
) -> AffiliationRead:
    """Hub staff invite a creative; the creative accepts or declines."""
    hub = await require_hub_staff(session, principal, hub_id)
    if await session.get(CreativeProfile, creative_id) is None:
        raise CreativeProfileRequired()
    return await _open(session, hub, creative_id, S.invited)


async def decide_affiliation(
    session: AsyncSession,
    principal: Principal,
    affiliation_id: uuid.UUID,
    action: AffiliationAction,
) -> AffiliationRead:
    """Hub staff approve or decline a request, the creative accepts or declines an
    invitation, and either side ends an active affiliation."""
    row = await session.get(HubCreative, affiliation_id, with_for_update=True)
    if row is None:
        raise AffiliationNotFound()
    profile = await session.get_one(CreativeProfile, row.creative_id)
    is_creative = profile.user_id == principal.id
    is_staff = (
        principal.role is UserRole.admin
        or await staff_role(session, row.hub_id, principal.id) is not None
    )
    if not (is_creative or is_staff):
        raise AffiliationNotFound()
    target = _TARGETS[action]
    AFFILIATION_TRANSITIONS.ensure(row.status, target, action=action)
    # The side that did not ask decides; either side may end an active affiliation.
    asked_staff = row.status is S.requested and is_staff
    asked_creative = row.status is S.invited and is_creative
    permitted = {
        "approve": asked_staff,
        "accept": asked_creative,
        "decline": asked_staff or asked_creative,
        "remove": True,
    }[action]
    if not permitted:
        raise AffiliationDecisionNotYours()
    row.status = target
    row.decided_by_user_id = principal.id
    row.verified_at = datetime.now(UTC) if target is S.active else None
    await session.flush()
    return _read(row, await session.get_one(Hub, row.hub_id))


async def list_hub_creatives(
    session: AsyncSession,
    principal: Principal,
    hub_id: uuid.UUID,
    status: HubCreativeStatus | None,
    page: PageParams,
) -> Page[AffiliationRead]:
    """Hub staff list the hub's affiliations (requests, invitations, members)."""
    hub = await require_hub_staff(session, principal, hub_id)
    stmt = select(HubCreative).where(HubCreative.hub_id == hub.id)
    if status is not None:
        stmt = stmt.where(HubCreative.status == status)
    stmt = apply_keyset(stmt, [HubCreative.created_at.expression, HubCreative.id.expression], page)
    rows = list((await session.scalars(stmt)).all())
    shown, next_cursor = paginate_rows(rows, page.limit, lambda r: (r.created_at, str(r.id)))
    return Page(data=[_read(r, hub) for r in shown], next_cursor=next_cursor)


async def list_my_affiliations(
    session: AsyncSession, principal: Principal
) -> Page[AffiliationRead]:
    """A creative's hub affiliations in every status (a person has a handful: one page)."""
    require_role(principal, UserRole.creative)
    rows = await session.execute(
        select(HubCreative, Hub)
        .join(Hub, Hub.id == HubCreative.hub_id)
        .join(CreativeProfile, CreativeProfile.id == HubCreative.creative_id)
        .where(CreativeProfile.user_id == principal.id)
        .order_by(Hub.name)
    )
    return Page(data=[_read(row, hub) for row, hub in rows.tuples()], next_cursor=None)


async def verified_hubs(session: AsyncSession, creative_id: uuid.UUID) -> list[HubAffiliationRef]:
    """The hubs that verified a creative, for the public profile (app/services/creatives.py)."""
    rows = await session.execute(
        select(Hub, HubCreative.verified_at)
        .join(HubCreative, HubCreative.hub_id == Hub.id)
        .where(HubCreative.creative_id == creative_id, HubCreative.status == S.active)
        .order_by(Hub.name)
    )
    return [
        HubAffiliationRef(id=hub.id, name=hub.name, slug=hub.slug, verified_at=verified_at)
        for hub, verified_at in rows.tuples()
        if verified_at is not None
    ]
