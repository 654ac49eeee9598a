"""Accounts: registration, password sign-in and operator-created admins."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import Conflict, InvalidCredentials
from app.core.principal import Principal
from app.core.security import hash_password, verify_password
from app.models import User, UserRole
from app.schemas.auth import RegisterRequest, UserRead
from app.services import login_throttle
from app.services.suspension import AccountSuspended


class EmailTaken(Conflict):
    code, title = "email_taken", "An account with this email already exists"


async def register_user(session: AsyncSession, data: RegisterRequest) -> UserRead:
    """Create an owner or creative account; emails are unique case-insensitively."""
    user = await _create_user(
        session,
        email=data.email,
        password=data.password,
        full_name=data.full_name,
        role=UserRole(data.role),
        phone=data.phone,
    )
    return UserRead.model_validate(user)


def read_account(principal: Principal) -> UserRead:
    """The signed-in account as its owner sees it."""
    return UserRead.model_validate(principal.user)


async def create_admin(session: AsyncSession, *, email: str, password: str, full_name: str) -> User:
    """Admins exist only through the operator CLI, never through the API."""
    return await _create_user(
        session, email=email.lower(), password=password, full_name=full_name, role=UserRole.admin
    )


async def _create_user(
    session: AsyncSession,
    *,
    email: str,
    password: str,
    full_name: str,
    role: UserRole,
    phone: str | None = None,
) -> User:
    if await session.scalar(select(User.id).where(User.email == email)) is not None:
        raise EmailTaken()
    user = User(
        email=email,
        password_hash=hash_password(password),
        full_name=full_name,
        role=role,
        phone=phone,
    )
    try:
        async with session.begin_nested():
            session.add(user)
    except IntegrityError as exc:  # a concurrent registration won the race
        raise EmailTaken() from exc
    return user


async def authenticate(
    session: AsyncSession, *, email: str, password: str, client_address: str | None
) -> User:
    """Check a password sign-in, throttling failures per account and per client address.

    Runs as two atomic phases on failure: the failure record is committed before the 401
    is raised, because the request's own transaction is rolled back on error.
    """
    email = email.strip().lower()
    await login_throttle.ensure_login_allowed(session, email, client_address)
    user = await session.scalar(select(User).where(User.email == email))
    valid = verify_password(user.password_hash if user else None, password)
    if user is not None and valid and user.suspended_at is not None:
        # Only to someone who knows the password: nobody else learns the account is suspended.
        raise AccountSuspended()
    if user is None or not valid or not user.is_active:
        await login_throttle.record_login_failure(session, email, client_address)
        await session.commit()
        raise InvalidCredentials()
    await login_throttle.clear_account_failures(session, email)
    user.last_login_at = datetime.now(UTC)
    return user
