from functools import partial
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
from app.schemas.auth import RegisterRequest, TokenResponse, UserRead
from app.schemas.partners import OAuthTokenForm
from app.services import accounts, tokens
from app.services.accounts import EmailTaken
from app.services.partners import apps, oauth
from app.services.partners.apps import InvalidClient
from app.services.partners.oauth import InvalidScope

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
    responses=problem_responses(
        InvalidRequest, InvalidCredentials, InvalidClient, InvalidGrant, InvalidScope, RateLimited
    ),
)
async def issue_token(
    form: Annotated[OAuthTokenForm, Form()], request: Request, session: SessionDep
) -> TokenResponse:
    """`password` signs in; `refresh_token` rotates; partner apps use `authorization_code`
    (with the PKCE `code_verifier`) and `client_credentials`, authenticating with HTTP Basic
    or `client_id`/`client_secret` fields."""
    basic_id, basic_secret = extract_basic_authorization(request.headers)
    client_id, client_secret = basic_id or form.client_id, basic_secret or form.client_secret
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
    elif form.grant_type == "refresh_token":
        if not form.refresh_token:
            raise InvalidRequest("refresh_token is required")
        app = (
            await apps.authenticate_client(session, client_id, client_secret) if client_id else None
        )
        issued = await tokens.rotate_refresh_token(
            session,
            form.refresh_token,
            client_id=app.client_id if app else None,
            scopes=partial(oauth.narrow_scopes, scope=form.scope),
        )
    elif form.grant_type == "authorization_code":
        app = await apps.authenticate_client(session, client_id, client_secret)
        issued = await oauth.exchange_code(
            session,
            app,
            code=form.code,
            redirect_uri=form.redirect_uri,
            code_verifier=form.code_verifier,
        )
    else:
        app = await apps.authenticate_client(session, client_id, client_secret)
        issued = await oauth.issue_app_token(session, app, form.scope)
    return TokenResponse(
        access_token=issued.access_token,
        refresh_token=issued.refresh_token,
        expires_in=issued.expires_in,
        scope=" ".join(issued.scopes),
    )


@router.get(
    "/v1/me",
    summary="The signed-in account",
    responses=problem_responses(InvalidToken, InsufficientScope),
)
async def read_me(principal: CurrentUser) -> UserRead:
    return UserRead.model_validate(principal.user)
