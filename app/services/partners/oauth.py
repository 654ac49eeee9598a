"""OAuth 2.0 for partner apps: authorization code with PKCE (RFC 6749 + RFC 7636) and
client credentials. Authlib supplies the protocol pieces (scope lists, PKCE S256, URI
parameters); storage and rules are ours.

The code exchange runs as one transaction, except on code reuse: revoking what the code
issued is committed on its own before the error is raised, as for refresh-token reuse.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from authlib.common.urls import add_params_to_uri
from authlib.oauth2.rfc6749.util import scope_to_list
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oauth2.rfc7636.challenge import CODE_CHALLENGE_PATTERN, CODE_VERIFIER_PATTERN
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import BadRequest, InvalidGrant, InvalidRequest, RoleRequired
from app.core.scopes import APP_TOKEN_SCOPES
from app.core.security import new_token, token_digest
from app.models import (
    OAuthAuthorizationCode,
    PartnerApp,
    PartnerAppStatus,
    User,
    UserRole,
)
from app.models.base import new_id
from app.services import accounts, tokens
from app.services.partners import consent

AUTHORIZATION_CODE_TTL = timedelta(seconds=60)
AUTHORIZATION_CODE_PREFIX = "pk_ac_"


class InvalidScope(BadRequest):
    code, title = "invalid_scope", "The requested scope is invalid or exceeds what was granted"


class UntrustedAuthorizationRequest(BadRequest):
    """Unknown client or unregistered redirect URI: RFC 6749 4.1.2.1 forbids redirecting."""

    code, title = "invalid_authorization_request", "The app or its redirect URI is not registered"


class AuthorizationRedirectError(Exception):
    """An error reported to the app by redirecting back to its (verified) redirect URI."""

    def __init__(self, error: str, description: str, redirect_uri: str, state: str | None):
        super().__init__(description)
        self.error, self.description = error, description
        self.redirect_uri, self.state = redirect_uri, state

    @property
    def location(self) -> str:
        return redirect_location(
            self.redirect_uri,
            self.state,
            error=self.error,
            error_description=self.description,
        )


@dataclass(frozen=True)
class AuthorizationRequest:
    app: PartnerApp
    redirect_uri: str
    scopes: tuple[str, ...]
    state: str | None
    code_challenge: str


def redirect_location(redirect_uri: str, state: str | None, **params: str) -> str:
    """The redirect URI with the response parameters added (and `state` echoed)."""
    pairs = list(params.items()) + ([("state", state)] if state is not None else [])
    return str(add_params_to_uri(redirect_uri, pairs))


async def validate_authorization_request(
    session: AsyncSession, params: Mapping[str, str | None], *, duplicated: Sequence[str] = ()
) -> AuthorizationRequest:
    """Check an authorization request: the client and exact redirect URI first (errors shown
    on our page), then everything else (errors sent back to the app)."""
    client_id, redirect_uri = params.get("client_id"), params.get("redirect_uri")
    app = (
        await session.scalar(select(PartnerApp).where(PartnerApp.client_id == client_id))
        if client_id
        else None
    )
    if {"client_id", "redirect_uri"} & set(duplicated):
        raise UntrustedAuthorizationRequest("client_id and redirect_uri must appear once")
    if app is None or app.status is not PartnerAppStatus.active:
        raise UntrustedAuthorizationRequest("Unknown or suspended client_id")
    if not redirect_uri or redirect_uri not in app.redirect_uris:
        raise UntrustedAuthorizationRequest("redirect_uri does not exactly match a registered one")
    state = params.get("state")

    def fail(error: str, description: str) -> AuthorizationRedirectError:
        return AuthorizationRedirectError(error, description, redirect_uri, state)

    if duplicated:
        raise fail("invalid_request", f"Repeated parameter(s): {', '.join(duplicated)}")
    if params.get("response_type") != "code":
        raise fail("unsupported_response_type", "Only response_type=code is supported")
    challenge = params.get("code_challenge")
    if not challenge:
        raise fail("invalid_request", "PKCE is required: send code_challenge (S256)")
    if params.get("code_challenge_method") != "S256":
        raise fail("invalid_request", "code_challenge_method must be S256")
    if not CODE_CHALLENGE_PATTERN.match(challenge) or len(challenge) != 43:
        raise fail("invalid_request", "code_challenge is not a base64url SHA-256 digest")
    scope = params.get("scope")
    requested: list[str] = scope_to_list(scope) if scope else list(app.allowed_scopes)
    excess = sorted(set(requested) - set(app.allowed_scopes))
    if not requested or excess:
        raise fail("invalid_scope", f"Scope not allowed for this app: {' '.join(excess)}")
    return AuthorizationRequest(
        app=app,
        redirect_uri=redirect_uri,
        scopes=tuple(dict.fromkeys(requested)),
        state=state,
        code_challenge=challenge,
    )


async def approve_authorization(
    session: AsyncSession, request: AuthorizationRequest, user: User
) -> str:
    """Record the creative's consent and return the redirect carrying a one-time code."""
    if user.role is not UserRole.creative:
        raise RoleRequired("Only creative accounts can connect partner apps")
    await consent.record_grant(
        session, app_id=request.app.id, user_id=user.id, scopes=request.scopes
    )
    code = new_token(AUTHORIZATION_CODE_PREFIX)
    session.add(
        OAuthAuthorizationCode(
            code_hash=token_digest(code),
            app_id=request.app.id,
            user_id=user.id,
            redirect_uri=request.redirect_uri,
            scopes=list(request.scopes),
            code_challenge=request.code_challenge,
            expires_at=datetime.now(UTC) + AUTHORIZATION_CODE_TTL,
        )
    )
    await session.flush()
    return redirect_location(request.redirect_uri, request.state, code=code)


