"""Assisted owners (UMKM binaan), account claims, delegations and payment requests."""

import uuid

from fastapi import APIRouter, status

from app.core.acting import ACTING_ERRORS
from app.core.auth import CurrentUser
from app.core.db import SessionDep
from app.core.errors import InvalidCursor, InvalidToken, InvalidTransition, RoleRequired
from app.core.idempotency import Idempotency, IdempotencyKeyInProgress, IdempotencyKeyReused
from app.core.pagination import Page, PageParamsDep
from app.core.problems import problem_responses
from app.schemas.auth import UserRead
from app.schemas.hubs import (
    AccountClaim,
    AssistedBusinessCreate,
    AssistedBusinessJoin,
    AssistedBusinessRead,
    DelegationApproveByLink,
    DelegationCreate,
    DelegationRead,
    PaymentRequestRead,
)
from app.services.accounts import EmailTaken
from app.services.hubs import assisted, delegations, payment_requests
from app.services.hubs.access import HubNotFound, HubRoleRequired
from app.services.hubs.assisted import (
    AccountAlreadyClaimed,
    AlreadyAssisted,
    AssistedBusinessNotFound,
    ClaimEmailRequired,
    OwnerAccountExists,
)
from app.services.hubs.delegations import (
    DelegationExpired,
    DelegationNotFound,
    DelegationOwnerNotFound,
    DelegationOwnerRequired,
)
from app.services.hubs.links import HubLinkExpired, HubLinkInvalid
from app.services.hubs.payment_requests import (
    MilestoneNotPayable,
    PaymentRequestMilestoneNotFound,
    PaymentRequestNeedsActing,
)
from app.services.password_policy import WeakPassword
from app.services.reference import UnknownRegion

router = APIRouter(tags=["delegations"])
_STAFF = (InvalidToken, HubNotFound, HubRoleRequired)
_CREATE = (IdempotencyKeyReused, IdempotencyKeyInProgress)


@router.post(
    "/v1/hubs/{hub_id}/assisted-businesses",
    status_code=status.HTTP_201_CREATED,
    summary="Register an owner and her business",
    responses=problem_responses(*_STAFF, UnknownRegion, OwnerAccountExists, *_CREATE),
)
async def register_assisted_business(
    hub_id: uuid.UUID,
    body: AssistedBusinessCreate,
    principal: CurrentUser,
    session: SessionDep,
    idempotency: Idempotency,
) -> AssistedBusinessRead:
    """A facilitator registers a new owner with her business; the owner is invited to claim
    her account, and until then the facilitator may only prepare drafts."""
    registered = await assisted.register_assisted_business(session, principal, hub_id, body)
    return await idempotency.complete(registered, status_code=status.HTTP_201_CREATED)


@router.post(
    "/v1/hubs/{hub_id}/assisted-businesses/join",
    status_code=status.HTTP_201_CREATED,
    summary="Register my business with a hub",
    responses=problem_responses(
        InvalidToken, RoleRequired, HubNotFound, AssistedBusinessNotFound, AlreadyAssisted
    ),
)
async def join_as_assisted(
    hub_id: uuid.UUID, body: AssistedBusinessJoin, principal: CurrentUser, session: SessionDep
) -> AssistedBusinessRead:
    """An owner makes one of her businesses an assisted business (UMKM binaan) of the hub."""
    return await assisted.join_as_assisted(session, principal, hub_id, body)


@router.get(
    "/v1/hubs/{hub_id}/assisted-businesses",
    summary="List a hub's assisted businesses",
    responses=problem_responses(*_STAFF, InvalidCursor),
)
async def list_assisted_businesses(
    hub_id: uuid.UUID, principal: CurrentUser, session: SessionDep, page: PageParamsDep
) -> Page[AssistedBusinessRead]:
    """The hub's UMKM binaan, newest first, for its staff."""
    return await assisted.list_assisted_businesses(session, principal, hub_id, page)


