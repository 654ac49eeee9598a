import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from app.core.auth import scoped
from app.core.db import SessionDep
from app.core.errors import InsufficientScope, InvalidCursor, InvalidToken, RoleRequired
from app.core.pagination import Page, PageParamsDep
from app.core.principal import Principal
from app.core.problems import problem_responses
from app.core.scopes import Scope
from app.models import Availability
from app.schemas.common import RegionCode, SearchText, Slug
from app.schemas.creatives import (
    CreativeProfileRead,
    CreativeProfileWrite,
    CreativeSummary,
)
from app.services import creatives
from app.services.creatives import CreativeNotFound, ProfileMissing
from app.services.hubs.pool_access import PoolNotFound
from app.services.reference import UnknownCategory, UnknownRegion, UnknownSkill

router = APIRouter(tags=["creatives"])


@router.put(
    "/v1/creatives/me",
    summary="Create or replace my creative profile",
    responses={
        status.HTTP_201_CREATED: {"model": CreativeProfileRead, "description": "Profile created"},
        **problem_responses(
            InvalidToken,
            InsufficientScope,
            RoleRequired,
            UnknownRegion,
            UnknownSkill,
            UnknownCategory,
        ),
    },
)
async def put_my_creative_profile(
    body: CreativeProfileWrite,
    principal: Annotated[Principal, scoped(Scope.profile_write)],
    session: SessionDep,
    response: Response,
) -> CreativeProfileRead:
    """201 when the profile is created, 200 when it is replaced; display name is the account's."""
    profile, created = await creatives.put_own_profile(session, principal, body)
    if created:
        response.status_code = status.HTTP_201_CREATED
    return profile


@router.get(
    "/v1/creatives/me",
    summary="Get my creative profile",
    responses=problem_responses(InvalidToken, InsufficientScope, RoleRequired, ProfileMissing),
)
async def get_my_creative_profile(
    principal: Annotated[Principal, scoped(Scope.profile_read)], session: SessionDep
) -> CreativeProfileRead:
    """The signed-in creative's own profile; 404 `profile_missing` before the first PUT."""
    return await creatives.get_own_profile(session, principal)


@router.get(
    "/v1/creatives/{creative_id}",
    summary="Get a creative's public profile",
    responses=problem_responses(CreativeNotFound),
)
async def get_creative_profile(creative_id: uuid.UUID, session: SessionDep) -> CreativeProfileRead:
    """Headline, skills, portfolio and reputation; never the creative's email or phone."""
    return await creatives.get_public_profile(session, creative_id)


@router.get(
    "/v1/creatives",
    summary="Search creatives",
    responses=problem_responses(
        InvalidCursor, UnknownSkill, UnknownCategory, UnknownRegion, PoolNotFound
    ),
)
async def list_creatives(
    session: SessionDep,
    page: PageParamsDep,
    skill: Annotated[Slug | None, Query(description="Has this skill")] = None,
    category: Annotated[Slug | None, Query(description="Offers this category")] = None,
    region: Annotated[
        RegionCode | None,
        Query(description="A province (`35`, includes its regencies) or a regency (`35.78`)"),
    ] = None,
    availability: Annotated[Availability | None, Query()] = None,
    q: Annotated[
        SearchText | None,
        Query(description="Full-text search of headline and bio (Indonesian, then English)"),
    ] = None,
    pool: Annotated[
        uuid.UUID | None, Query(description="Only members of this hub talent pool")
    ] = None,
) -> Page[CreativeSummary]:
    """With `q`: most relevant first; otherwise newest profiles first. All filters combine."""
    return await creatives.search_creatives(
        session,
        skill=skill,
        category=category,
        region=region,
        availability=availability,
        q=q,
        page=page,
        pool=pool,
    )
