from typing import Annotated

from authlib.oauth2.rfc6749.util import extract_basic_authorization
from fastapi import APIRouter, Form, Request, status

from app.core.auth import CurrentUser
from app.core.db import SessionDep
from app.core.errors import (
    InsufficientScope,
    InvalidCredentials,
    InvalidGrant,
    InvalidRequest,
    InvalidToken,
    RateLimited,
)
from app.core.problems import problem_responses
from app.schemas.auth import (
    AccountTokenRequest,
    RegisterRequest,
    SignUpAccepted,
    TokenResponse,
    UserRead,
    UserUpdate,
)
from app.schemas.partners import OAuthTokenForm
from app.services import account_settings, accounts, token_grants
from app.services.account_tokens import ACCOUNT_TOKEN_ERRORS
from app.services.accounts import EmailTaken
from app.services.partners.apps import InvalidClient
from app.services.partners.oauth import InvalidScope
from app.services.password_policy import WeakPassword
from app.services.suspension import AccountSuspended

router = APIRouter(tags=["auth"])


@router.post(
    "/v1/auth/register",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Create an owner or creative account",
    responses=problem_responses(WeakPassword, RateLimited),
)
async def register(body: RegisterRequest, request: Request, session: SessionDep) -> SignUpAccepted:
    """Sign up as a UMKM owner or a creative; a verification link is mailed. A taken address
    gets the same answer (its owner gets a mail instead), so sign-up reveals no accounts."""
    return await accounts.register_user(
        session, body, client_address=request.client.host if request.client else None
    )


@router.post(
    "/v1/auth/token",
    summary="Get or refresh an access token (OAuth 2.0)",
    responses=problem_responses(
        InvalidRequest,
        InvalidCredentials,
        AccountSuspended,
        InvalidClient,
        InvalidGrant,
        InvalidScope,
        RateLimited,
    ),
)
async def issue_token(
    form: Annotated[OAuthTokenForm, Form()], request: Request, session: SessionDep
) -> TokenResponse:
    """`password` signs in; `refresh_token` rotates; partner apps use `authorization_code`
    (with the PKCE `code_verifier`) and `client_credentials`, authenticating with HTTP Basic
    or `client_id`/`client_secret` fields."""
    return await token_grants.grant_token(
        session,
        form,
        basic_credentials=extract_basic_authorization(request.headers),
        client_address=request.client.host if request.client else None,
        user_agent=request.headers.get("user-agent"),
    )


@router.patch(
    "/v1/me",
    summary="Change my name, phone, language or email",
    responses=problem_responses(InvalidToken, InsufficientScope),
)
async def update_me(body: UserUpdate, principal: CurrentUser, session: SessionDep) -> UserRead:
    """A new `email` is mailed a confirmation code (and the old address a notice); it takes
    effect at `POST /v1/me/email/confirm`."""
    return await account_settings.update_settings(session, principal, body)


@router.post(
    "/v1/me/email/confirm",
    summary="Confirm a new email address",
    responses=problem_responses(InvalidToken, InsufficientScope, *ACCOUNT_TOKEN_ERRORS, EmailTaken),
)
async def confirm_email(
    body: AccountTokenRequest, principal: CurrentUser, session: SessionDep
) -> UserRead:
    """Spends the code mailed to the new address (valid 24 hours)."""
    return await account_settings.confirm_email_change(session, principal, body.token)


@router.get(
    "/v1/me",
    summary="The signed-in account",
    responses=problem_responses(InvalidToken, InsufficientScope),
)
async def read_me(principal: CurrentUser) -> UserRead:
    return accounts.read_account(principal)
