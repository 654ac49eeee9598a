"""Hubs themselves: created by administrators, public page data, edited by a hub admin."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import Conflict, Unprocessable
from app.core.pagination import Page, PageParams, apply_keyset, paginate
from app.core.principal import Principal
from app.models import (
    Hub,
    HubBusiness,
    HubCreative,
    HubCreativeStatus,
    HubKind,
    HubStaffRole,
)
from app.schemas.hubs import HubCreate, HubRead, HubSummary, HubUpdate
from app.services.audit import AuditActor, record_admin_action
from app.services.hubs.access import HubNotFound, require_hub_staff
from app.services.reference import ensure_region_exists, region_and_children


class HubSlugTaken(Conflict):
    code, title = "hub_slug_taken", "Another hub already uses this slug"


class ParentHubNotFound(Unprocessable):
    code, title = "parent_hub_not_found", "The parent programme is not a known hub"


async def hub_read(session: AsyncSession, hub: Hub) -> HubRead:
    """The public page data of one hub, with its counts."""
    parent = await session.get(Hub, hub.parent_id) if hub.parent_id else None
    creatives = await session.scalar(
        select(func.count())
        .select_from(HubCreative)
        .where(HubCreative.hub_id == hub.id, HubCreative.status == HubCreativeStatus.active)
    )
    businesses = await session.scalar(
        select(func.count()).select_from(HubBusiness).where(HubBusiness.hub_id == hub.id)
    )
    return HubRead.from_hub(hub, parent, creatives=creatives or 0, businesses=businesses or 0)


async def create_hub(session: AsyncSession, actor: AuditActor, data: HubCreate) -> HubRead:
    """An administrator (API) or an operator (`pasar hub create`) registers a hub; its slug is
    unique and its parent must exist. Kept in the admin audit log."""
    await ensure_region_exists(session, data.region_code)
    if data.parent_id is not None and await session.get(Hub, data.parent_id) is None:
        raise ParentHubNotFound()
    if await session.scalar(select(Hub.id).where(Hub.slug == data.slug)) is not None:
        raise HubSlugTaken()
    hub = Hub(**data.model_dump())
    session.add(hub)
    await session.flush()
    await session.refresh(hub)
    await record_admin_action(
        session,
        actor,
        action="hub.create",
        target_type="hub",
        target_id=hub.id,
        details={"slug": hub.slug, "name": hub.name},
    )
    return await hub_read(session, hub)


async def get_hub(session: AsyncSession, hub_id: uuid.UUID) -> HubRead:
    """Anyone may read a hub's public page."""
    hub = await session.get(Hub, hub_id)
    if hub is None:
        raise HubNotFound()
    return await hub_read(session, hub)


async def list_hubs(
    session: AsyncSession, *, region: str | None, kind: HubKind | None, page: PageParams
) -> Page[HubSummary]:
    """Hubs by name; `region` covers a province and its regencies."""
    stmt = select(Hub)
    if region is not None:
        await ensure_region_exists(session, region)
        stmt = stmt.where(Hub.region_code.in_(region_and_children(region)))
    if kind is not None:
        stmt = stmt.where(Hub.kind == kind)
    stmt = apply_keyset(stmt, [Hub.name.expression, Hub.id.expression], page, descending=False)
    rows = list((await session.scalars(stmt)).all())
    return paginate(rows, page.limit, key=lambda h: (h.name, str(h.id)), read=HubSummary.from_hub)


async def update_hub(
    session: AsyncSession, principal: Principal, hub_id: uuid.UUID, data: HubUpdate
) -> HubRead:
    """A hub admin (or an administrator) edits the hub's public data."""
    hub = await require_hub_staff(session, principal, hub_id, HubStaffRole.hub_admin)
    for name, value in data.model_dump(exclude_unset=True).items():
        if value is None and name in {"name", "description", "address"}:
            continue  # required text is never cleared by a null
        setattr(hub, name, value)
    await session.flush()
    await session.refresh(hub)
    return await hub_read(session, hub)
