"""Password hashing and opaque token material."""

from __future__ import annotations

import hashlib
import secrets
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.core.config import get_settings


@lru_cache
def _hasher() -> PasswordHasher:
    settings = get_settings()
    return PasswordHasher(
        time_cost=settings.password_hash_time_cost,
        memory_cost=settings.password_hash_memory_kib,
    )


@lru_cache
def _dummy_hash() -> str:
    # Verified against when the account does not exist, so unknown emails cost the same time.
    return _hasher().hash("pasar-kreatif-timing-equaliser")


ACCESS_TOKEN_PREFIX = "pk_at_"
REFRESH_TOKEN_PREFIX = "pk_rt_"


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return (
            _hasher().verify(password_hash or _dummy_hash(), password) and password_hash is not None
        )
    except (VerificationError, InvalidHashError):
        return False


def new_token(prefix: str) -> str:
    # The prefix lets secret scanners recognise a leaked token.
    return prefix + secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """Tokens are stored as SHA-256 digests: a database leak yields no usable token."""
    return hashlib.sha256(token.encode()).hexdigest()
