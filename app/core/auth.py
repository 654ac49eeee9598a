"""Who is calling: bearer-token resolution and the typed dependencies routes declare."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import Depends, Request, Response, Security
from fastapi.openapi.models import (
    OAuthFlowAuthorizationCode,
    OAuthFlowClientCredentials,
    OAuthFlowPassword,
    OAuthFlows,
)
from fastapi.security import OAuth2, SecurityScopes
from fastapi.security.utils import get_authorization_scheme_param
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import HTTPConnection

from app.core import rate_limit
from app.core.acting import (
    ON_BEHALF_OF_HEADER,
    NotDelegable,
    parse_on_behalf_of,
    resolve_acting,
)
from app.core.db import SessionDep
from app.core.errors import InsufficientScope, InvalidToken, RateLimited
from app.core.principal import Caller, Principal, require_role
from app.core.rate_limit import Decision
from app.core.scopes import Scope, openapi_scope_descriptions
from app.core.security import token_digest
from app.models import AuthToken, PartnerApp, PartnerAppStatus, TokenKind, User, UserRole
from app.models.partner import TIER_RATE_LIMITS

SCOPE_DESCRIPTIONS = openapi_scope_descriptions()


LAST_USED_PRECISION = timedelta(minutes=5)


class _BearerScheme(OAuth2):
    """Reads `Authorization: Bearer`; documents the password, authorization-code (partner
    apps acting for a creative, with PKCE) and client-credentials flows."""

    async def __call__(self, request: HTTPConnection) -> str | None:
        scheme, credentials = get_authorization_scheme_param(request.headers.get("Authorization"))
        return credentials if scheme.lower() == "bearer" and credentials else None


oauth2_scheme = _BearerScheme(
    flows=OAuthFlows(
        password=OAuthFlowPassword(tokenUrl="/v1/auth/token", scopes=SCOPE_DESCRIPTIONS),
        authorizationCode=OAuthFlowAuthorizationCode(
            authorizationUrl="/oauth/authorize",
            tokenUrl="/v1/auth/token",
            scopes=SCOPE_DESCRIPTIONS,
        ),
        clientCredentials=OAuthFlowClientCredentials(
            tokenUrl="/v1/auth/token", scopes=openapi_scope_descriptions(app_tokens_only=True)
        ),
    ),
    scheme_name="OAuth2",
    description="First-party tokens carry every right (`*`); partner tokens only their scopes "
    "and are refused by endpoints that declare none.",
    auto_error=False,
)


async def _resolve_token(
    request: Request, response: Response, session: AsyncSession, token: str
) -> Caller:
    # Several dependencies of one request may resolve the token; look it up (and spend the
    # app's rate limit) once.
    cached = getattr(request.state, "caller", None)
    if isinstance(cached, Caller):
        return cached
    row = (
        await session.execute(
            select(AuthToken, User, PartnerApp)
            .outerjoin(User, User.id == AuthToken.user_id)
            .outerjoin(PartnerApp, PartnerApp.client_id == AuthToken.client_id)
            .where(
                AuthToken.token_hash == token_digest(token),
                AuthToken.kind == TokenKind.access,
            )
        )
    ).first()
    if row is None:
        raise InvalidToken()
    auth_token, user, app = row
    if (
        auth_token.revoked_at is not None
        or auth_token.expires_at <= datetime.now(UTC)
        or (auth_token.user_id is not None and (user is None or not user.is_active))
    ):
        raise InvalidToken()
    if auth_token.client_id is not None:
        # Suspension works at once because every partner token is checked against its app.
        if app is None or app.status is not PartnerAppStatus.active:
            raise InvalidToken("The partner app is suspended")
        decision = await _spend_partner_rate(session, app)
        if not decision.allowed:
            limited = RateLimited(
                decision.retry_after, f"Rate limit of app {app.client_id} exceeded"
            )
            limited.headers.update(decision.headers)
            raise limited
        response.headers.update(decision.headers)
    now = datetime.now(UTC)
    if auth_token.last_used_at is None or now - auth_token.last_used_at > LAST_USED_PRECISION:
        # Shown in the session list; written at most every few minutes per token, so reads
        # stay (nearly) free of writes.
        auth_token.last_used_at = now
    caller = Caller(
        user=user,
        scopes=frozenset(auth_token.scopes),
        client_id=auth_token.client_id,
        session_id=auth_token.family_id,
    )
    request.state.caller = caller
    # Read now, while the row is loaded: an error answered after a rollback (which expires
    # it) is still written in the caller's language (app/core/problems.py).
    request.state.locale = user.locale.value if user is not None else None
    return caller


async def _spend_partner_rate(session: AsyncSession, app: PartnerApp) -> Decision:
    """Count the request against the app's tier, shared by every replica."""
    limit, window_seconds = TIER_RATE_LIMITS[app.rate_limit_tier]
    decision = await rate_limit.hit(session, f"partner-app:{app.client_id}", limit, window_seconds)
    # Commit at once: the counter row stays locked until then, and every request of this app
    # would otherwise wait for this one to finish. Nothing but the token lookup ran yet.
    await session.commit()
    return decision


