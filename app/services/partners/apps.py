"""Partner app registry: admins register apps, rotate their secrets and suspend them."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import NotFound, Unauthorized, Unprocessable
from app.core.pagination import Page, PageParams, apply_keyset, paginate
from app.core.scopes import unknown_scopes
from app.core.security import new_token, token_digest
from app.models import (
    AuthToken,
    OAuthAuthorizationCode,
    PartnerApp,
    PartnerAppStatus,
    RateLimitTier,
)
from app.schemas.partners import PartnerAppCreate, PartnerAppCredentials, PartnerAppRead
from app.services.audit import AuditActor, record_admin_action
from app.services.partners.states import PARTNER_APP_TRANSITIONS

CLIENT_SECRET_PREFIX = "pk_cs_"


class UnknownPartnerApp(NotFound):
    code, title = "partner_app_not_found", "No partner app with this client_id"


class InvalidClient(Unauthorized):
    # RFC 6749 section 5.2; `error` is repeated for OAuth client libraries.
    code, title = "invalid_client", "Client authentication failed"

    def __init__(self, detail: str | None = None) -> None:
        super().__init__(detail, error="invalid_client")
        self.headers["WWW-Authenticate"] = 'Basic realm="pasar-kreatif"'


class UnknownScope(Unprocessable):
    code, title = "unknown_scope", "A scope is not one of the documented scopes"


@dataclass(frozen=True)
class RegisteredApp:
    app: PartnerApp
    client_secret: str  # shown once, never stored


def _new_client_id() -> str:
    return "pkapp_" + secrets.token_hex(10)


def ensure_known_scopes(scopes: Sequence[str]) -> None:
    unknown = unknown_scopes(scopes)
    if unknown:
        raise UnknownScope(f"Unknown scope(s): {', '.join(unknown)}", unknown=unknown)


async def register_app(
    session: AsyncSession,
    *,
    name: str,
    redirect_uris: Sequence[str],
    allowed_scopes: Sequence[str],
    actor: AuditActor,
    rate_limit_tier: RateLimitTier = RateLimitTier.standard,
) -> RegisteredApp:
    """Register an app; its secret is returned here once and only its digest is kept."""
    ensure_known_scopes(allowed_scopes)
    secret = new_token(CLIENT_SECRET_PREFIX)
    app = PartnerApp(
        client_id=_new_client_id(),
        name=name,
        client_secret_hash=token_digest(secret),
        redirect_uris=list(dict.fromkeys(redirect_uris)),
        allowed_scopes=sorted(set(allowed_scopes)),
        rate_limit_tier=rate_limit_tier,
        status=PartnerAppStatus.active,
        created_by_user_id=actor.user_id,
    )
    session.add(app)
    await session.flush()
    await _audit(session, actor, "partner_app.register", app)
    return RegisteredApp(app, secret)


async def _audit(session: AsyncSession, actor: AuditActor, action: str, app: PartnerApp) -> None:
    await record_admin_action(
        session,
        actor,
        action=action,
        target_type="partner_app",
        target_id=app.client_id,
        details={"name": app.name, "status": app.status.value},
    )


async def create_partner_app(
    session: AsyncSession, data: PartnerAppCreate, *, actor: AuditActor
) -> PartnerAppCredentials:
    """`register_app` from the admin API or CLI: the answer carries the secret, once."""
    registered = await register_app(
        session,
        name=data.name,
        redirect_uris=data.redirect_uris,
        allowed_scopes=data.allowed_scopes,
        rate_limit_tier=data.rate_limit_tier,
        actor=actor,
    )
    return PartnerAppCredentials.with_secret(registered.app, registered.client_secret)


async def get_app(session: AsyncSession, client_id: str, *, for_update: bool = False) -> PartnerApp:
    stmt = select(PartnerApp).where(PartnerApp.client_id == client_id)
    app = await session.scalar(stmt.with_for_update() if for_update else stmt)
    if app is None:
        raise UnknownPartnerApp()
    return app


async def list_apps(session: AsyncSession, page: PageParams) -> Page[PartnerAppRead]:
    """Every registered app, oldest first."""
    columns: list[ColumnElement[Any]] = [
        PartnerApp.created_at.expression,
        PartnerApp.id.expression,
    ]
    stmt = apply_keyset(select(PartnerApp), columns, page, descending=False)
    apps = (await session.scalars(stmt)).all()
    return paginate(
        apps,
        page.limit,
        key=lambda a: (a.created_at, str(a.id)),
        read=PartnerAppRead.model_validate,
    )


async def rotate_secret(
    session: AsyncSession, client_id: str, *, actor: AuditActor
) -> PartnerAppCredentials:
    """Replace the secret at once: the old one stops authenticating; issued tokens live on."""
    app = await get_app(session, client_id, for_update=True)
    secret = new_token(CLIENT_SECRET_PREFIX)
    app.client_secret_hash = token_digest(secret)
    app.secret_rotated_at = datetime.now(UTC)
    await session.flush()
    await _audit(session, actor, "partner_app.rotate_secret", app)
    return PartnerAppCredentials.with_secret(app, secret)


async def suspend_app(
    session: AsyncSession, client_id: str, *, actor: AuditActor
) -> PartnerAppRead:
    """Suspend an app: its tokens are refused from the next request on (the token check joins
    the app) and are revoked too, so reactivation does not revive them."""
    app = await get_app(session, client_id, for_update=True)
    now = datetime.now(UTC)
    PARTNER_APP_TRANSITIONS.ensure(app.status, PartnerAppStatus.suspended, action="suspend")
    app.status = PartnerAppStatus.suspended
    app.suspended_at = now
    await session.execute(
        update(AuthToken)
        .where(AuthToken.client_id == client_id, AuthToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    await session.execute(
        update(OAuthAuthorizationCode)
        .where(OAuthAuthorizationCode.app_id == app.id, OAuthAuthorizationCode.used_at.is_(None))
        .values(used_at=now)
    )
    await session.flush()
    await _audit(session, actor, "partner_app.suspend", app)
    return PartnerAppRead.model_validate(app)


async def reactivate_app(
    session: AsyncSession, client_id: str, *, actor: AuditActor
) -> PartnerAppRead:
    app = await get_app(session, client_id, for_update=True)
    PARTNER_APP_TRANSITIONS.ensure(app.status, PartnerAppStatus.active, action="reactivate")
    app.status = PartnerAppStatus.active
    app.suspended_at = None
    await session.flush()
    await _audit(session, actor, "partner_app.reactivate", app)
    return PartnerAppRead.model_validate(app)


async def authenticate_client(
    session: AsyncSession, client_id: str | None, client_secret: str | None
) -> PartnerApp:
    """Check a confidential client's credentials (HTTP Basic or form fields)."""
    if not client_id or not client_secret:
        raise InvalidClient("Send client_id and client_secret (HTTP Basic or form fields)")
    app = await session.scalar(select(PartnerApp).where(PartnerApp.client_id == client_id))
    presented = token_digest(client_secret)
    if app is None or not hmac.compare_digest(presented, app.client_secret_hash):
        raise InvalidClient()
    if app.status is not PartnerAppStatus.active:
        raise InvalidClient("The partner app is suspended")
    return app
