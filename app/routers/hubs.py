"""Hubs, their staff and their affiliated creatives."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from app.core.auth import AdminUser, CurrentUser
from app.core.db import SessionDep
from app.core.errors import InvalidCursor, InvalidToken, InvalidTransition, RoleRequired
from app.core.idempotency import Idempotency, IdempotencyKeyInProgress, IdempotencyKeyReused
from app.core.pagination import Page, PageParamsDep
from app.core.problems import problem_responses
from app.models import HubCreativeStatus, HubKind
from app.schemas.hubs import (
    AffiliationRead,
    CreativeInvite,
    HubCreate,
    HubRead,
    HubSummary,
    HubUpdate,
    MyHubMembership,
    StaffInvite,
    StaffRead,
)
from app.services.audit import AuditActor
from app.services.hubs import affiliations, hubs, staff
from app.services.hubs.access import HubNotFound, HubRoleRequired
from app.services.hubs.affiliations import (
    AffiliationDecisionNotYours,
    AffiliationExists,
    AffiliationNotFound,
    CreativeProfileRequired,
)
from app.services.hubs.hubs import HubSlugTaken, ParentHubNotFound
from app.services.hubs.staff import (
    LastHubAdmin,
    StaffAlreadyMember,
    StaffEmailMismatch,
    StaffInvitationNotFound,
    StaffNotFound,
)
from app.services.reference import UnknownRegion

router = APIRouter(tags=["hubs"])
_STAFF = (InvalidToken, HubNotFound, HubRoleRequired)
_CREATE = (IdempotencyKeyReused, IdempotencyKeyInProgress)


@router.post(
    "/v1/admin/hubs",
    status_code=status.HTTP_201_CREATED,
    summary="Create a hub",
    responses=problem_responses(
        InvalidToken, RoleRequired, UnknownRegion, ParentHubNotFound, HubSlugTaken, *_CREATE
    ),
)
async def create_hub(
    body: HubCreate, principal: AdminUser, session: SessionDep, idempotency: Idempotency
) -> HubRead:
    """Administrators register a hub (co-working space, technopark, programme ...)."""
    hub = await hubs.create_hub(session, AuditActor.admin(principal), body)
    return await idempotency.complete(hub, status_code=status.HTTP_201_CREATED)


@router.get(
    "/v1/hubs",
    summary="List hubs",
    responses=problem_responses(InvalidCursor, UnknownRegion),
)
async def list_hubs(
    session: SessionDep,
    page: PageParamsDep,
    region: Annotated[str | None, Query(max_length=13, description="Province or regency")] = None,
    kind: Annotated[HubKind | None, Query(description="Only this kind")] = None,
) -> Page[HubSummary]:
    """Public list of hubs by name, optionally in a region or of one kind."""
    return await hubs.list_hubs(session, region=region, kind=kind, page=page)


@router.get("/v1/hubs/{hub_id}", summary="Read a hub", responses=problem_responses(HubNotFound))
async def get_hub(hub_id: uuid.UUID, session: SessionDep) -> HubRead:
    """A hub's public page data with its counts of verified creatives and assisted UMKM."""
    return await hubs.get_hub(session, hub_id)


@router.patch("/v1/hubs/{hub_id}", summary="Edit a hub", responses=problem_responses(*_STAFF))
async def update_hub(
    hub_id: uuid.UUID, body: HubUpdate, principal: CurrentUser, session: SessionDep
) -> HubRead:
    """A hub admin changes the hub's public data."""
    return await hubs.update_hub(session, principal, hub_id, body)


@router.post(
    "/v1/hubs/{hub_id}/staff",
    status_code=status.HTTP_201_CREATED,
    summary="Invite hub staff",
    responses=problem_responses(*_STAFF, StaffAlreadyMember, *_CREATE),
)
async def invite_staff(
    hub_id: uuid.UUID,
    body: StaffInvite,
    principal: CurrentUser,
    session: SessionDep,
    idempotency: Idempotency,
) -> StaffRead:
    """A hub admin invites a person by email as hub admin or facilitator."""
    invited = await staff.invite_staff(session, principal, hub_id, body)
    return await idempotency.complete(invited, status_code=status.HTTP_201_CREATED)


