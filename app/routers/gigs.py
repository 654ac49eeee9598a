import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from app.core.acting import ACTING_ERRORS
from app.core.auth import CurrentUser, OptionalUser, OwnerUser
from app.core.db import SessionDep
from app.core.errors import (
    EmailUnverified,
    InvalidCursor,
    InvalidToken,
    InvalidTransition,
    RoleRequired,
)
from app.core.idempotency import Idempotency, IdempotencyKeyInProgress, IdempotencyKeyReused
from app.core.pagination import Page, PageParamsDep
from app.core.problems import problem_responses
from app.schemas.gigs import GigCreate, GigListQuery, GigRead, GigSummary, GigUpdate
from app.services import gig_search, gigs
from app.services.gig_search import SortRequiresQuery, StatusRequiresMine
from app.services.gigs import (
    BudgetOutOfBounds,
    BudgetRangeInvalid,
    BusinessNotFound,
    DeadlinePassed,
    GigHasContract,
    GigNotEditable,
    GigNotFound,
    NotBusinessOwner,
    NotGigOwner,
    RegionRequired,
)
from app.services.hubs.pool_access import PoolExclusiveWindow, PoolNotFound
from app.services.reference import UnknownCategory, UnknownRegion, UnknownSkill

router = APIRouter(tags=["gigs"])

_GIG_RULES = (
    BudgetRangeInvalid,
    BudgetOutOfBounds,
    RegionRequired,
    UnknownCategory,
    UnknownSkill,
    UnknownRegion,
    PoolNotFound,
)


@router.post(
    "/v1/gigs",
    status_code=status.HTTP_201_CREATED,
    summary="Post a gig",
    responses=problem_responses(
        *ACTING_ERRORS,
        InvalidToken,
        RoleRequired,
        EmailUnverified,
        NotBusinessOwner,
        BusinessNotFound,
        *_GIG_RULES,
        IdempotencyKeyReused,
        IdempotencyKeyInProgress,
    ),
)
async def create_gig(
    body: GigCreate, principal: OwnerUser, session: SessionDep, idempotency: Idempotency
) -> GigRead:
    """Post a gig for one of your businesses, published at once (`open`) or as a `draft`."""
    gig = await gigs.create_gig(session, principal, body)
    return await idempotency.complete(gig, status_code=status.HTTP_201_CREATED)


@router.get(
    "/v1/gigs",
    summary="Search gigs",
    responses=problem_responses(
        *ACTING_ERRORS,
        InvalidCursor,
        InvalidToken,
        RoleRequired,
        StatusRequiresMine,
        SortRequiresQuery,
        BudgetRangeInvalid,
    ),
)
async def list_gigs(
    query: Annotated[GigListQuery, Query()],
    page: PageParamsDep,
    viewer: OptionalUser,
    session: SessionDep,
) -> Page[GigSummary]:
    """Public gigs with filters, full-text search and keyset pagination; `mine=true` for yours."""
    return await gig_search.list_gigs(session, viewer, query, page)


@router.get(
    "/v1/gigs/{gig_id}",
    summary="Read a gig",
    responses=problem_responses(*ACTING_ERRORS, InvalidToken, GigNotFound, PoolExclusiveWindow),
)
async def read_gig(gig_id: uuid.UUID, viewer: OptionalUser, session: SessionDep) -> GigRead:
    """A gig with its business, category, skills and region; drafts only for their owner, and
    a gig offered to a talent pool only for the pool's members until `exclusive_until`."""
    return await gigs.get_gig(session, gig_id, viewer)


@router.patch(
    "/v1/gigs/{gig_id}",
    summary="Edit a gig",
    responses=problem_responses(
        *ACTING_ERRORS, InvalidToken, NotGigOwner, GigNotFound, GigNotEditable, *_GIG_RULES
    ),
)
async def update_gig(
    gig_id: uuid.UUID, body: GigUpdate, principal: CurrentUser, session: SessionDep
) -> GigRead:
    """Change a draft or open gig you own; the result must pass the same rules as a new gig."""
    return await gigs.update_gig(session, principal, gig_id, body)


@router.post(
    "/v1/gigs/{gig_id}/publish",
    summary="Publish a draft gig",
    responses=problem_responses(
        *ACTING_ERRORS,
        InvalidToken,
        EmailUnverified,
        NotGigOwner,
        GigNotFound,
        InvalidTransition,
        DeadlinePassed,
    ),
)
async def publish_gig(gig_id: uuid.UUID, principal: CurrentUser, session: SessionDep) -> GigRead:
    """Open a draft for proposals; its deadline must still be in the future."""
    return await gigs.publish_gig(session, principal, gig_id)


@router.post(
    "/v1/gigs/{gig_id}/cancel",
    summary="Cancel a gig",
    responses=problem_responses(
        *ACTING_ERRORS, InvalidToken, NotGigOwner, GigNotFound, InvalidTransition, GigHasContract
    ),
)
async def cancel_gig(gig_id: uuid.UUID, principal: CurrentUser, session: SessionDep) -> GigRead:
    """Cancel a draft or open gig; its live proposals are declined and their creatives told."""
    return await gigs.cancel_gig(session, principal, gig_id)
