"""Partner apps: registration by admins, and the connected apps a user can see and revoke."""

from typing import Annotated

from fastapi import APIRouter, Path, status

from app.core.auth import AdminUser, CurrentUser
from app.core.db import SessionDep
from app.core.errors import InsufficientScope, InvalidToken, RoleRequired
from app.core.idempotency import Idempotency, IdempotencyKeyInProgress, IdempotencyKeyReused
from app.core.pagination import Page, PageParamsDep
from app.core.problems import problem_responses
from app.schemas.partners import (
    ConnectedAppRead,
    PartnerAppCreate,
    PartnerAppCredentials,
    PartnerAppRead,
)
from app.services.audit import AuditActor
from app.services.partners import apps, consent
from app.services.partners.apps import UnknownPartnerApp, UnknownScope
from app.services.partners.consent import ConnectedAppNotFound

router = APIRouter(tags=["partners"])

ClientId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_\-]+$")]
_ADMIN_ERRORS = (InvalidToken, InsufficientScope, RoleRequired)


@router.post(
    "/v1/admin/partner-apps",
    status_code=status.HTTP_201_CREATED,
    summary="Register a partner app",
    responses=problem_responses(
        *_ADMIN_ERRORS, UnknownScope, IdempotencyKeyReused, IdempotencyKeyInProgress
    ),
)
async def create_partner_app(
    body: PartnerAppCreate, admin: AdminUser, session: SessionDep, idempotency: Idempotency
) -> PartnerAppCredentials:
    """Admins only; the response is the only time the client secret is shown."""
    credentials = await apps.create_partner_app(session, body, actor=AuditActor.admin(admin))
    return await idempotency.complete(credentials, status_code=status.HTTP_201_CREATED, secret=True)


@router.get(
    "/v1/admin/partner-apps",
    summary="List partner apps",
    responses=problem_responses(*_ADMIN_ERRORS),
)
async def list_partner_apps(
    admin: AdminUser, session: SessionDep, page: PageParamsDep
) -> Page[PartnerAppRead]:
    """Every registered app, oldest first."""
    return await apps.list_apps(session, page)


@router.post(
    "/v1/admin/partner-apps/{client_id}/rotate-secret",
    summary="Rotate a partner app's client secret",
    responses=problem_responses(*_ADMIN_ERRORS, UnknownPartnerApp),
)
async def rotate_partner_app_secret(
    client_id: ClientId, admin: AdminUser, session: SessionDep
) -> PartnerAppCredentials:
    """The old secret stops working at once; the new one is shown only here."""
    return await apps.rotate_secret(session, client_id, actor=AuditActor.admin(admin))


@router.post(
    "/v1/admin/partner-apps/{client_id}/suspend",
    summary="Suspend a partner app",
    responses=problem_responses(*_ADMIN_ERRORS, UnknownPartnerApp),
)
async def suspend_partner_app(
    client_id: ClientId, admin: AdminUser, session: SessionDep
) -> PartnerAppRead:
    """Its tokens are refused from the next request on, and revoked."""
    return await apps.suspend_app(session, client_id, actor=AuditActor.admin(admin))


@router.post(
    "/v1/admin/partner-apps/{client_id}/reactivate",
    summary="Reactivate a suspended partner app",
    responses=problem_responses(*_ADMIN_ERRORS, UnknownPartnerApp),
)
async def reactivate_partner_app(
    client_id: ClientId, admin: AdminUser, session: SessionDep
) -> PartnerAppRead:
    """Users must authorize it again: suspension revoked its tokens."""
    return await apps.reactivate_app(session, client_id, actor=AuditActor.admin(admin))


@router.get(
    "/v1/me/connected-apps",
    summary="Apps connected to my account",
    responses=problem_responses(InvalidToken, InsufficientScope),
)
async def list_connected_apps(
    principal: CurrentUser, session: SessionDep, page: PageParamsDep
) -> Page[ConnectedAppRead]:
    """Partner apps this account has authorized, with what each may do (first-party only)."""
    return await consent.list_connected_apps(session, principal.id, page)


@router.delete(
    "/v1/me/connected-apps/{client_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Disconnect an app",
    responses=problem_responses(InvalidToken, InsufficientScope, ConnectedAppNotFound),
)
async def revoke_connected_app(
    client_id: ClientId, principal: CurrentUser, session: SessionDep
) -> None:
    """Revoke the app's access: its tokens for this account stop working at once."""
    await consent.revoke_connected_app(session, user_id=principal.id, client_id=client_id)
