"""The admin audit log: who did what to which target, why and when; append-only in PostgreSQL.

Every service function an administrator (or an operator at the `pasar` CLI) calls writes one
row here in the same transaction as the change, so the log never records an action that did
not happen nor misses one that did.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.pagination import Page, PageParams, apply_keyset, paginate_rows
from app.core.principal import Principal
from app.models import AdminAuditEntry
from app.schemas.privacy import AuditEntryRead


@dataclass(frozen=True)
class AuditActor:
    """Who acts: an admin account through the API, or an operator at the CLI (no account)."""

    user_id: uuid.UUID | None
    label: str

    @classmethod
    def admin(cls, principal: Principal) -> AuditActor:
        return cls(principal.id, principal.user.email)

    @classmethod
    def operator(cls, os_user: str) -> AuditActor:
        return cls(None, f"cli:{os_user}"[:100])


async def record_admin_action(
    session: AsyncSession,
    actor: AuditActor,
    *,
    action: str,
    target_type: str,
    target_id: uuid.UUID | str,
    reason: str = "",
    details: dict[str, Any] | None = None,
) -> AdminAuditEntry:
    """Append one audit row, in the caller's transaction."""
    entry = AdminAuditEntry(
        actor_user_id=actor.user_id,
        actor_label=actor.label,
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        reason=reason,
        details=details or {},
    )
    session.add(entry)
    await session.flush()
    return entry


async def list_audit_log(
    session: AsyncSession,
    *,
    page: PageParams,
    target_type: str | None = None,
    target_id: str | None = None,
    action: str | None = None,
) -> Page[AuditEntryRead]:
    """Newest first, optionally about one target or of one kind of action."""
    stmt = select(AdminAuditEntry)
    if target_type is not None:
        stmt = stmt.where(AdminAuditEntry.target_type == target_type)
    if target_id is not None:
        stmt = stmt.where(AdminAuditEntry.target_id == target_id)
    if action is not None:
        stmt = stmt.where(AdminAuditEntry.action == action)
    stmt = apply_keyset(
        stmt, [AdminAuditEntry.created_at.expression, AdminAuditEntry.id.expression], page
    )
    rows, next_cursor = paginate_rows(
        list((await session.scalars(stmt)).all()),
        page.limit,
        key=lambda e: (e.created_at, str(e.id)),
    )
    return Page(data=[AuditEntryRead.model_validate(e) for e in rows], next_cursor=next_cursor)
