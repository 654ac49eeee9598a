"""Talent pools: hub staff curate pools of the hub's affiliated creatives; everyone may read
them (a pool is how an owner finds reviewed talent and offers a gig to it first).

Membership needs an active affiliation with the pool's hub (HubCreative `active`): a hub
vouches only for creatives who agreed to join it, so putting someone in a pool never
affiliates them on the hub's word alone (422 `creative_not_affiliated`). See `pool_access`
for what counts as a member afterwards.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from typing import Any

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import jakarta_today
from app.core.errors import Conflict, NotFound, Unprocessable
from app.core.pagination import Page, PageParams, apply_keyset, paginate_rows
from app.core.principal import Principal
from app.models import (
    CreativeProfile,
    Hub,
    HubCreative,
    HubCreativeStatus,
    TalentPool,
    TalentPoolMember,
    User,
)
from app.repositories import creatives as creative_repository
from app.schemas.creatives import CreativeSummary
from app.schemas.talent_pools import (
    POOL_PAGE_MEMBERS,
    PoolHubRef,
    PoolMemberRead,
    PoolMemberWrite,
    TalentPoolCreate,
    TalentPoolPage,
    TalentPoolRead,
    TalentPoolUpdate,
)
from app.services.creatives import CreativeNotFound
from app.services.hubs.access import HubNotFound, require_hub_staff, speaks_for_hub
from app.services.hubs.pool_access import PoolNotFound, active_members
from app.services.reference import ensure_categories_exist


class PoolSlugTaken(Conflict):
    code, title = "pool_slug_taken", "The hub already has a pool with this slug"


class CreativeNotAffiliated(Unprocessable):
    code, title = (
        "creative_not_affiliated",
        "Only creatives actively affiliated with the hub can be put in its pools",
    )


class PoolMemberNotFound(NotFound):
    code, title = "pool_member_not_found", "The creative is not in this pool"


def slug_of(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:64] or "pool"


async def _member_counts(session: AsyncSession, pool_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    if not pool_ids:
        return {}
    members = active_members().where(TalentPoolMember.pool_id.in_(pool_ids)).subquery()
    rows = await session.execute(
        select(members.c.pool_id, func.count()).group_by(members.c.pool_id)
    )
    return {pool_id: count for pool_id, count in rows.tuples()}


def _hub_ref(hub: Hub) -> PoolHubRef:
    return PoolHubRef(id=hub.id, name=hub.name, slug=hub.slug)


async def _read(session: AsyncSession, pool: TalentPool, hub: Hub) -> TalentPoolRead:
    counts = await _member_counts(session, [pool.id])
    return TalentPoolRead.from_row(pool, _hub_ref(hub), counts.get(pool.id, 0))


async def _pool_and_hub(
    session: AsyncSession, pool_id: uuid.UUID, *, for_update: bool = False
) -> tuple[TalentPool, Hub]:
    statement = select(TalentPool).where(TalentPool.id == pool_id)
    if for_update:
        statement = statement.with_for_update()
    pool = await session.scalar(statement)
    if pool is None:
        raise PoolNotFound()
    hub = await session.get(Hub, pool.hub_id)
    assert hub is not None  # the foreign key cascades
    return pool, hub


async def _require_pool_staff(
    session: AsyncSession, principal: Principal, pool_id: uuid.UUID, *, for_update: bool = False
) -> tuple[TalentPool, Hub]:
    """The pool, for its hub's active staff (any role) or administrators. Others get 404 for
    the hub's data, as `require_hub_staff` answers; the pool itself is public, so 404
    `hub_not_found` rather than pretending it does not exist."""
    pool, hub = await _pool_and_hub(session, pool_id, for_update=for_update)
    await require_hub_staff(session, principal, hub.id)
    return pool, hub


async def create_pool(
    session: AsyncSession, principal: Principal, hub_id: uuid.UUID, data: TalentPoolCreate
) -> TalentPoolRead:
    """Hub staff start a pool; its slug is unique within the hub."""
    hub = await require_hub_staff(session, principal, hub_id)
    if data.category is not None:
        await ensure_categories_exist(session, [data.category])
    slug = data.slug or slug_of(data.name)
    taken = await session.scalar(
        select(TalentPool.id).where(TalentPool.hub_id == hub.id, TalentPool.slug == slug)
    )
    if taken is not None:
        raise PoolSlugTaken(slug=slug, pool_id=str(taken))
    pool = TalentPool(
        hub_id=hub.id,
        slug=slug,
        name=data.name,
        description=data.description,
        category_slug=data.category,
    )
    session.add(pool)
    await session.flush()
    await session.refresh(pool)
    return await _read(session, pool, hub)


async def list_hub_pools(
    session: AsyncSession, hub_id: uuid.UUID, page: PageParams
) -> Page[TalentPoolRead]:
    """A hub's pools, by name (public: owners pick pools to search and offer gigs to)."""
    hub = await session.get(Hub, hub_id)
    if hub is None:
        raise HubNotFound()
    statement = select(TalentPool).where(TalentPool.hub_id == hub.id)
    keyset: list[ColumnElement[Any]] = [TalentPool.name.expression, TalentPool.id.expression]
    rows = list(await session.scalars(apply_keyset(statement, keyset, page, descending=False)))
    pools, next_cursor = paginate_rows(rows, page.limit, key=lambda p: (p.name, str(p.id)))
    counts = await _member_counts(session, [pool.id for pool in pools])
    return Page(
        data=[TalentPoolRead.from_row(p, _hub_ref(hub), counts.get(p.id, 0)) for p in pools],
        next_cursor=next_cursor,
    )


