"""UMKM business profiles: owners create and edit them; anyone may read them."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Row, Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import Conflict, Forbidden, InvalidToken, NotFound
from app.core.pagination import Page, PageParams, apply_keyset, paginate
from app.core.principal import Principal
from app.models import Business, BusinessScale, Region, User, UserRole
from app.schemas.businesses import BusinessCreate, BusinessRead, BusinessUpdate
from app.services.reference import ensure_region_exists, region_and_children

# Generous for a real UMKM owner (a warung, a catering line, an online shop) while keeping
# one account from flooding the public directory.
MAX_BUSINESSES_PER_OWNER = 20


class BusinessNotFound(NotFound):
    code, title = "business_not_found", "Business not found"


class NotBusinessOwner(Forbidden):
    code, title = "not_business_owner", "Only the business's owner can do this"


class NibTaken(Conflict):
    code, title = "nib_taken", "Another business is already registered with this NIB"


class BusinessLimitReached(Conflict):
    code, title = "business_limit_reached", "This account owns the maximum number of businesses"


def _view_query() -> Select[tuple[Business, str, str]]:
    return (
        select(Business, User.full_name, Region.name)
        .join(User, User.id == Business.owner_id)
        .join(Region, Region.code == Business.region_code)
    )


def _may_see_npwp(viewer: Principal | None, business: Business) -> bool:
    """The NPWP is a person's NIK for a sole trader: the owner and admins only."""
    return viewer is not None and (viewer.id == business.owner_id or viewer.role is UserRole.admin)


def _read(row: Row[tuple[Business, str, str]], viewer: Principal | None) -> BusinessRead:
    business, owner_name, region_name = row
    return BusinessRead.from_row(
        business, owner_name, region_name, show_npwp=_may_see_npwp(viewer, business)
    )


async def get_business(
    session: AsyncSession, business_id: uuid.UUID, viewer: Principal | None = None
) -> BusinessRead:
    """Any business is public (its NPWP masked but for the owner and admins); 404
    `business_not_found` if it does not exist."""
    row = (await session.execute(_view_query().where(Business.id == business_id))).first()
    if row is None:
        raise BusinessNotFound()
    return _read(row, viewer)


async def create_business(
    session: AsyncSession, principal: Principal, data: BusinessCreate
) -> BusinessRead:
    """An owner registers a business in a known region; an NIB belongs to one business only."""
    # Serialises this owner's concurrent creates so the per-owner cap cannot be overshot.
    await session.execute(select(User.id).where(User.id == principal.id).with_for_update())
    owned = await session.scalar(
        select(func.count()).select_from(Business).where(Business.owner_id == principal.id)
    )
    if (owned or 0) >= MAX_BUSINESSES_PER_OWNER:
        raise BusinessLimitReached(f"An account may own at most {MAX_BUSINESSES_PER_OWNER}")
    await ensure_region_exists(session, data.region_code)
    if data.nib is not None:
        await _ensure_nib_free(session, data.nib, exclude_id=None)
    business = Business(
        owner_id=principal.id,
        name=data.name,
        sector=data.sector,
        scale=data.scale,
        region_code=data.region_code,
        description=data.description,
        nib=data.nib,
        npwp=data.npwp,
    )
    await _flush_guarding_nib(session, business)
    return await get_business(session, business.id, principal)


async def update_business(
    session: AsyncSession, principal: Principal, business_id: uuid.UUID, data: BusinessUpdate
) -> BusinessRead:
    """Only the owner edits a business; fields sent as null clear `description` or `nib`."""
    business = await session.scalar(
        select(Business).where(Business.id == business_id).with_for_update()
    )
    if business is None:
        raise BusinessNotFound()
    if business.owner_id != principal.id:
        raise NotBusinessOwner()
    changes: dict[str, Any] = data.model_dump(exclude_unset=True)
    if changes.get("region_code") is not None:
        await ensure_region_exists(session, changes["region_code"])
    if changes.get("nib") is not None and changes["nib"] != business.nib:
        await _ensure_nib_free(session, changes["nib"], exclude_id=business.id)
    if "description" in changes and changes["description"] is None:
        changes["description"] = ""
    for field, value in changes.items():
        setattr(business, field, value)
    await _flush_guarding_nib(session, business)
    # updated_at is set by the database on UPDATE; reload it rather than lazy-load later.
    await session.refresh(business)
    return await get_business(session, business.id, principal)


async def list_businesses(
    session: AsyncSession,
    viewer: Principal | None,
    *,
    mine: bool,
    region: str | None,
    scale: BusinessScale | None,
    page: PageParams,
) -> Page[BusinessRead]:
    """Businesses newest first; `mine` narrows to the viewer's own (and needs a token),
    `region` covers a province."""
    stmt = _view_query()
    if mine:
        if viewer is None:
            raise InvalidToken("`mine=true` needs `Authorization: Bearer <access_token>`")
        stmt = stmt.where(Business.owner_id == viewer.id)
    if region is not None:
        await ensure_region_exists(session, region)
        stmt = stmt.where(Business.region_code.in_(region_and_children(region)))
    if scale is not None:
        stmt = stmt.where(Business.scale == scale)
    stmt = apply_keyset(stmt, [Business.created_at.expression, Business.id.expression], page)
    rows = (await session.execute(stmt)).all()
    # str(): ids read back by asyncpg are its own UUID subclass, which orjson cannot encode.
    return paginate(
        rows,
        page.limit,
        key=lambda row: (row[0].created_at, str(row[0].id)),
        read=lambda row: _read(row, viewer),
    )


async def _ensure_nib_free(
    session: AsyncSession, nib: str, *, exclude_id: uuid.UUID | None
) -> None:
    stmt = select(Business.id).where(Business.nib == nib)
    if exclude_id is not None:
        stmt = stmt.where(Business.id != exclude_id)
    if await session.scalar(stmt) is not None:
        raise NibTaken()


async def _flush_guarding_nib(session: AsyncSession, business: Business) -> None:
    try:
        async with session.begin_nested():
            session.add(business)
    except IntegrityError as exc:
        # A concurrent request registered the same NIB between our check and this write.
        if "uq_businesses_nib" in str(exc.orig):
            raise NibTaken() from exc
        raise