async def decide_authorization(
    session: AsyncSession,
    request: AuthorizationRequest,
    *,
    approve: bool,
    email: str,
    password: str,
    client_address: str | None,
) -> str:
    """The consent form's answer as the redirect back to the app: a denial at once, an
    approval only once the creative has signed in (sign-in errors are raised to the page)."""
    if not approve:
        return deny_authorization(request)
    user = await accounts.authenticate(
        session, email=email, password=password, client_address=client_address
    )
    return await approve_authorization(session, request, user)


def deny_authorization(request: AuthorizationRequest) -> str:
    return redirect_location(
        request.redirect_uri,
        request.state,
        error="access_denied",
        error_description="The user denied the request",
    )


def _invalid_grant(detail: str) -> InvalidGrant:
    return InvalidGrant(detail, error="invalid_grant")


async def exchange_code(
    session: AsyncSession,
    app: PartnerApp,
    *,
    code: str | None,
    redirect_uri: str | None,
    code_verifier: str | None,
) -> tokens.IssuedTokens:
    """Trade an authorization code (once) for a delegated access and refresh token."""
    if not code or not redirect_uri:
        raise InvalidRequest("code and redirect_uri are required", error="invalid_request")
    if not code_verifier or not CODE_VERIFIER_PATTERN.match(code_verifier):
        raise InvalidRequest(
            "code_verifier is required (43-128 characters of [A-Za-z0-9-._~])",
            error="invalid_request",
        )
    stored = await session.scalar(
        select(OAuthAuthorizationCode)
        .where(OAuthAuthorizationCode.code_hash == token_digest(code))
        .with_for_update()
    )
    if stored is None or stored.app_id != app.id:
        raise _invalid_grant("Unknown authorization code")
    now = datetime.now(UTC)
    if stored.used_at is not None:
        if stored.token_family_id is not None:
            await tokens.revoke_family(session, stored.token_family_id)
            await session.commit()
            raise _invalid_grant("Code was already used; the tokens it issued are revoked")
        raise _invalid_grant("Code is no longer valid")
    if stored.expires_at <= now:
        raise _invalid_grant("Authorization code has expired")
    if stored.redirect_uri != redirect_uri:
        raise _invalid_grant("redirect_uri differs from the authorization request")
    expected = create_s256_code_challenge(code_verifier)
    if not hmac.compare_digest(str(expected), stored.code_challenge):
        raise _invalid_grant("code_verifier does not match the code_challenge")
    user = await session.get(User, stored.user_id)
    grant = await consent.active_grant(session, app_id=app.id, user_id=stored.user_id)
    if user is None or not user.is_active or grant is None:
        raise _invalid_grant("The user's consent is no longer active")
    family_id = new_id()
    stored.used_at, stored.token_family_id = now, family_id
    return await tokens.issue_tokens(
        session,
        user=user,
        scopes=tuple(stored.scopes),
        client_id=app.client_id,
        family_id=family_id,
    )


async def issue_app_token(
    session: AsyncSession, app: PartnerApp, scope: str | None
) -> tokens.IssuedTokens:
    """`client_credentials`: an app-level token (no user, no refresh token)."""
    allowed = APP_TOKEN_SCOPES & set(app.allowed_scopes)
    requested = set(scope_to_list(scope)) if scope else allowed
    excess = sorted(requested - allowed)
    if excess:
        raise InvalidScope(
            f"Not available to app tokens: {' '.join(excess)}", error="invalid_scope"
        )
    return await tokens.issue_tokens(
        session,
        user=None,
        scopes=tuple(sorted(requested)),
        client_id=app.client_id,
        with_refresh=False,
    )


def narrow_scopes(granted: Sequence[str], scope: str | None) -> tuple[str, ...]:
    """Scopes for a refreshed token: the same, or fewer when `scope` asks for fewer."""
    if not scope:
        return tuple(granted)
    requested = scope_to_list(scope)
    excess = sorted(set(requested) - set(granted))
    if excess:
        raise InvalidScope(f"Not granted: {' '.join(excess)}", error="invalid_scope")
    return tuple(dict.fromkeys(requested))
