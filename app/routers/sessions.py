"""Sessions: the account's sign-ins, ending one or all, and RFC 7009 token revocation."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Form, status

from app.core.auth import CurrentUser
from app.core.db import SessionDep
from app.core.errors import InsufficientScope, InvalidCursor, InvalidToken
from app.core.pagination import Page, PageParamsDep
from app.core.problems import problem_responses
from app.schemas.sessions import SessionRead, TokenRevocationForm
from app.services import sessions
from app.services.sessions import SessionNotFound

router = APIRouter(tags=["auth"])


@router.get(
    "/v1/me/sessions",
    summary="Where my account is signed in",
    responses=problem_responses(InvalidToken, InsufficientScope, InvalidCursor),
)
async def list_sessions(
    principal: CurrentUser, session: SessionDep, page: PageParamsDep
) -> Page[SessionRead]:
    """Live sign-ins with their device (user agent), app, start and last use, most recently
    used first."""
    return await sessions.list_sessions(session, principal, page)


@router.delete(
    "/v1/me/sessions/{session_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Sign out one session",
    responses=problem_responses(InvalidToken, InsufficientScope, SessionNotFound),
)
async def end_session(session_id: uuid.UUID, principal: CurrentUser, session: SessionDep) -> None:
    """Its access and refresh tokens stop working at once."""
    await sessions.end_session(session, principal, session_id)


@router.post(
    "/v1/me/sessions/revoke-all",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Sign out everywhere",
    responses=problem_responses(InvalidToken, InsufficientScope),
)
async def end_all_sessions(principal: CurrentUser, session: SessionDep) -> None:
    """Every session of the account ends, this one included; connected apps are kept."""
    await sessions.end_all_sessions(session, principal)


@router.post(
    "/v1/auth/revoke",
    summary="Revoke a token (RFC 7009)",
    responses=problem_responses(),
)
async def revoke_token(
    form: Annotated[TokenRevocationForm, Form()], session: SessionDep
) -> dict[str, str]:
    """Send `token` (an access or refresh token); its sign-in ends. Always 200, known token
    or not."""
    await sessions.revoke_token(session, form.token)
    return {}
