"""Standing consents ("connected apps"): what a user granted which app, and revoking it."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import NotFound
from app.core.pagination import Page, PageParams, apply_keyset, paginate
from app.core.scopes import describe_scopes
from app.models import AuthToken, OAuthAuthorizationCode, PartnerApp, PartnerGrant
from app.models.base import new_id
from app.schemas.partners import ConnectedAppRead


class ConnectedAppNotFound(NotFound):
    code, title = "connected_app_not_found", "This app is not connected to your account"


async def record_grant(
    session: AsyncSession, *, app_id: uuid.UUID, user_id: uuid.UUID, scopes: Sequence[str]
) -> PartnerGrant:
    """Remember the consent; a new approval adds to what an active grant already allowed."""
    now = datetime.now(UTC)
    # Insert-if-missing then lock, so two consents racing for the same pair serialise.
    await session.execute(
        insert(PartnerGrant)
        .values(id=new_id(), app_id=app_id, user_id=user_id, scopes=[], revoked_at=now)
        .on_conflict_do_nothing(constraint="uq_partner_grants_app_user")
    )
    grant = await session.scalar(
        select(PartnerGrant)
        .where(PartnerGrant.app_id == app_id, PartnerGrant.user_id == user_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert grant is not None
    previous = set() if grant.revoked_at is not None else set(grant.scopes)
    grant.scopes = sorted(previous | set(scopes))
    grant.revoked_at = None
    grant.updated_at = now
    await session.flush()
    return grant


async def active_grant(
    session: AsyncSession, *, app_id: uuid.UUID, user_id: uuid.UUID
) -> PartnerGrant | None:
    grant: PartnerGrant | None = await session.scalar(
        select(PartnerGrant).where(
            PartnerGrant.app_id == app_id,
            PartnerGrant.user_id == user_id,
            PartnerGrant.revoked_at.is_(None),
        )
    )
    return grant


async def list_connected_apps(
    session: AsyncSession, user_id: uuid.UUID, page: PageParams
) -> Page[ConnectedAppRead]:
    """The apps the user has authorized and not revoked, each with its scopes in Indonesian."""
    stmt = (
        select(PartnerGrant, PartnerApp)
        .join(PartnerApp, PartnerApp.id == PartnerGrant.app_id)
        .where(PartnerGrant.user_id == user_id, PartnerGrant.revoked_at.is_(None))
    )
    columns: list[ColumnElement[Any]] = [
        PartnerGrant.created_at.expression,
        PartnerGrant.id.expression,
    ]
    rows = (await session.execute(apply_keyset(stmt, columns, page, descending=False))).all()
    return paginate(
        rows,
        page.limit,
        key=lambda row: (row[0].created_at, str(row[0].id)),
        read=lambda row: ConnectedAppRead.from_row(
            row[0], row[1], describe_scopes(row[0].scopes, "id")
        ),
    )


async def revoke_connected_app(
    session: AsyncSession, *, user_id: uuid.UUID, client_id: str
) -> None:
    """Disconnect an app: the grant ends and every token and pending code it holds for this
    user stops working at once."""
    grant = await session.scalar(
        select(PartnerGrant)
        .join(PartnerApp, PartnerApp.id == PartnerGrant.app_id)
        .where(
            PartnerApp.client_id == client_id,
            PartnerGrant.user_id == user_id,
            PartnerGrant.revoked_at.is_(None),
        )
        .with_for_update(of=PartnerGrant)
    )
    if grant is None:
        raise ConnectedAppNotFound()
    now = datetime.now(UTC)
    grant.revoked_at = now
    await session.execute(
        update(AuthToken)
        .where(
            AuthToken.client_id == client_id,
            AuthToken.user_id == user_id,
            AuthToken.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )
    await session.execute(
        update(OAuthAuthorizationCode)
        .where(
            OAuthAuthorizationCode.app_id == grant.app_id,
            OAuthAuthorizationCode.user_id == user_id,
            OAuthAuthorizationCode.used_at.is_(None),
        )
        .values(used_at=now)
    )
    await session.flush()
