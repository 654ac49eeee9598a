"""Single-use tokens sent by mail: issued hashed, redeemed once, within their lifetime.

Issuing a token voids the account's earlier unused tokens of the same purpose, so only the
newest mail works (a reset asked for twice leaves one live link).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import BadRequest
from app.core.security import new_token, token_digest
from app.models import AccountToken, AccountTokenPurpose

LIFETIMES = {
    AccountTokenPurpose.verify_email: timedelta(hours=24),
    AccountTokenPurpose.reset_password: timedelta(minutes=30),
    AccountTokenPurpose.change_email: timedelta(hours=24),
}
PREFIXES = {
    AccountTokenPurpose.verify_email: "pk_ve_",
    AccountTokenPurpose.reset_password: "pk_pr_",
    AccountTokenPurpose.change_email: "pk_ec_",
}


class AccountTokenInvalid(BadRequest):
    code, title = "account_token_invalid", "The link or code is not valid"


class AccountTokenExpired(BadRequest):
    code, title = "account_token_expired", "The link or code has expired; ask for a new one"


class AccountTokenUsed(BadRequest):
    code, title = "account_token_used", "The link or code was already used"


ACCOUNT_TOKEN_ERRORS = (AccountTokenInvalid, AccountTokenExpired, AccountTokenUsed)


async def issue_account_token(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    purpose: AccountTokenPurpose,
    new_email: str | None = None,
) -> tuple[str, AccountToken]:
    """A fresh token for `purpose` (the raw value, to mail, and its stored row)."""
    now = datetime.now(UTC)
    await session.execute(
        update(AccountToken)
        .where(
            AccountToken.user_id == user_id,
            AccountToken.purpose == purpose,
            AccountToken.used_at.is_(None),
        )
        .values(used_at=now)
    )
    raw = new_token(PREFIXES[purpose])
    row = AccountToken(
        user_id=user_id,
        purpose=purpose,
        token_hash=token_digest(raw),
        new_email=new_email,
        expires_at=now + LIFETIMES[purpose],
    )
    session.add(row)
    await session.flush()
    return raw, row


async def redeem_account_token(
    session: AsyncSession,
    raw: str,
    purpose: AccountTokenPurpose,
    *,
    user_id: uuid.UUID | None = None,
) -> AccountToken:
    """Spend a token (only `user_id`'s, when given): the row is locked, so two redemptions
    racing get one success."""
    row = await session.scalar(
        select(AccountToken)
        .where(AccountToken.token_hash == token_digest(raw), AccountToken.purpose == purpose)
        .with_for_update()
    )
    if row is None or (user_id is not None and row.user_id != user_id):
        raise AccountTokenInvalid()
    if row.used_at is not None:
        raise AccountTokenUsed()
    if row.expires_at <= datetime.now(UTC):
        raise AccountTokenExpired()
    row.used_at = datetime.now(UTC)
    await session.flush()
    return row
