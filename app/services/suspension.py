"""Operators suspend and reinstate accounts; the account status state machine.

Suspension ends every session, refuses sign-in (403 `account_suspended`), and takes the public
profile (directory, search, matching, invitations) and every gig of the user out of sight.
Money is not touched: released earnings stay in the payable balance and are paid out as usual,
money in escrow stays held, and the user's contracts go on under the usual rules (the other
party may still cancel, dispute or approve; auto-release still runs; admins settle disputes).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import Conflict, Forbidden, NotFound
from app.core.state_machine import StateMachine
from app.models import User
from app.schemas.privacy import UserStatusRead
from app.services.audit import AuditActor, record_admin_action
from app.services.privacy.lockdown import hide_gigs, revoke_all_tokens, show_gigs


class AccountStatus(StrEnum):
    active = "active"
    suspended = "suspended"
    erased = "erased"


ACCOUNT_TRANSITIONS: StateMachine[AccountStatus] = StateMachine(
    "account",
    {
        AccountStatus.active: frozenset({AccountStatus.suspended, AccountStatus.erased}),
        AccountStatus.suspended: frozenset({AccountStatus.active, AccountStatus.erased}),
        AccountStatus.erased: frozenset(),
    },
)


def account_status(user: User) -> AccountStatus:
    if user.erased_at is not None:
        return AccountStatus.erased
    if user.suspended_at is not None:
        return AccountStatus.suspended
    return AccountStatus.active


class UserNotFound(NotFound):
    code, title = "user_not_found", "No such user"


class CannotSuspendSelf(Conflict):
    code, title = "cannot_suspend_self", "Administrators cannot suspend their own account"


class AccountSuspended(Forbidden):
    code, title = "account_suspended", "This account is suspended; contact support"


async def _lock_user(
    session: AsyncSession, *, user_id: uuid.UUID | None = None, email: str | None = None
) -> User:
    stmt = select(User).with_for_update().execution_options(populate_existing=True)
    if user_id is not None:
        stmt = stmt.where(User.id == user_id)
    else:
        stmt = stmt.where(User.email == (email or "").strip().lower())
    user = await session.scalar(stmt)
    if user is None:
        raise UserNotFound()
    return user


async def suspend_user(
    session: AsyncSession,
    actor: AuditActor,
    *,
    reason: str,
    user_id: uuid.UUID | None = None,
    email: str | None = None,
) -> UserStatusRead:
    """Suspend an account (by id or email): sessions end, profile and gigs are hidden."""
    user = await _lock_user(session, user_id=user_id, email=email)
    if actor.user_id == user.id:
        raise CannotSuspendSelf()
    ACCOUNT_TRANSITIONS.ensure(account_status(user), AccountStatus.suspended, action="suspend")
    now = datetime.now(UTC)
    user.suspended_at = now
    user.is_active = False
    revoked = await revoke_all_tokens(session, user.id, now)
    await hide_gigs(session, user.id, now)
    await record_admin_action(
        session,
        actor,
        action="user.suspend",
        target_type="user",
        target_id=user.id,
        reason=reason,
        details={"tokens_revoked": revoked},
    )
    return UserStatusRead.model_validate(user)


async def reinstate_user(
    session: AsyncSession,
    actor: AuditActor,
    *,
    reason: str,
    user_id: uuid.UUID | None = None,
    email: str | None = None,
) -> UserStatusRead:
    """Lift a suspension: the user may sign in again and their profile and gigs reappear."""
    user = await _lock_user(session, user_id=user_id, email=email)
    ACCOUNT_TRANSITIONS.ensure(account_status(user), AccountStatus.active, action="reinstate")
    user.suspended_at = None
    user.is_active = True
    await show_gigs(session, user.id)
    await record_admin_action(
        session,
        actor,
        action="user.reinstate",
        target_type="user",
        target_id=user.id,
        reason=reason,
    )
    return UserStatusRead.model_validate(user)
