"""Password hashing and opaque token material."""

from __future__ import annotations

import asyncio
import hashlib
import os
import secrets
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache, partial
from typing import TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.core.config import get_settings


@lru_cache
def _hasher() -> PasswordHasher:
    settings = get_settings()
    # One lane per hash: the pool below then bounds the threads hashing uses in total
    # (argon2's default of 4 lanes would run 4 threads per hash behind the pool's back).
    return PasswordHasher(
        time_cost=settings.password_hash_time_cost,
        memory_cost=settings.password_hash_memory_kib,
        parallelism=1,
    )


T = TypeVar("T")


@lru_cache
def _hashing_pool() -> ThreadPoolExecutor:
    # One fewer thread than cores: however many sign-ins arrive at once, one core stays
    # free for the event loop, so other requests are not stalled (bench/password_hashing.py).
    size = get_settings().password_hash_threads or max(1, (os.cpu_count() or 2) - 1)
    return ThreadPoolExecutor(max_workers=size, thread_name_prefix="password-hash")


async def off_the_loop(function: Callable[..., T], /, *args: object, **kwargs: object) -> T:
    """Run CPU-heavy password work (hashing, strength scoring) in the bounded hashing pool."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_hashing_pool(), partial(function, *args, **kwargs))


@lru_cache
def _dummy_hash() -> str:
    # Verified against when the account does not exist, so unknown emails cost the same time.
    return _hasher().hash("pasar-kreatif-timing-equaliser")


ACCESS_TOKEN_PREFIX = "pk_at_"
REFRESH_TOKEN_PREFIX = "pk_rt_"


def hash_password(password: str) -> str:
    return _hasher().hash(password)


async def hash_password_off_loop(password: str) -> str:
    return await off_the_loop(hash_password, password)


async def verify_password_off_loop(password_hash: str | None, password: str) -> bool:
    return await off_the_loop(verify_password, password_hash, password)


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
