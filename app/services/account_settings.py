"""The account's own settings: name, phone, language, and changing the email address."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.principal import Principal
from app.models import AccountTokenPurpose, User
from app.schemas.auth import UserRead, UserUpdate
from app.services.account_tokens import (
    AccountTokenInvalid,
    issue_account_token,
    redeem_account_token,
)
from app.services.accounts import EmailTaken
from app.services.mail import enqueue_email


def mask_email(address: str) -> str:
    """`s***@contoh.id`: enough for the owner of the old inbox to recognise it, no more."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}"


async def update_settings(
    session: AsyncSession, principal: Principal, data: UserUpdate
) -> UserRead:
    """Apply the given fields; a new email only starts its confirmation."""
    user = await session.get_one(User, principal.id, with_for_update=True)
    fields = data.model_fields_set
    if "full_name" in fields and data.full_name is not None:
        user.full_name = data.full_name
    if "phone" in fields:
        user.phone = data.phone
    if "locale" in fields and data.locale is not None:
        user.locale = data.locale
    if "email" in fields and data.email is not None and data.email != user.email:
        await _start_email_change(session, user, data.email)
    await session.flush()
    return UserRead.model_validate(user)


async def _start_email_change(session: AsyncSession, user: User, new_email: str) -> None:
    user.pending_email = new_email
    taken = await session.scalar(select(User.id).where(User.email == new_email))
    if taken is not None:
        # Answered alike, so this endpoint cannot tell who has an account; the confirmation
        # would fail anyway, so none is sent.
        return
    token, row = await issue_account_token(
        session, user_id=user.id, purpose=AccountTokenPurpose.change_email, new_email=new_email
    )
    await enqueue_email(
        session,
        to_user=user,
        to_address=new_email,
        template="email_change_confirm",
        context={"name": user.full_name, "token": token},
        dedupe_key=f"email_change_confirm:{row.id}",
    )
    await enqueue_email(
        session,
        to_user=user,
        template="email_change_notice",
        context={"name": user.full_name, "masked_new_email": mask_email(new_email)},
        dedupe_key=f"email_change_notice:{row.id}",
    )


async def confirm_email_change(session: AsyncSession, principal: Principal, token: str) -> UserRead:
    """Spend the code mailed to the new address: it becomes the account's (and confirmed)."""
    row = await redeem_account_token(
        session, token, AccountTokenPurpose.change_email, user_id=principal.id
    )
    user = await session.get_one(User, principal.id, with_for_update=True)
    if row.new_email is None:
        raise AccountTokenInvalid()
    if await session.scalar(select(User.id).where(User.email == row.new_email)) is not None:
        raise EmailTaken()
    user.email = row.new_email
    user.pending_email = None
    user.email_verified_at = datetime.now(UTC)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError as error:  # another account took the address a moment ago
        raise EmailTaken() from error
    return UserRead.model_validate(user)
