"""Forgotten and changed passwords."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import Forbidden
from app.core.principal import Principal
from app.core.security import hash_password_off_loop, verify_password_off_loop
from app.models import AccountToken, AccountTokenPurpose, User
from app.schemas.auth import PasswordResetRequested
from app.services import login_throttle
from app.services.account_tokens import issue_account_token, redeem_account_token
from app.services.mail import enqueue_email
from app.services.password_policy import ensure_strong_password
from app.services.tokens import revoke_user_tokens

# Reset mails per account per hour; further requests are answered alike and mail nothing,
# so the endpoint cannot be used to flood someone's inbox.
RESETS_PER_HOUR = 3


class CurrentPasswordIncorrect(Forbidden):
    code, title = "current_password_incorrect", "The current password is not correct"


async def request_password_reset(session: AsyncSession, email: str) -> PasswordResetRequested:
    """Mail a 30-minute reset code when an active account has this address; otherwise do
    nothing, and answer alike either way (no account enumeration)."""
    user = await session.scalar(
        select(User).where(User.email == email.strip().lower()).with_for_update()
    )
    if user is None or not user.is_active:
        return PasswordResetRequested()
    recent = await session.scalar(
        select(func.count()).where(
            AccountToken.user_id == user.id,
            AccountToken.purpose == AccountTokenPurpose.reset_password,
            AccountToken.created_at > datetime.now(UTC) - timedelta(hours=1),
        )
    )
    if (recent or 0) >= RESETS_PER_HOUR:
        return PasswordResetRequested()
    token, row = await issue_account_token(
        session, user_id=user.id, purpose=AccountTokenPurpose.reset_password
    )
    await enqueue_email(
        session,
        to_user=user,
        template="password_reset",
        context={"name": user.full_name, "token": token},
        dedupe_key=f"password_reset:{row.id}",
    )
    return PasswordResetRequested()


async def reset_password(session: AsyncSession, *, token: str, new_password: str) -> None:
    """Spend a reset code: set the new password and sign the account out everywhere."""
    row = await redeem_account_token(session, token, AccountTokenPurpose.reset_password)
    user = await session.get_one(User, row.user_id, with_for_update=True)
    await ensure_strong_password(new_password, email=user.email, full_name=user.full_name)
    user.password_hash = await hash_password_off_loop(new_password)
    # The code arrived by mail, so the address is proven too.
    user.email_verified_at = user.email_verified_at or datetime.now(UTC)
    await revoke_user_tokens(session, user.id)
    await login_throttle.clear_account_failures(session, user.email)
    await _tell_password_changed(session, user, row.id.hex)


async def change_password(
    session: AsyncSession, principal: Principal, *, current_password: str, new_password: str
) -> None:
    """Replace the password after checking the current one; every other sign-in ends.

    A wrong current password counts as a failed sign-in (and is committed before the 403),
    so a stolen session cannot guess its way to the password."""
    user = await session.get_one(User, principal.id, with_for_update=True)
    await login_throttle.ensure_login_allowed(session, user.email, None)
    if not await verify_password_off_loop(user.password_hash, current_password):
        await login_throttle.record_login_failure(session, user.email, None)
        await session.commit()
        raise CurrentPasswordIncorrect()
    await ensure_strong_password(new_password, email=user.email, full_name=user.full_name)
    user.password_hash = await hash_password_off_loop(new_password)
    await revoke_user_tokens(
        session, user.id, keep_family=principal.session_id, first_party_only=True
    )
    await _tell_password_changed(session, user, f"{principal.session_id}:{datetime.now(UTC)}")


async def _tell_password_changed(session: AsyncSession, user: User, change: str) -> None:
    await enqueue_email(
        session,
        to_user=user,
        template="password_changed",
        context={"name": user.full_name},
        dedupe_key=f"password_changed:{user.id}:{change}",
    )
