from typing import Annotated

from fastapi import APIRouter, Form, Request, status

from app.core.auth import CurrentUser
from app.core.db import SessionDep
from app.core.errors import (
    InvalidCredentials,
    InvalidGrant,
    InvalidRequest,
    InvalidToken,
    RateLimited,
)
from app.core.problems import problem_responses
from app.schemas.auth import RegisterRequest, TokenForm, TokenResponse, UserRead
from app.services import accounts, tokens
from app.services.accounts import EmailTaken

router = APIRouter(tags=["auth"])


@router.post(
    "/v1/auth/register",
    status_code=status.HTTP_201_CREATED,
    summary="Create an owner or creative account",
    responses=problem_responses(EmailTaken),
)
async def register(body: RegisterRequest, session: SessionDep) -> UserRead:
    """Sign up as a UMKM owner or a creative; passwords are hashed with argon2."""
    user = await accounts.register_user(session, body)
    return UserRead.model_validate(user)


@router.post(
    "/v1/auth/token",
    summary="Get or refresh an access token (OAuth 2.0)",
    responses=problem_responses(InvalidRequest, InvalidCredentials, InvalidGrant, RateLimited),
)
async def issue_token(
    form: Annotated[TokenForm, Form()], request: Request, session: SessionDep
) -> TokenResponse:
    """`grant_type=password` signs in; `grant_type=refresh_token` rotates the refresh token."""
    if form.grant_type == "password":
        if not form.username or not form.password:
            raise InvalidRequest("username and password are required")
        user = await accounts.authenticate(
            session,
            email=form.username,
            password=form.password,
            client_address=request.client.host if request.client else None,
        )
        issued = await tokens.issue_tokens(session, user=user)
    else:
        if not form.refresh_token:
            raise InvalidRequest("refresh_token is required")
        issued = await tokens.rotate_refresh_token(session, form.refresh_token)
    return TokenResponse(
        access_token=issued.access_token,
        refresh_token=issued.refresh_token,
        expires_in=issued.expires_in,
        scope=" ".join(issued.scopes),
    )


@router.get(
    "/v1/me",
    summary="The signed-in account",
    responses=problem_responses(InvalidToken),
)
async def read_me(principal: CurrentUser) -> UserRead:
    return UserRead.model_validate(principal.user)