async def update_pool(
    session: AsyncSession, principal: Principal, pool_id: uuid.UUID, data: TalentPoolUpdate
) -> TalentPoolRead:
    """Hub staff rename or re-describe a pool (the slug stays, links keep working)."""
    pool, hub = await _require_pool_staff(session, principal, pool_id, for_update=True)
    changes = data.model_dump(exclude_unset=True)
    if changes.get("category") is not None:
        await ensure_categories_exist(session, [changes["category"]])
    if changes.get("name") is not None:
        pool.name = changes["name"]
    if changes.get("description") is not None:
        pool.description = changes["description"]
    if "category" in changes:
        pool.category_slug = changes["category"]
    await session.flush()
    await session.refresh(pool)
    return await _read(session, pool, hub)


async def get_pool(
    session: AsyncSession, viewer: Principal | None, pool_id: uuid.UUID
) -> TalentPoolPage:
    """A pool's public page: its hub, member count and latest members' cards."""
    pool, hub = await _pool_and_hub(session, pool_id)
    read = await _read(session, pool, hub)
    members = await _member_page(
        session, viewer, pool, hub, PageParams(limit=POOL_PAGE_MEMBERS, cursor=None)
    )
    return TalentPoolPage(**read.model_dump(), members=members.data)


async def list_members(
    session: AsyncSession, viewer: Principal | None, pool_id: uuid.UUID, page: PageParams
) -> Page[PoolMemberRead]:
    """Every member's card, most recently reviewed first."""
    pool, hub = await _pool_and_hub(session, pool_id)
    return await _member_page(session, viewer, pool, hub, page)


async def _is_staff(session: AsyncSession, viewer: Principal | None, hub: Hub) -> bool:
    return viewer is not None and await speaks_for_hub(session, viewer.user, hub.id)


async def _member_page(
    session: AsyncSession, viewer: Principal | None, pool: TalentPool, hub: Hub, page: PageParams
) -> Page[PoolMemberRead]:
    current = active_members().where(TalentPoolMember.pool_id == pool.id).subquery()
    statement = (
        select(TalentPoolMember)
        .join(current, current.c.creative_id == TalentPoolMember.creative_id)
        .join(CreativeProfile, CreativeProfile.id == TalentPoolMember.creative_id)
        .join(User, (User.id == CreativeProfile.user_id) & User.is_active.is_(True))
        .where(TalentPoolMember.pool_id == pool.id)
    )
    keyset: list[ColumnElement[Any]] = [
        TalentPoolMember.reviewed_on.expression,
        TalentPoolMember.creative_id.expression,
    ]
    rows = list(await session.scalars(apply_keyset(statement, keyset, page)))
    members, next_cursor = paginate_rows(
        rows, page.limit, key=lambda m: (m.reviewed_on.isoformat(), str(m.creative_id))
    )
    cards = await creative_repository.summary_records(
        session, [member.creative_id for member in members]
    )
    for_staff = await _is_staff(session, viewer, hub)
    return Page(
        data=[
            PoolMemberRead.from_row(
                m, CreativeSummary.from_record(cards[m.creative_id]), for_staff=for_staff
            )
            for m in members
            if m.creative_id in cards
        ],
        next_cursor=next_cursor,
    )


async def put_member(
    session: AsyncSession,
    principal: Principal,
    pool_id: uuid.UUID,
    creative_id: uuid.UUID,
    data: PoolMemberWrite,
) -> PoolMemberRead:
    """Hub staff put an affiliated creative in the pool (or review them again): the caller is
    the reviewer, today (WIB) the review date."""
    pool, hub = await _require_pool_staff(session, principal, pool_id)
    # Active accounts only: an erased or suspended creative is not listed, so not added.
    cards = await creative_repository.summary_records(session, [creative_id])
    if creative_id not in cards:
        raise CreativeNotFound()
    affiliated = await session.scalar(
        select(HubCreative.id).where(
            HubCreative.hub_id == hub.id,
            HubCreative.creative_id == creative_id,
            HubCreative.status == HubCreativeStatus.active,
        )
    )
    if affiliated is None:
        raise CreativeNotAffiliated(hub_id=str(hub.id), creative_id=str(creative_id))
    values = {
        "reviewed_by_user_id": principal.id,
        "reviewed_on": jakarta_today(),
        "note": data.note,
    }
    await session.execute(
        insert(TalentPoolMember)
        .values(pool_id=pool.id, creative_id=creative_id, **values)
        .on_conflict_do_update(index_elements=["pool_id", "creative_id"], set_=values)
    )
    member = await session.scalar(
        select(TalentPoolMember)
        .where(TalentPoolMember.pool_id == pool.id, TalentPoolMember.creative_id == creative_id)
        .execution_options(populate_existing=True)
    )
    assert member is not None
    return PoolMemberRead.from_row(
        member, CreativeSummary.from_record(cards[creative_id]), for_staff=True
    )


async def remove_member(
    session: AsyncSession, principal: Principal, pool_id: uuid.UUID, creative_id: uuid.UUID
) -> None:
    """Hub staff take a creative out of the pool (gigs already offered to it are unchanged)."""
    pool, _ = await _require_pool_staff(session, principal, pool_id)
    removed = await session.execute(
        delete(TalentPoolMember)
        .where(TalentPoolMember.pool_id == pool.id, TalentPoolMember.creative_id == creative_id)
        .returning(TalentPoolMember.creative_id)
    )
    if removed.first() is None:
        raise PoolMemberNotFound()
