"""`Idempotency-Key` for every POST that creates something or moves money, on Stripe's contract.

Keyed per user and key (per app and key for an app token acting for no user). The same key
with the same request (method, path, body hash) replays the first response; with a different
request it is a 422 `idempotency_key_reused`; while the first request still runs, duplicates
get a 409 `idempotency_key_in_progress`. Records are kept at least `IDEMPOTENCY_KEY_TTL_HOURS`
(24 h by default).

How it fits the session-per-request model, in three steps on the request's own session:

1. Claim (before the handler): `INSERT ... ON CONFLICT (user_id, key) DO NOTHING RETURNING`
   and commit at once, so a concurrent duplicate sees the claim and cannot run too.
2. The handler runs; the route ends with `await idempotency.complete(result, status_code)`,
   which writes the response onto the claimed row in the handler's transaction: the effect
   and its recorded response commit together or not at all.
3. On a domain error (4xx) the handler's work is rolled back and the problem response is
   stored (a retry gets the same answer); on anything else (5xx, a validation error, a
   crash) the claim is deleted so the client may simply retry.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, TypeVar

from fastapi import Depends, FastAPI, Header, Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy import ColumnElement, and_, delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.auth import ScopeFilteredCaller
from app.core.config import get_settings
from app.core.db import SessionDep
from app.core.encryption import decrypt_secret, encrypt_secret
from app.core.errors import Conflict, DomainError, Unprocessable
from app.core.json import dumps
from app.core.principal import Caller
from app.core.problems import problem_response, request_language
from app.models import IdempotencyKey, IdempotencyStatus
from app.models.base import new_id

logger = logging.getLogger("app.idempotency")

# A request that died mid-way leaves its claim in progress; after this a retry may take over.
IDEMPOTENCY_LEASE = timedelta(seconds=60)
REPLAY_HEADER = "Idempotent-Replayed"

M = TypeVar("M", bound=BaseModel)


class IdempotencyKeyReused(Unprocessable):
    code, title = (
        "idempotency_key_reused",
        "This Idempotency-Key was already used with a different request",
    )


class IdempotencyKeyInProgress(Conflict):
    code, title = (
        "idempotency_key_in_progress",
        "A request with this Idempotency-Key is still being processed; retry shortly",
    )


class IdempotentReplay(Exception):
    """Raised by the dependency to answer with the stored first response."""

    def __init__(self, status: int, body: bytes, content_type: str) -> None:
        super().__init__(status)
        self.status, self.body, self.content_type = status, body, content_type


@dataclass(frozen=True)
class KeyOwner:
    """Whose key namespace: the user, or an app token acting for no user."""

    user_id: uuid.UUID | None
    client_id: str | None

    @classmethod
    def of(cls, caller: Caller) -> KeyOwner:
        if caller.user is not None:
            return cls(caller.user.id, None)
        return cls(None, caller.client_id)

    def owns(self) -> ColumnElement[bool]:
        if self.user_id is not None:
            return IdempotencyKey.user_id == self.user_id
        return and_(IdempotencyKey.user_id.is_(None), IdempotencyKey.client_id == self.client_id)


@dataclass
class IdempotentRequest:
    session: AsyncSession
    record_id: uuid.UUID | None
    completed: bool = field(default=False)

    async def complete(self, result: M, *, status_code: int = 200, secret: bool = False) -> M:
        """Store the response for replays, in the transaction of the change it reports.
        `secret`: the response shows a secret once; its stored copy is encrypted."""
        if self.record_id is not None:
            body = dumps(result.model_dump(mode="json"))
            await _store_response(
                self.session,
                self.record_id,
                status=status_code,
                body=encrypt_secret(body.decode()).encode() if secret else body,
                content_type="application/json",
                encrypted=secret,
            )
        self.completed = True
        return result


def request_fingerprint(method: str, path: str, body: bytes) -> tuple[str, str, str]:
    return method.upper(), path, hashlib.sha256(body).hexdigest()


async def _body_digest_source(request: Request) -> bytes:
    """What a retry must repeat: the raw body, or for a multipart upload (whose stream the
    form parser has consumed) every field and file content, hashed from the parsed form."""
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        return await request.body()
    digest = hashlib.sha256()
    form = await request.form()
    for name, value in sorted(form.multi_items(), key=lambda item: item[0]):
        digest.update(name.encode() + b"\0")
        if isinstance(value, str):
            digest.update(value.encode() + b"\0")
            continue
        digest.update((value.filename or "").encode() + b"\0")
        while chunk := await value.read(1 << 20):
            digest.update(chunk)
        await value.seek(0)
    return digest.digest()


async def _store_response(
    session: AsyncSession,
    record_id: uuid.UUID,
    *,
    status: int,
    body: bytes,
    content_type: str,
    encrypted: bool = False,
) -> None:
    await session.execute(
        update(IdempotencyKey)
        .where(IdempotencyKey.id == record_id)
        .values(
            status=IdempotencyStatus.completed,
            response_status=status,
            response_body=body,
            response_content_type=content_type,
            response_encrypted=encrypted,
            completed_at=datetime.now(UTC),
        )
    )


async def _claim(
    session: AsyncSession, owner: KeyOwner, key: str, fingerprint: tuple[str, str, str]
) -> uuid.UUID:
    """Claim (owner, key) for this request and commit, or raise what a duplicate gets."""
    method, path, body_sha256 = fingerprint
    values = {"method": method, "path": path, "body_sha256": body_sha256}
    statement = insert(IdempotencyKey).values(
        id=new_id(),
        user_id=owner.user_id,
        client_id=owner.client_id,
        key=key,
        status=IdempotencyStatus.in_progress,
        **values,
    )
    if owner.user_id is not None:
        statement = statement.on_conflict_do_nothing(constraint="uq_idempotency_keys_user_key")
    else:
        statement = statement.on_conflict_do_nothing(
            index_elements=[IdempotencyKey.client_id, IdempotencyKey.key],
            index_where=IdempotencyKey.user_id.is_(None),
        )
    claimed = await session.scalar(statement.returning(IdempotencyKey.id))
    if claimed is None:
        claimed = await _claim_existing(session, owner, key, fingerprint)
    await session.commit()
    return claimed


async def _claim_existing(
    session: AsyncSession, owner: KeyOwner, key: str, fingerprint: tuple[str, str, str]
) -> uuid.UUID:
    existing = await session.scalar(
        select(IdempotencyKey)
        .where(owner.owns(), IdempotencyKey.key == key)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if existing is None:  # purged between our insert and this read: let the client retry
        raise IdempotencyKeyInProgress()
    now = datetime.now(UTC)
    ttl = timedelta(hours=get_settings().idempotency_key_ttl_hours)
    method, path, body_sha256 = fingerprint
    if existing.created_at < now - ttl:
        # Expired: the key starts a new life for this request.
        existing.method, existing.path, existing.body_sha256 = method, path, body_sha256
        existing.status = IdempotencyStatus.in_progress
        existing.response_status = existing.response_body = existing.response_content_type = None
        existing.response_encrypted = False
        existing.created_at = existing.locked_at = now
        existing.completed_at = None
        await session.flush()
        return existing.id
    if (existing.method, existing.path, existing.body_sha256) != fingerprint:
        raise IdempotencyKeyReused(
            f"Idempotency-Key was first used for {existing.method} {existing.path} "
            "with a different body"
        )
    if existing.status is IdempotencyStatus.completed:
        assert existing.response_status is not None and existing.response_body is not None
        body = existing.response_body
        if existing.response_encrypted:
            body = decrypt_secret(body.decode()).encode()
        raise IdempotentReplay(
            existing.response_status, body, existing.response_content_type or "application/json"
        )
    if existing.locked_at > now - IDEMPOTENCY_LEASE:
        raise IdempotencyKeyInProgress()
    existing.locked_at = now  # the first request died; this one takes over
    await session.flush()
    return existing.id


async def _release(session: AsyncSession, record_id: uuid.UUID) -> None:
    await session.rollback()
    await session.execute(
        delete(IdempotencyKey).where(
            IdempotencyKey.id == record_id,
            IdempotencyKey.status == IdempotencyStatus.in_progress,
        )
    )
    await session.commit()


_KEY_RULES: dict[str, Any] = {
    "alias": "Idempotency-Key",
    "min_length": 1,
    "max_length": 255,
    "pattern": r"^[\x21-\x7e]+$",
}
_KEY_DESCRIPTION = (
    "Any unique string (a UUID v4 is ideal). A retry with the same key "
    "and body replays the first response; keys are kept at least 24 hours."
)


async def _idempotent_request(
    request: Request,
    caller: ScopeFilteredCaller,
    session: SessionDep,
    idempotency_key: Annotated[
        str | None, Header(**_KEY_RULES, description=_KEY_DESCRIPTION)
    ] = None,
) -> AsyncIterator[IdempotentRequest]:
    owner = KeyOwner.of(caller)
    async with _idempotency_scope(request, owner, session, idempotency_key) as handle:
        yield handle


async def _required_idempotent_request(
    request: Request,
    caller: ScopeFilteredCaller,
    session: SessionDep,
    idempotency_key: Annotated[
        str, Header(**_KEY_RULES, description="Required here. " + _KEY_DESCRIPTION)
    ],
) -> AsyncIterator[IdempotentRequest]:
    owner = KeyOwner.of(caller)
    async with _idempotency_scope(request, owner, session, idempotency_key) as handle:
        yield handle


@asynccontextmanager
async def _idempotency_scope(
    request: Request, owner: KeyOwner, session: AsyncSession, idempotency_key: str | None
) -> AsyncIterator[IdempotentRequest]:
    if idempotency_key is None:
        yield IdempotentRequest(session, None)
        return
    fingerprint = request_fingerprint(
        request.method, request.url.path, await _body_digest_source(request)
    )
    record_id = await _claim(session, owner, idempotency_key, fingerprint)
    handle = IdempotentRequest(session, record_id)
    try:
        yield handle
    except DomainError as error:
        if error.status >= 500:
            await _release(session, record_id)
            raise
        await session.rollback()
        problem = problem_response(
            status=error.status,
            code=error.code,
            title=error.title,
            detail=error.detail,
            extra=error.extra,
            # The replay must repeat what the first answer said, in its language.
            language=request_language(request),
        )
        await _store_response(
            session,
            record_id,
            status=error.status,
            body=bytes(problem.body),
            content_type="application/problem+json",
        )
        await session.commit()
        raise
    except BaseException:
        await _release(session, record_id)
        raise
    if not handle.completed:
        logger.warning("route returned without complete()", extra={"path": fingerprint[1]})
        await session.execute(delete(IdempotencyKey).where(IdempotencyKey.id == record_id))


Idempotency = Annotated[IdempotentRequest, Depends(_idempotent_request, scope="function")]
# For requests that record money moved outside the platform (an admin's bank transfer), where
# a double submission would book one transfer twice: the key is not optional.
RequiredIdempotency = Annotated[
    IdempotentRequest, Depends(_required_idempotent_request, scope="function")
]


async def _replay(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, IdempotentReplay)
    return Response(
        content=exc.body,
        status_code=exc.status,
        media_type=exc.content_type,
        headers={REPLAY_HEADER: "true"},
    )


def install_idempotency(app: FastAPI) -> None:
    app.add_exception_handler(IdempotentReplay, _replay)


async def purge_expired_idempotency_keys(session: AsyncSession) -> int:
    """Worker task: forget keys older than the retention period (at least 24 hours)."""
    cutoff = datetime.now(UTC) - timedelta(hours=get_settings().idempotency_key_ttl_hours)
    doomed = (
        select(IdempotencyKey.id)
        .where(IdempotencyKey.created_at < cutoff)
        .limit(1000)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    result = await session.execute(delete(IdempotencyKey).where(IdempotencyKey.id.in_(doomed)))
    return int(getattr(result, "rowcount", 0) or 0)
