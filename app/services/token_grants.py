"""The OAuth 2.0 token endpoint's grants: which rule answers each `grant_type`.

`password` signs a first-party user in; `refresh_token` rotates (a partner app's refresh
token also needs the app's credentials and may only narrow its scopes); partner apps use
`authorization_code` (with PKCE) and `client_credentials`.
"""

from __future__ import annotations

from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import InvalidRequest
from app.schemas.auth import TokenResponse
from app.schemas.partners import OAuthTokenForm
from app.services import accounts, tokens
from app.services.partners import apps, oauth


async def grant_token(
    session: AsyncSession,
    form: OAuthTokenForm,
    *,
    basic_credentials: tuple[str | None, str | None] = (None, None),
    client_address: str | None = None,
    user_agent: str | None = None,
) -> TokenResponse:
    """Tokens for one grant; client credentials from HTTP Basic win over the form fields."""
    basic_id, basic_secret = basic_credentials
    client_id, client_secret = basic_id or form.client_id, basic_secret or form.client_secret
    if form.grant_type == "password":
        if not form.username or not form.password:
            raise InvalidRequest("username and password are required")
        user = await accounts.authenticate(
            session, email=form.username, password=form.password, client_address=client_address
        )
        issued = await tokens.issue_tokens(session, user=user, user_agent=user_agent)
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
    return TokenResponse.from_issued(issued)
