"""RFC 9457 problem+json: the one error shape, its OpenAPI schema and the exception handlers."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import DBAPIError, PendingRollbackError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.core.db import DatabaseUnreachable
from app.core.errors import DomainError
from app.core.json import dumps
from app.core.pool import ConnectionLost

logger = logging.getLogger("app.errors")

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://pasarkreatif.id/problems/"


class FieldError(BaseModel):
    loc: str = Field(description="Dotted path of the offending input, e.g. `body.budget_min_idr`")
    message: str
    type: str


class Problem(BaseModel):
    """RFC 9457 problem details, with a stable machine-readable `code`."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "type": "https://pasarkreatif.id/problems/gig_not_open",
                "title": "The gig is not open for proposals",
                "status": 409,
                "detail": "Gig is in status 'draft'",
                "code": "gig_not_open",
            }
        }
    )

    type: str
    title: str
    status: int
    detail: str
    code: str
    errors: list[FieldError] | None = None


_HTTP_CODES: dict[int, tuple[str, str]] = {
    400: ("bad_request", "Bad request"),
    401: ("unauthorized", "Authentication required"),
    403: ("forbidden", "Forbidden"),
    404: ("not_found", "Not found"),
    405: ("method_not_allowed", "Method not allowed"),
    406: ("not_acceptable", "Not acceptable"),
    413: ("payload_too_large", "The request body is too large"),
    415: ("unsupported_media_type", "Unsupported media type"),
    422: ("validation_error", "The request is not valid"),
    429: ("rate_limited", "Too many requests"),
}


def problem_response(
    *,
    status: int,
    code: str,
    title: str,
    detail: str,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> Response:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + code,
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
    }
    if errors is not None:
        body["errors"] = errors
    if extra:
        body.update({k: v for k, v in extra.items() if k not in body})
    return Response(
        content=dumps(body), status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers
    )


def _loc(parts: tuple[int | str, ...] | list[int | str]) -> str:
    return ".".join(str(p) for p in parts)


