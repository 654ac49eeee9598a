"""Accounts: registration, password sign-in and operator-created admins."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import Conflict, InvalidCredentials
from app.core.principal import Principal
from app.core.security import hash_password_off_loop, verify_password_off_loop
from app.models import User, UserRole
from app.schemas.auth import RegisterRequest, SignUpAccepted, UserRead
from app.services import email_verification, login_throttle, signup_throttle
from app.services.mail import enqueue_email
from app.services.password_policy import ensure_strong_password
from app.services.suspension import AccountSuspended


class EmailTaken(Conflict):
    code, title = "email_taken", "An account with this email already exists"


async def register_user(
    session: AsyncSession, data: RegisterRequest, *, client_address: str | None
) -> SignUpAccepted:
    """Create an owner or creative account and mail its verification link.

    A taken address gets the same answer, and its owner a mail saying someone tried to sign
    up again, so sign-up never tells a stranger who has an account.
    """
    await ensure_strong_password(data.password, email=data.email, full_name=data.full_name)
    await signup_throttle.count_signup(session, client_address)
    # Hashed before looking the address up, so both answers take the same time.
    password_hash = await hash_password_off_loop(data.password)
    existing = await session.scalar(select(User).where(User.email == data.email))
    if existing is not None:
        await _tell_the_existing_account(session, existing)
        return SignUpAccepted(email=data.email)
    user = User(
        email=data.email,
        password_hash=password_hash,
        full_name=data.full_name,
        role=UserRole(data.role),
        phone=data.phone,
    )
    try:
        async with session.begin_nested():
            session.add(user)
    except IntegrityError:  # a concurrent registration of the same address won the race
        return SignUpAccepted(email=data.email)
    await email_verification.send_verification(session, user)
    return SignUpAccepted(email=data.email)


def read_account(principal: Principal) -> UserRead:
    """The signed-in account as its owner sees it."""
    return UserRead.model_validate(principal.user)


async def _tell_the_existing_account(session: AsyncSession, user: User) -> None:
    # At most one such mail an hour per account, however often someone tries.
    hour = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    await enqueue_email(
        session,
        to_user=user,
        template="signup_existing_account",
        context={"name": user.full_name},
        dedupe_key=f"signup_existing_account:{user.id}:{hour:%Y%m%d%H}",
    )


async def create_admin(session: AsyncSession, *, email: str, password: str, full_name: str) -> User:
    """Admins exist only through the operator CLI, never through the API; the operator
    vouches for the address."""
    email = email.lower()
    if await session.scalar(select(User.id).where(User.email == email)) is not None:
        raise EmailTaken()
    user = User(
        email=email,
        password_hash=await hash_password_off_loop(password),
        full_name=full_name,
        role=UserRole.admin,
        email_verified_at=datetime.now(UTC),
    )
    try:
        async with session.begin_nested():
            session.add(user)
    except IntegrityError as exc:
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
    valid = await verify_password_off_loop(user.password_hash if user else None, password)
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
