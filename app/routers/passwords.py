"""Forgotten passwords (reset by mailed code) and changing one's password."""

from __future__ import annotations

from fastapi import APIRouter, status

from app.core.auth import CurrentUser
from app.core.db import SessionDep
from app.core.errors import InsufficientScope, InvalidToken, RateLimited
from app.core.problems import problem_responses
from app.schemas.auth import (
    PasswordChange,
    PasswordResetConfirm,
    PasswordResetRequest,
    PasswordResetRequested,
)
from app.services import passwords
from app.services.account_tokens import ACCOUNT_TOKEN_ERRORS
from app.services.password_policy import WeakPassword
from app.services.passwords import CurrentPasswordIncorrect

router = APIRouter(tags=["auth"])


@router.post(
    "/v1/auth/password-reset",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Ask for a password reset code by mail",
    responses=problem_responses(),
)
async def request_password_reset(
    body: PasswordResetRequest, session: SessionDep
) -> PasswordResetRequested:
    """Always 202 with the same body, whether or not the address has an account; a code valid
    for 30 minutes is mailed when it has."""
    return await passwords.request_password_reset(session, body.email)


@router.post(
    "/v1/auth/password-reset/confirm",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Set a new password with the mailed code",
    responses=problem_responses(*ACCOUNT_TOKEN_ERRORS, WeakPassword),
)
async def confirm_password_reset(body: PasswordResetConfirm, session: SessionDep) -> None:
    """The code works once; every token of the account is revoked (sign in again)."""
    await passwords.reset_password(session, token=body.token, new_password=body.new_password)


@router.post(
    "/v1/me/password",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Change the password",
    responses=problem_responses(
        InvalidToken, InsufficientScope, CurrentPasswordIncorrect, WeakPassword, RateLimited
    ),
)
async def change_password(
    body: PasswordChange, principal: CurrentUser, session: SessionDep
) -> None:
    """Needs the current password; every other sign-in of the account ends."""
    await passwords.change_password(
        session,
        principal,
        current_password=body.current_password,
        new_password=body.new_password,
    )
