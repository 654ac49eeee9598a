"""Who counts as a pool member, and the exclusive window of a gig offered to a pool first.

A creative is a member of a pool while both hold: the hub put them in it (a
`talent_pool_members` row) and their affiliation with that hub is `active`. Leaving the hub (or
being removed from it) thus takes them out of its pools at once, with nothing to clean up.

A gig with `pool_exclusive_until` in the future is seen and proposed on only by its owner, its
pool's members and administrators; everyone else is refused with 403 `pool_exclusive_window`
(which says when it opens). The window is computed from the column at read time, so no
scheduler opens gigs: at `pool_exclusive_until` they are simply public.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import Conflict, Forbidden, NotFound
from app.core.principal import Principal
from app.models import (
    CreativeProfile,
    HubCreative,
    HubCreativeStatus,
    TalentPool,
    TalentPoolMember,
    UserRole,
)


class PoolExclusiveWindow(Forbidden):
    code, title = (
        "pool_exclusive_window",
        "This gig is offered to a hub's talent pool first; it opens to everyone later",
    )


class InviteeNotInPool(Conflict):
    code, title = (
        "invitee_not_in_pool",
        "The gig is offered to a talent pool first; only its members can be invited until then",
    )


class PoolNotFound(NotFound):
    code, title = "pool_not_found", "Talent pool not found"


async def ensure_pool_exists(session: AsyncSession, pool_id: uuid.UUID) -> TalentPool:
    pool = await session.get(TalentPool, pool_id)
    if pool is None:
        raise PoolNotFound()
    return pool


def active_members() -> Select[Any]:
    """(pool_id, creative_id) of every current membership: a member row whose creative is
    still actively affiliated with the pool's hub."""
    return (
        select(TalentPoolMember.pool_id, TalentPoolMember.creative_id)
        .join(TalentPool, TalentPool.id == TalentPoolMember.pool_id)
        .join(
            HubCreative,
            (HubCreative.hub_id == TalentPool.hub_id)
            & (HubCreative.creative_id == TalentPoolMember.creative_id)
            & (HubCreative.status == HubCreativeStatus.active),
        )
    )


def members_of_pool(pool_id: uuid.UUID) -> Select[Any]:
    """The creative ids of a pool's current members."""
    members = active_members().subquery()
    return select(members.c.creative_id).where(members.c.pool_id == pool_id)


def pools_of_creative(creative_id: Any) -> Select[Any]:
    """The ids of the pools a creative (profile id or a column holding one) is a member of."""
    members = active_members().subquery()
    return select(members.c.pool_id).where(members.c.creative_id == creative_id)


def pools_of_user(user_id: Any) -> Select[Any]:
    """The ids of the pools the creative with this user id is a member of."""
    profile = select(CreativeProfile.id).where(CreativeProfile.user_id == user_id)
    members = active_members().subquery()
    return select(members.c.pool_id).where(members.c.creative_id.in_(profile.scalar_subquery()))


def in_exclusive_window(until: datetime | None, *, now: datetime | None = None) -> bool:
    return until is not None and until > (now or datetime.now(UTC))


async def is_member(session: AsyncSession, pool_id: uuid.UUID, user_id: uuid.UUID) -> bool:
    """Whether the creative with this user id is a member of the pool."""
    pools = pools_of_user(user_id).subquery()
    found = await session.scalar(select(exists().where(pools.c.pool_id == pool_id)))
    return bool(found)


async def ensure_open_to(
    session: AsyncSession,
    *,
    pool_id: uuid.UUID | None,
    exclusive_until: datetime | None,
    owner_id: uuid.UUID,
    viewer: Principal | None,
) -> None:
    """403 `pool_exclusive_window` for anyone but the owner, administrators and the pool's
    members while the gig's exclusive window lasts."""
    if pool_id is None or not in_exclusive_window(exclusive_until):
        return
    if viewer is not None and (
        viewer.id == owner_id
        or viewer.role is UserRole.admin
        or await is_member(session, pool_id, viewer.id)
    ):
        return
    assert exclusive_until is not None
    until = exclusive_until.astimezone(UTC).isoformat().replace("+00:00", "Z")
    raise PoolExclusiveWindow(
        f"Open to the pool's members until {until}", pool_id=str(pool_id), exclusive_until=until
    )


async def ensure_invitable(
    session: AsyncSession,
    *,
    pool_id: uuid.UUID | None,
    exclusive_until: datetime | None,
    creative_id: uuid.UUID,
) -> None:
    """While a gig's exclusive window lasts, only its pool's members can be invited to it
    (anyone else could neither open the invitation's gig nor propose): 409
    `invitee_not_in_pool`."""
    if pool_id is None or not in_exclusive_window(exclusive_until):
        return
    pools = pools_of_creative(creative_id).subquery()
    if not await session.scalar(select(exists().where(pools.c.pool_id == pool_id))):
        assert exclusive_until is not None
        raise InviteeNotInPool(
            pool_id=str(pool_id),
            exclusive_until=exclusive_until.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        )
