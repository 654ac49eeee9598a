import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from app.core.acting import ACTING_ERRORS
from app.core.auth import CurrentUser, OptionalUser, OwnerUser
from app.core.db import SessionDep
from app.core.errors import InsufficientScope, InvalidCursor, InvalidToken, RoleRequired
from app.core.idempotency import Idempotency, IdempotencyKeyInProgress, IdempotencyKeyReused
from app.core.pagination import Page, PageParamsDep
from app.core.problems import problem_responses
from app.models import BusinessScale
from app.schemas.businesses import BusinessCreate, BusinessRead, BusinessUpdate
from app.schemas.common import RegionCode
from app.services import businesses
from app.services.businesses import (
    BusinessLimitReached,
    BusinessNotFound,
    NibTaken,
    NotBusinessOwner,
)
from app.services.reference import UnknownRegion

router = APIRouter(tags=["businesses"])


@router.post(
    "/v1/businesses",
    status_code=status.HTTP_201_CREATED,
    summary="Register a business",
    responses=problem_responses(
        InvalidToken,
        InsufficientScope,
        RoleRequired,
        UnknownRegion,
        NibTaken,
        BusinessLimitReached,
        IdempotencyKeyReused,
        IdempotencyKeyInProgress,
    ),
)
async def create_business(
    body: BusinessCreate, principal: OwnerUser, session: SessionDep, idempotency: Idempotency
) -> BusinessRead:
    """An owner account registers one of its UMKM businesses (at most 20 per account)."""
    business = await businesses.create_business(session, principal, body)
    return await idempotency.complete(business, status_code=status.HTTP_201_CREATED)


@router.get(
    "/v1/businesses",
    summary="List businesses",
    responses=problem_responses(*ACTING_ERRORS, InvalidToken, InvalidCursor, UnknownRegion),
)
async def list_businesses(
    session: SessionDep,
    principal: OptionalUser,
    page: PageParamsDep,
    mine: Annotated[
        bool, Query(description="true: only the caller's own businesses (needs a token)")
    ] = False,
    region: Annotated[
        RegionCode | None,
        Query(description="A province (`35`, includes its regencies) or a regency (`35.78`)"),
    ] = None,
    scale: Annotated[BusinessScale | None, Query(description="mikro, kecil or menengah")] = None,
) -> Page[BusinessRead]:
    """The public business directory newest first, or with `mine=true` the caller's own."""
    return await businesses.list_businesses(
        session, principal, mine=mine, region=region, scale=scale, page=page
    )


@router.get(
    "/v1/businesses/{business_id}",
    summary="Get a business",
    responses=problem_responses(*ACTING_ERRORS, BusinessNotFound),
)
async def get_business(
    business_id: uuid.UUID, session: SessionDep, principal: OptionalUser
) -> BusinessRead:
    """The public profile of a business; the owner's email and phone are never shown, the
    NPWP only to the owner and admins (masked for everyone else)."""
    return await businesses.get_business(session, business_id, principal)


@router.patch(
    "/v1/businesses/{business_id}",
    summary="Edit a business",
    responses=problem_responses(
        InvalidToken, InsufficientScope, BusinessNotFound, NotBusinessOwner, UnknownRegion, NibTaken
    ),
)
async def update_business(
    business_id: uuid.UUID, body: BusinessUpdate, principal: CurrentUser, session: SessionDep
) -> BusinessRead:
    """The owner changes some fields; `description` and `nib` may be cleared with null."""
    return await businesses.update_business(session, principal, business_id, body)