async def _domain_error(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    return problem_response(
        status=exc.status,
        code=exc.code,
        title=exc.title,
        detail=exc.detail,
        headers=exc.headers or None,
        extra=exc.extra,
    )


async def _validation_error(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    # The offending input is deliberately not echoed: it may be huge or hold NUL bytes.
    errors = [
        {"loc": _loc(e.get("loc", ())), "message": str(e.get("msg", "")), "type": str(e["type"])}
        for e in exc.errors()
    ]
    return problem_response(
        status=422,
        code="validation_error",
        title="The request is not valid",
        detail=f"{len(errors)} field(s) failed validation",
        errors=errors,
    )


async def _http_error(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    code, title = _HTTP_CODES.get(exc.status_code, ("http_error", "HTTP error"))
    detail = exc.detail if isinstance(exc.detail, str) else title
    return problem_response(
        status=exc.status_code,
        code=code,
        title=title,
        detail=detail,
        headers=dict(exc.headers) if exc.headers else None,
    )


async def _database_busy(request: Request, exc: Exception) -> Response:
    # Every pooled connection stayed busy for DB_POOL_TIMEOUT seconds: an overload to wait
    # out, not a bug.
    logger.warning("database pool exhausted on %s %s", request.method, request.url.path)
    return problem_response(
        status=503,
        code="service_busy",
        title="The service is busy",
        detail="Too many requests are waiting for the database; try again shortly.",
        headers={"Retry-After": "1"},
    )


# SQLAlchemy's code for "Can't reconnect until invalid transaction is rolled back": the
# session's connection was dropped (inside a savepoint, say) and it was used again. Its other
# PendingRollbackError, after a failed flush, is a bug and stays a 500.
_INVALIDATED_TRANSACTION = "8s2b"


# deadlock_detected and serialization_failure: the transaction was rolled back, retry it.
_RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})


def _sqlstate(exc: DBAPIError) -> str | None:
    for error in (exc.orig, getattr(exc.orig, "__cause__", None)):
        state = getattr(error, "sqlstate", None)
        if isinstance(state, str):
            return state
    return None


def _database_unavailable() -> Response:
    return problem_response(
        status=503,
        code="database_unavailable",
        title="The database is not reachable",
        detail="The database is not reachable right now; try again shortly.",
        headers={"Retry-After": "1"},
    )


async def _database_error(request: Request, exc: Exception) -> Response:
    # A connection PostgreSQL dropped (a restart, a failover, an idle timeout) is replaced by
    # the pool; the request that met it may simply be retried. Any other driver error is a bug.
    if isinstance(exc, DBAPIError) and _sqlstate(exc) in _RETRYABLE_SQLSTATES:
        # PostgreSQL rolled the whole transaction back to break a deadlock or a serialization
        # conflict; the same request succeeds when retried. Logged: a deadlock is worth fixing.
        logger.warning(
            "transaction conflict (%s) on %s %s", _sqlstate(exc), request.method, request.url.path
        )
        return problem_response(
            status=503,
            code="service_busy",
            title="The service is busy",
            detail="A concurrent change conflicted with this request; try again.",
            headers={"Retry-After": "1"},
        )
    if isinstance(exc, DBAPIError) and not exc.connection_invalidated:
        return await _unexpected_error(request, exc)
    if isinstance(exc, PendingRollbackError) and exc.code != _INVALIDATED_TRANSACTION:
        return await _unexpected_error(request, exc)
    logger.warning("database connection lost on %s %s", request.method, request.url.path)
    return _database_unavailable()


async def _database_unreachable(request: Request, exc: Exception) -> Response:
    # Down, restarting, recovering or out of connection slots: nothing to fix in the request.
    logger.warning("database unreachable on %s %s: %s", request.method, request.url.path, exc)
    return _database_unavailable()


_INTERNAL_ERROR = {
    "status": 500,
    "code": "internal_error",
    "title": "Internal server error",
    "detail": "Something went wrong on our side; it has been logged.",
}
# Sent as is by RequestContextMiddleware (app/core/middleware.py) for an unhandled error.
INTERNAL_ERROR_BODY = dumps({"type": PROBLEM_TYPE_BASE + "internal_error", **_INTERNAL_ERROR})


async def _unexpected_error(request: Request, exc: Exception) -> Response:
    logger.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return Response(content=INTERNAL_ERROR_BODY, status_code=500, media_type=PROBLEM_MEDIA_TYPE)


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(PoolTimeout, _database_busy)
    app.add_exception_handler(DBAPIError, _database_error)
    app.add_exception_handler(ConnectionLost, _database_error)
    app.add_exception_handler(PendingRollbackError, _database_error)
    app.add_exception_handler(DatabaseUnreachable, _database_unreachable)
    app.add_exception_handler(Exception, _unexpected_error)


def problem_responses(*errors: type[DomainError]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` for an endpoint: each status with the codes it can return."""
    by_status: dict[int, list[type[DomainError]]] = {}
    for error in errors:
        by_status.setdefault(error.status, []).append(error)
    by_status.setdefault(422, [])
    responses: dict[int | str, dict[str, Any]] = {}
    for status, group in sorted(by_status.items()):
        codes = [e.code for e in group]
        titles = [e.title for e in group]
        if status == 422:
            codes.insert(0, "validation_error")
            titles.insert(0, "The request is not valid (see `errors`)")
        example = {
            "type": PROBLEM_TYPE_BASE + codes[0],
            "title": titles[0],
            "status": status,
            "detail": titles[0],
            "code": codes[0],
        }
        responses[str(status)] = {
            "model": Problem,
            "description": "; ".join(f"`{c}`: {t}" for c, t in zip(codes, titles, strict=True)),
            "content": {PROBLEM_MEDIA_TYPE: {"example": example}},
        }
    return responses