def _check_scopes(caller: Caller, required: list[str]) -> None:
    if caller.client_id is not None and not required:
        # Default deny: a partner token only reaches endpoints that name the scope they need.
        raise InsufficientScope("Partner tokens cannot call this endpoint")
    missing = [s for s in required if not caller.has_scope(s)]
    if missing:
        raise InsufficientScope(f"Token lacks scope(s): {', '.join(missing)}")


async def _scoped_caller(
    security_scopes: SecurityScopes,
    request: Request,
    response: Response,
    session: AsyncSession,
    token: str | None,
) -> Caller:
    if not token or len(token) > 200:
        raise InvalidToken("Send `Authorization: Bearer <access_token>`")
    caller = await _resolve_token(request, response, session, token)
    _check_scopes(caller, security_scopes.scopes)
    return caller


async def get_caller(
    security_scopes: SecurityScopes,
    request: Request,
    response: Response,
    session: SessionDep,
    token: Annotated[str | None, Depends(oauth2_scheme)],
) -> Caller:
    """A user or an app token (for endpoints partner apps call without a user, e.g. webhooks)."""
    if request.headers.get(ON_BEHALF_OF_HEADER) is not None:
        raise NotDelegable()
    return await _scoped_caller(security_scopes, request, response, session, token)


async def _principal_of(
    request: Request, session: AsyncSession, caller: Caller, user: User
) -> Principal:
    """The caller's own principal, or the owner's when a facilitator acts for her."""
    on_behalf_of = request.headers.get(ON_BEHALF_OF_HEADER)
    if on_behalf_of is None:
        return Principal(
            user=user,
            scopes=caller.scopes,
            client_id=caller.client_id,
            session_id=caller.session_id,
        )
    if caller.client_id is not None:
        # Partner apps act for their own user only; delegation is between people.
        raise NotDelegable("Partner tokens cannot act on someone else's behalf")
    route = request.scope.get("route")
    owner, acting = await resolve_acting(
        session,
        facilitator=user,
        owner_user_id=parse_on_behalf_of(on_behalf_of),
        method=request.method,
        path=getattr(route, "path", None),
    )
    # No partner scopes: the route table already decided, and code that checks a partner
    # scope (file downloads, ...) must refuse an acting facilitator rather than guess.
    return Principal(user=owner, session_id=caller.session_id, acting_user=acting.facilitator)


async def get_feed_caller(
    request: Request,
    response: Response,
    session: SessionDep,
    token: Annotated[str | None, Depends(oauth2_scheme)],
) -> Caller:
    """Any valid token, for endpoints that filter what they return by its scopes themselves."""
    if not token or len(token) > 200:
        raise InvalidToken("Send `Authorization: Bearer <access_token>`")
    return await _resolve_token(request, response, session, token)


async def get_principal(
    security_scopes: SecurityScopes,
    request: Request,
    response: Response,
    session: SessionDep,
    token: Annotated[str | None, Depends(oauth2_scheme)],
) -> Principal:
    caller = await _scoped_caller(security_scopes, request, response, session, token)
    if caller.user is None:
        raise InsufficientScope("App tokens cannot act for a user; use the authorization code flow")
    return await _principal_of(request, session, caller, caller.user)


async def get_optional_principal(
    request: Request,
    response: Response,
    session: SessionDep,
    token: Annotated[str | None, Depends(oauth2_scheme)],
) -> Principal | None:
    if not token:
        return None
    if len(token) > 200:
        raise InvalidToken()
    caller = await _resolve_token(request, response, session, token)
    if caller.user is None:
        return None  # an app token reads what anonymous callers may read
    return await _principal_of(request, session, caller, caller.user)


CurrentUser = Annotated[Principal, Security(get_principal)]
ScopeFilteredCaller = Annotated[Caller, Depends(get_feed_caller)]
OptionalUser = Annotated[Principal | None, Depends(get_optional_principal)]


def scoped(*scopes: Scope) -> object:
    """`Annotated[Principal, scoped(Scope.proposals_write)]` for endpoints partner apps may call."""
    return Security(get_principal, scopes=list(scopes))


async def _owner(principal: CurrentUser) -> Principal:
    require_role(principal, UserRole.owner)
    return principal


async def _creative(principal: CurrentUser) -> Principal:
    require_role(principal, UserRole.creative)
    return principal


async def _admin(principal: CurrentUser) -> Principal:
    require_role(principal, UserRole.admin)
    return principal


OwnerUser = Annotated[Principal, Depends(_owner)]
CreativeUser = Annotated[Principal, Depends(_creative)]
AdminUser = Annotated[Principal, Depends(_admin)]
# A party to a contract, directly or through a partner app granted `contracts:read`.
ContractReader = Annotated[Principal, scoped(Scope.contracts_read)]
