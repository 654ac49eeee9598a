"""Operator tools: suspending and reinstating accounts, and the admin audit log."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from app.core.auth import AdminUser
from app.core.db import SessionDep
from app.core.errors import (
    InsufficientScope,
    InvalidCursor,
    InvalidToken,
    InvalidTransition,
    RoleRequired,
)
from app.core.pagination import Page, PageParamsDep
from app.core.problems import problem_responses
from app.schemas.privacy import AdminReason, AuditEntryRead, UserStatusRead
from app.services import audit, suspension
from app.services.audit import AuditActor
from app.services.suspension import CannotSuspendSelf, UserNotFound

router = APIRouter(tags=["admin"])

_ADMIN_ERRORS = (InvalidToken, InsufficientScope, RoleRequired)


@router.post(
    "/v1/admin/users/{user_id}/suspend",
    summary="Suspend an account",
    responses=problem_responses(*_ADMIN_ERRORS, UserNotFound, CannotSuspendSelf, InvalidTransition),
)
async def suspend_user(
    user_id: uuid.UUID, body: AdminReason, admin: AdminUser, session: SessionDep
) -> UserStatusRead:
    """Sessions end at once, sign-in answers 403 `account_suspended`, the profile and gigs are
    hidden; money is not touched (README, "Operator tools")."""
    return await suspension.suspend_user(
        session, AuditActor.admin(admin), user_id=user_id, reason=body.reason
    )


@router.post(
    "/v1/admin/users/{user_id}/reinstate",
    summary="Lift an account's suspension",
    responses=problem_responses(*_ADMIN_ERRORS, UserNotFound, InvalidTransition),
)
async def reinstate_user(
    user_id: uuid.UUID, body: AdminReason, admin: AdminUser, session: SessionDep
) -> UserStatusRead:
    """The user may sign in again (with new tokens); profile and gigs reappear."""
    return await suspension.reinstate_user(
        session, AuditActor.admin(admin), user_id=user_id, reason=body.reason
    )


@router.get(
    "/v1/admin/audit-log",
    summary="What administrators did",
    responses=problem_responses(*_ADMIN_ERRORS, InvalidCursor),
)
async def list_audit_log(
    admin: AdminUser,
    session: SessionDep,
    page: PageParamsDep,
    target_type: Annotated[
        str | None, Query(max_length=32, pattern=r"^[a-z_]+$", description="e.g. `user`")
    ] = None,
    target_id: Annotated[str | None, Query(max_length=100, pattern=r"^[A-Za-z0-9_\-]+$")] = None,
    action: Annotated[
        str | None, Query(max_length=64, pattern=r"^[a-z_.]+$", description="e.g. `user.suspend`")
    ] = None,
) -> Page[AuditEntryRead]:
    """Newest first; every admin action (API or CLI): who, what, which target, why, when."""
    return await audit.list_audit_log(
        session, page=page, target_type=target_type, target_id=target_id, action=action
    )
