import uuid

from fastapi import APIRouter, status

from app.core.auth import CurrentUser, OptionalUser
from app.core.db import SessionDep
from app.core.errors import InvalidCursor, InvalidToken
from app.core.idempotency import Idempotency, IdempotencyKeyInProgress, IdempotencyKeyReused
from app.core.pagination import Page, PageParamsDep
from app.core.problems import problem_responses
from app.schemas.talent_pools import (
    PoolMemberRead,
    PoolMemberWrite,
    TalentPoolCreate,
    TalentPoolPage,
    TalentPoolRead,
    TalentPoolUpdate,
)
from app.services.creatives import CreativeNotFound
from app.services.hubs import pools
from app.services.hubs.access import HubNotFound, HubRoleRequired
from app.services.hubs.pool_access import PoolNotFound
from app.services.hubs.pools import (
    CreativeNotAffiliated,
    PoolMemberNotFound,
    PoolSlugTaken,
)
from app.services.reference import UnknownCategory

router = APIRouter(tags=["talent-pools"])


@router.post(
    "/v1/hubs/{hub_id}/pools",
    status_code=status.HTTP_201_CREATED,
    summary="Start a talent pool",
    responses=problem_responses(
        InvalidToken,
        HubNotFound,
        HubRoleRequired,
        PoolSlugTaken,
        UnknownCategory,
        IdempotencyKeyReused,
        IdempotencyKeyInProgress,
    ),
)
async def create_pool(
    hub_id: uuid.UUID,
    body: TalentPoolCreate,
    principal: CurrentUser,
    session: SessionDep,
    idempotency: Idempotency,
) -> TalentPoolRead:
    """The hub's staff start a pool of reviewed creatives ("Desainer kemasan EJSC Madiun")."""
    pool = await pools.create_pool(session, principal, hub_id, body)
    return await idempotency.complete(pool, status_code=status.HTTP_201_CREATED)


@router.get(
    "/v1/hubs/{hub_id}/pools",
    summary="A hub's talent pools",
    responses=problem_responses(InvalidCursor, HubNotFound),
)
async def list_hub_pools(
    hub_id: uuid.UUID, session: SessionDep, page: PageParamsDep
) -> Page[TalentPoolRead]:
    """Public: the hub's pools with their member counts, by name."""
    return await pools.list_hub_pools(session, hub_id, page)


@router.get(
    "/v1/pools/{pool_id}",
    summary="A talent pool's page",
    responses=problem_responses(InvalidToken, PoolNotFound),
)
async def read_pool(
    pool_id: uuid.UUID, viewer: OptionalUser, session: SessionDep
) -> TalentPoolPage:
    """Public: the pool, its hub, member count and its latest members' public cards."""
    return await pools.get_pool(session, viewer, pool_id)


@router.patch(
    "/v1/pools/{pool_id}",
    summary="Edit a talent pool",
    responses=problem_responses(
        InvalidToken, PoolNotFound, HubNotFound, HubRoleRequired, UnknownCategory
    ),
)
async def update_pool(
    pool_id: uuid.UUID, body: TalentPoolUpdate, principal: CurrentUser, session: SessionDep
) -> TalentPoolRead:
    """The hub's staff rename or re-describe a pool; its slug stays."""
    return await pools.update_pool(session, principal, pool_id, body)


@router.get(
    "/v1/pools/{pool_id}/members",
    summary="A talent pool's members",
    responses=problem_responses(InvalidToken, InvalidCursor, PoolNotFound),
)
async def list_pool_members(
    pool_id: uuid.UUID, viewer: OptionalUser, session: SessionDep, page: PageParamsDep
) -> Page[PoolMemberRead]:
    """Public cards, most recently reviewed first; the hub's staff also see note and reviewer."""
    return await pools.list_members(session, viewer, pool_id, page)


@router.put(
    "/v1/pools/{pool_id}/members/{creative_id}",
    summary="Put a creative in a talent pool",
    responses=problem_responses(
        InvalidToken,
        PoolNotFound,
        HubNotFound,
        HubRoleRequired,
        CreativeNotFound,
        CreativeNotAffiliated,
    ),
)
async def put_pool_member(
    pool_id: uuid.UUID,
    creative_id: uuid.UUID,
    body: PoolMemberWrite,
    principal: CurrentUser,
    session: SessionDep,
) -> PoolMemberRead:
    """Hub staff add an affiliated creative (or review them again): you are the reviewer,
    today the review date."""
    return await pools.put_member(session, principal, pool_id, creative_id, body)


@router.delete(
    "/v1/pools/{pool_id}/members/{creative_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Take a creative out of a talent pool",
    responses=problem_responses(
        InvalidToken, PoolNotFound, HubNotFound, HubRoleRequired, PoolMemberNotFound
    ),
)
async def remove_pool_member(
    pool_id: uuid.UUID, creative_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> None:
    """Hub staff take a creative out of the pool; gigs already offered to it are unchanged."""
    await pools.remove_member(session, principal, pool_id, creative_id)