@router.get(
    "/v1/hubs/{hub_id}/staff", summary="List hub staff", responses=problem_responses(*_STAFF)
)
async def list_staff(
    hub_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> Page[StaffRead]:
    """The hub's staff and open invitations, for its staff."""
    return await staff.list_staff(session, principal, hub_id)


@router.delete(
    "/v1/hubs/{hub_id}/staff/{staff_id}",
    summary="Remove hub staff",
    responses=problem_responses(*_STAFF, StaffNotFound, LastHubAdmin, InvalidTransition),
)
async def remove_staff(
    hub_id: uuid.UUID, staff_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> StaffRead:
    """A hub admin removes a member or withdraws an invitation; delegations held through the
    hub stop working at once."""
    return await staff.remove_staff(session, principal, hub_id, staff_id)


@router.post(
    "/v1/hub-invitations/{staff_id}/accept",
    summary="Accept a hub staff invitation",
    responses=problem_responses(
        InvalidToken, StaffInvitationNotFound, StaffEmailMismatch, StaffAlreadyMember
    ),
)
async def accept_staff_invitation(
    staff_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> MyHubMembership:
    """The invited person, signed in with the confirmed address the invitation went to."""
    return await staff.accept_staff_invitation(session, principal, staff_id)


@router.get("/v1/me/hubs", summary="My hub memberships", responses=problem_responses(InvalidToken))
async def list_my_hubs(principal: CurrentUser, session: SessionDep) -> Page[MyHubMembership]:
    """Hubs I work for, and invitations waiting for me."""
    return await staff.list_my_hubs(session, principal)


@router.post(
    "/v1/hubs/{hub_id}/creatives/join",
    status_code=status.HTTP_201_CREATED,
    summary="Ask to join a hub",
    responses=problem_responses(
        InvalidToken,
        RoleRequired,
        HubNotFound,
        CreativeProfileRequired,
        AffiliationExists,
        InvalidTransition,
    ),
)
async def request_to_join(
    hub_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> AffiliationRead:
    """A creative asks to be affiliated; the hub's staff approve or decline."""
    return await affiliations.request_to_join(session, principal, hub_id)


@router.post(
    "/v1/hubs/{hub_id}/creatives/invite",
    status_code=status.HTTP_201_CREATED,
    summary="Invite a creative to a hub",
    responses=problem_responses(
        *_STAFF, CreativeProfileRequired, AffiliationExists, InvalidTransition
    ),
)
async def invite_creative(
    hub_id: uuid.UUID, body: CreativeInvite, principal: CurrentUser, session: SessionDep
) -> AffiliationRead:
    """Hub staff invite a creative; the creative accepts or declines."""
    return await affiliations.invite_creative(session, principal, hub_id, body.creative_id)


@router.get(
    "/v1/hubs/{hub_id}/creatives",
    summary="List a hub's creatives",
    responses=problem_responses(*_STAFF, InvalidCursor),
)
async def list_hub_creatives(
    hub_id: uuid.UUID,
    principal: CurrentUser,
    session: SessionDep,
    page: PageParamsDep,
    status: Annotated[HubCreativeStatus | None, Query(description="Only this status")] = None,
) -> Page[AffiliationRead]:
    """Requests, invitations and verified members, for the hub's staff."""
    return await affiliations.list_hub_creatives(session, principal, hub_id, status, page)


@router.get(
    "/v1/me/hub-affiliations",
    summary="My hub affiliations",
    responses=problem_responses(InvalidToken, RoleRequired),
)
async def list_my_affiliations(
    principal: CurrentUser, session: SessionDep
) -> Page[AffiliationRead]:
    """A creative's affiliations in every status."""
    return await affiliations.list_my_affiliations(session, principal)


_DECISION = problem_responses(
    InvalidToken, AffiliationNotFound, AffiliationDecisionNotYours, InvalidTransition
)


@router.post(
    "/v1/hub-affiliations/{affiliation_id}/approve",
    summary="Approve a creative's request",
    responses=_DECISION,
)
async def approve_affiliation(
    affiliation_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> AffiliationRead:
    """Hub staff verify a creative who asked to join."""
    return await affiliations.decide_affiliation(session, principal, affiliation_id, "approve")


@router.post(
    "/v1/hub-affiliations/{affiliation_id}/accept",
    summary="Accept a hub's invitation",
    responses=_DECISION,
)
async def accept_affiliation(
    affiliation_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> AffiliationRead:
    """The invited creative joins the hub."""
    return await affiliations.decide_affiliation(session, principal, affiliation_id, "accept")


@router.post(
    "/v1/hub-affiliations/{affiliation_id}/decline",
    summary="Decline a request or an invitation",
    responses=_DECISION,
)
async def decline_affiliation(
    affiliation_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> AffiliationRead:
    """The side that did not ask says no."""
    return await affiliations.decide_affiliation(session, principal, affiliation_id, "decline")


@router.post(
    "/v1/hub-affiliations/{affiliation_id}/remove",
    summary="End a hub affiliation",
    responses=_DECISION,
)
async def remove_affiliation(
    affiliation_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> AffiliationRead:
    """Either the hub or the creative ends an active affiliation."""
    return await affiliations.decide_affiliation(session, principal, affiliation_id, "remove")
