import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from app.core.auth import OwnerUser, scoped
from app.core.db import SessionDep
from app.core.errors import (
    InsufficientScope,
    InvalidCursor,
    InvalidToken,
    InvalidTransition,
    RoleRequired,
)
from app.core.idempotency import Idempotency, IdempotencyKeyInProgress, IdempotencyKeyReused
from app.core.pagination import Page, PageParamsDep
from app.core.principal import Principal
from app.core.problems import problem_responses
from app.core.scopes import Scope
from app.models import InvitationStatus
from app.schemas.invitations import InvitationAccepted, InvitationCreate, InvitationRead
from app.services import invitations
from app.services.creatives import CreativeNotFound
from app.services.gigs import GigNotFound, NotGigOwner
from app.services.hubs.pool_access import InviteeNotInPool
from app.services.invitation_caps import (
    CreativeDailyInvitationLimit,
    OwnerDailyInvitationLimit,
)
from app.services.invitations import (
    AlreadyProposed,
    InvitationExists,
    InvitationExpired,
    InvitationLimitReached,
    InvitationNotFound,
    MineRequired,
    NotAnInvitationParty,
    NotInvitedCreative,
)
from app.services.proposals import GigNotOpen

router = APIRouter(tags=["invitations"])

# Partner apps acting for a creative answer invitations with this scope; reading the list is
# part of answering, so it needs the same scope (there is no separate read scope).
InvitationAnswerer = Annotated[Principal, scoped(Scope.invitations_write)]
_ANSWER_ERRORS = (
    InvalidToken,
    InsufficientScope,
    NotInvitedCreative,
    InvitationNotFound,
    InvitationExpired,
    InvalidTransition,
)


@router.post(
    "/v1/gigs/{gig_id}/invitations",
    status_code=status.HTTP_201_CREATED,
    summary="Invite a creative to my gig",
    responses=problem_responses(
        InvalidToken,
        RoleRequired,
        NotGigOwner,
        GigNotFound,
        GigNotOpen,
        CreativeNotFound,
        InviteeNotInPool,
        InvitationExists,
        AlreadyProposed,
        InvitationLimitReached,
        OwnerDailyInvitationLimit,
        CreativeDailyInvitationLimit,
        IdempotencyKeyReused,
        IdempotencyKeyInProgress,
    ),
)
async def invite_creative(
    gig_id: uuid.UUID,
    body: InvitationCreate,
    principal: OwnerUser,
    session: SessionDep,
    idempotency: Idempotency,
) -> InvitationRead:
    """Ask a creative to send a proposal for your open gig; each creative once per gig."""
    invitation = await invitations.invite_creative(session, principal, gig_id, body)
    return await idempotency.complete(invitation, status_code=status.HTTP_201_CREATED)


@router.get(
    "/v1/invitations",
    summary="List my invitations",
    responses=problem_responses(
        InvalidToken, InsufficientScope, InvalidCursor, NotAnInvitationParty, MineRequired
    ),
)
async def list_invitations(
    principal: InvitationAnswerer,
    session: SessionDep,
    page: PageParamsDep,
    mine: Annotated[bool, Query(description="Must be true: your own invitations")] = True,
    status: Annotated[InvitationStatus | None, Query(description="Only this status")] = None,
    gig_id: Annotated[uuid.UUID | None, Query(description="Only this gig's")] = None,
) -> Page[InvitationRead]:
    """Owners see the invitations they sent, creatives those they received; newest first."""
    return await invitations.list_invitations(
        session, principal, mine=mine, status=status, gig_id=gig_id, page=page
    )


@router.post(
    "/v1/invitations/{invitation_id}/accept",
    summary="Accept an invitation",
    responses=problem_responses(*_ANSWER_ERRORS),
)
async def accept_invitation(
    invitation_id: uuid.UUID, principal: InvitationAnswerer, session: SessionDep
) -> InvitationAccepted:
    """The invited creative accepts; the answer says where to send the proposal."""
    return await invitations.accept_invitation(session, principal, invitation_id)


@router.post(
    "/v1/invitations/{invitation_id}/decline",
    summary="Decline an invitation",
    responses=problem_responses(*_ANSWER_ERRORS),
)
async def decline_invitation(
    invitation_id: uuid.UUID, principal: InvitationAnswerer, session: SessionDep
) -> InvitationRead:
    """The invited creative declines; the owner cannot invite them to this gig again."""
    return await invitations.decline_invitation(session, principal, invitation_id)
