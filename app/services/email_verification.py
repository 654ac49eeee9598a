"""Email verification: the link mailed at sign-up, its redemption and re-sending it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from app.core.errors import Conflict, RateLimited
from app.core.principal import Principal
from app.models import AccountToken, AccountTokenPurpose, User
from app.schemas.auth import UserRead
from app.services.account_tokens import issue_account_token, redeem_account_token
from app.services.mail import enqueue_email

RESEND_WINDOW = timedelta(hours=1)


class EmailAlreadyVerified(Conflict):
    code, title = "email_already_verified", "This email address is already confirmed"


async def send_verification(session: AsyncSession, user: User) -> None:
    """Mail `user` a fresh 24-hour verification link (earlier links stop working)."""
    token, row = await issue_account_token(
        session, user_id=user.id, purpose=AccountTokenPurpose.verify_email
    )
    await enqueue_email(
        session,
        to_user=user,
        template="verify_email",
        context={"name": user.full_name, "token": token},
        dedupe_key=f"verify_email:{row.id}",
    )


async def verify_email(session: AsyncSession, token: str) -> UserRead:
    """Spend a verification token and mark its account's address confirmed."""
    row = await redeem_account_token(session, token, AccountTokenPurpose.verify_email)
    user = await session.get_one(User, row.user_id, with_for_update=True)
    if user.email_verified_at is None:
        user.email_verified_at = datetime.now(UTC)
    await session.flush()
    return UserRead.model_validate(user)


async def resend_verification(session: AsyncSession, principal: Principal) -> None:
    """Mail a new link, at most VERIFICATION_RESEND_MAX times an hour per account."""
    # The user row lock serialises parallel re-sends, so the count below is exact.
    user = await session.get_one(User, principal.id, with_for_update=True)
    if user.email_verified_at is not None:
        raise EmailAlreadyVerified()
    since = datetime.now(UTC) - RESEND_WINDOW
    recent, oldest = (
        await session.execute(
            select(func.count(), func.min(AccountToken.created_at)).where(
                AccountToken.user_id == user.id,
                AccountToken.purpose == AccountTokenPurpose.verify_email,
                AccountToken.created_at > since,
            )
        )
    ).one()
    # The sign-up mail counts too: one sign-up plus the allowed re-sends.
    if recent > get_settings().verification_resend_max:
        retry = (oldest + RESEND_WINDOW - datetime.now(UTC)).total_seconds()
        raise RateLimited(max(1, int(retry) + 1), "Too many verification mails; try later")
    await send_verification(session, user)