@router.post(
    "/v1/account/claim",
    summary="Claim an account a hub registered for you",
    responses=problem_responses(
        HubLinkInvalid,
        HubLinkExpired,
        AccountAlreadyClaimed,
        ClaimEmailRequired,
        EmailTaken,
        WeakPassword,
    ),
)
async def claim_account(body: AccountClaim, session: SessionDep) -> UserRead:
    """Set your own password with the code from the mail (or from your facilitator); then
    sign in as usual."""
    return await assisted.claim_account(session, body)


@router.post(
    "/v1/hubs/{hub_id}/delegations",
    status_code=status.HTTP_201_CREATED,
    summary="Ask an owner for a delegation",
    responses=problem_responses(
        *_STAFF, DelegationOwnerRequired, DelegationOwnerNotFound, *_CREATE
    ),
)
async def request_delegation(
    hub_id: uuid.UUID,
    body: DelegationCreate,
    principal: CurrentUser,
    session: SessionDep,
    idempotency: Idempotency,
) -> DelegationRead:
    """A facilitator asks to act for an owner within scopes for some days; the owner is
    mailed a code and can approve in the app."""
    requested = await delegations.request_delegation(session, principal, hub_id, body)
    return await idempotency.complete(requested, status_code=status.HTTP_201_CREATED)


@router.get(
    "/v1/me/delegations",
    summary="My delegations",
    responses=problem_responses(InvalidToken, InvalidCursor),
)
async def list_my_delegations(
    principal: CurrentUser, session: SessionDep, page: PageParamsDep
) -> Page[DelegationRead]:
    """Delegations I gave (as an owner) or hold (as a facilitator), newest first."""
    return await delegations.list_my_delegations(session, principal, page)


_DECISION = problem_responses(
    InvalidToken, DelegationNotFound, InvalidTransition, DelegationExpired
)


@router.post(
    "/v1/delegations/{delegation_id}/approve", summary="Approve a delegation", responses=_DECISION
)
async def approve_delegation(
    delegation_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> DelegationRead:
    """The owner lets the facilitator act for her within the requested scopes."""
    return await delegations.approve_delegation(session, principal, delegation_id)


@router.post(
    "/v1/delegations/approve-by-link",
    summary="Approve a delegation with the mailed code",
    responses=problem_responses(
        HubLinkInvalid, HubLinkExpired, InvalidTransition, DelegationExpired
    ),
)
async def approve_delegation_by_link(
    body: DelegationApproveByLink, session: SessionDep
) -> DelegationRead:
    """For an owner who is not signed in: the code from the mail proves who she is."""
    return await delegations.approve_delegation_by_link(session, body.token)


@router.post(
    "/v1/delegations/{delegation_id}/decline", summary="Decline a delegation", responses=_DECISION
)
async def decline_delegation(
    delegation_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> DelegationRead:
    """The owner turns a request down."""
    return await delegations.decline_delegation(session, principal, delegation_id)


@router.post(
    "/v1/delegations/{delegation_id}/revoke", summary="Revoke a delegation", responses=_DECISION
)
async def revoke_delegation(
    delegation_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> DelegationRead:
    """The owner (or the facilitator giving it up) ends a delegation at once."""
    return await delegations.revoke_delegation(session, principal, delegation_id)


@router.post(
    "/v1/milestones/{milestone_id}/payment-requests",
    status_code=status.HTTP_201_CREATED,
    summary="Ask the owner to pay a milestone",
    responses=problem_responses(
        InvalidToken,
        *ACTING_ERRORS,
        PaymentRequestNeedsActing,
        PaymentRequestMilestoneNotFound,
        MilestoneNotPayable,
    ),
)
async def request_payment(
    milestone_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> PaymentRequestRead:
    """A facilitator acting for the owner mails her the amount and where to pay it herself."""
    return await payment_requests.request_payment(session, principal, milestone_id)
