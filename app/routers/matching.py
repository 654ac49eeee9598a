import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from app.core.auth import CurrentUser, scoped
from app.core.db import SessionDep
from app.core.errors import InsufficientScope, InvalidToken, RoleRequired
from app.core.principal import Principal
from app.core.problems import problem_responses
from app.core.scopes import Scope
from app.schemas.matching import CreativeMatchList, GigMatchList
from app.services.creatives import ProfileMissing
from app.services.gigs import GigNotFound, NotGigOwner
from app.services.hubs.pool_access import PoolNotFound
from app.services.matching import recommendations
from app.services.matching.recommendations import MAX_MATCHES

router = APIRouter(tags=["matching"])

MatchLimit = Annotated[
    int, Query(ge=1, le=MAX_MATCHES, description=f"How many to return (1-{MAX_MATCHES})")
]


@router.get(
    "/v1/gigs/{gig_id}/matches",
    summary="Best creatives for my gig",
    responses=problem_responses(
        InvalidToken, InsufficientScope, NotGigOwner, GigNotFound, PoolNotFound
    ),
)
async def match_gig_creatives(
    gig_id: uuid.UUID,
    principal: CurrentUser,
    session: SessionDep,
    limit: MatchLimit = 20,
    pool: Annotated[
        uuid.UUID | None, Query(description="Only members of this hub talent pool")
    ] = None,
) -> CreativeMatchList:
    """The gig's owner gets ranked creatives, each with a score and the reasons behind it;
    `pool` ranks only a talent pool's members (the default while the gig's own pool has it)."""
    return await recommendations.match_creatives(session, principal, gig_id, limit=limit, pool=pool)


@router.get(
    "/v1/creatives/me/recommended-gigs",
    summary="Open gigs recommended to me",
    responses=problem_responses(InvalidToken, InsufficientScope, RoleRequired, ProfileMissing),
)
async def recommend_my_gigs(
    principal: Annotated[Principal, scoped(Scope.gigs_read, Scope.profile_read)],
    session: SessionDep,
    limit: MatchLimit = 20,
) -> GigMatchList:
    """A creative with a profile gets open gigs ranked by fit, each with its reasons."""
    return await recommendations.recommend_gigs(session, principal, limit=limit)
