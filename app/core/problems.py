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
from app.core.messages import Language, field_message, preferred_language, title_for
from app.core.pool import ConnectionLost

logger = logging.getLogger("app.errors")

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://pasarkreatif.id/problems/"


class FieldError(BaseModel):
    """One mistake in a request: where it is, what kind it is, and what to do about it."""

    loc: str = Field(description="Dotted path of the offending input, e.g. `body.budget_min_idr`")
    code: str = Field(description="Stable kind of mistake, e.g. `missing`, `string_too_short`")
    message: str


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


PROBLEM_SCHEMA_REF = "#/components/schemas/Problem"
_VALIDATION_TITLE = "The request is not valid (see `errors`)"

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
    language: Language = "en",
) -> Response:
    """The problem+json response; in another language `title`, `detail` and field messages
    come from its catalogue (app/core/messages) and `code` stays the same."""
    if language != "en":
        title = detail = title_for(code, title, language)
        if errors is not None:
            errors = [
                {**e, "message": field_message(e["code"], e["message"], {}, language)}
                for e in errors
            ]
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
    response = Response(
        content=dumps(body), status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers
    )
    response.headers["Content-Language"] = language
    response.headers["Vary"] = "Accept-Language"
    return response


def request_language(request: Request) -> Language:
    """`Accept-Language` when the client sends one, else the signed-in caller's `locale`,
    else English."""
    accept_language = request.headers.get("accept-language")
    if accept_language:
        return preferred_language(accept_language)
    return "id" if getattr(request.state, "locale", None) == "id" else "en"


def _loc(parts: tuple[int | str, ...] | list[int | str]) -> str:
    return ".".join(str(p) for p in parts)


async def _domain_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    extra = dict(exc.extra)
    errors = extra.pop("errors", None)
    return problem_response(
        status=exc.status,
        code=exc.code,
        title=exc.title,
        detail=exc.detail,
        errors=errors,
        headers=exc.headers or None,
        extra=extra,
        language=request_language(request),
    )


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    language = request_language(request)
    # The offending input is deliberately not echoed: it may be huge or hold NUL bytes.
    errors = [
        {
            "loc": _loc(e.get("loc", ())),
            "code": str(e["type"]),
            "message": field_message(
                str(e["type"]), str(e.get("msg", "")), dict(e.get("ctx") or {}), language
            ),
        }
        for e in exc.errors()
    ]
    single_rule = _rule_error_class(errors[0]["code"]) if len(errors) == 1 else None
    if single_rule is not None:
        # One broken rule (app/schemas/rules.py) and nothing else: answered with its own code,
        # exactly as when the service finds it.
        (line,) = exc.errors()
        return problem_response(
            status=single_rule.status,
            code=single_rule.code,
            title=single_rule.title,
            detail=str(line.get("msg", single_rule.title)),
            errors=errors,
            extra=dict(line.get("ctx") or {}),
            language=language,
        )
    return problem_response(
        status=422,
        code="validation_error",
        title="The request is not valid",
        detail=f"{len(errors)} field(s) failed validation",
        errors=errors,
        language=language,
    )


def _rule_error_class(code: str) -> type[DomainError] | None:
    """The 422 domain error whose code a schema rule reported, if any."""
    pending: list[type[DomainError]] = [DomainError]
    while pending:
        cls = pending.pop()
        if cls.status == 422 and cls.code == code and code not in _GENERIC_422:
            return cls
        pending.extend(cls.__subclasses__())
    return None


_GENERIC_422 = frozenset({"validation_error", "unprocessable"})


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    code, title = _HTTP_CODES.get(exc.status_code, ("http_error", "HTTP error"))
    detail = exc.detail if isinstance(exc.detail, str) else title
    return problem_response(
        status=exc.status_code,
        code=code,
        title=title,
        detail=detail,
        headers=dict(exc.headers) if exc.headers else None,
        language=request_language(request),
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
        language=request_language(request),
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


def _database_unavailable(request: Request) -> Response:
    return problem_response(
        status=503,
        code="database_unavailable",
        title="The database is not reachable",
        detail="The database is not reachable right now; try again shortly.",
        headers={"Retry-After": "1"},
        language=request_language(request),
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
            language=request_language(request),
        )
    if isinstance(exc, DBAPIError) and not exc.connection_invalidated:
        return await _unexpected_error(request, exc)
    if isinstance(exc, PendingRollbackError) and exc.code != _INVALIDATED_TRANSACTION:
        return await _unexpected_error(request, exc)
    logger.warning("database connection lost on %s %s", request.method, request.url.path)
    return _database_unavailable(request)


async def _database_unreachable(request: Request, exc: Exception) -> Response:
    # Down, restarting, recovering or out of connection slots: nothing to fix in the request.
    logger.warning("database unreachable on %s %s: %s", request.method, request.url.path, exc)
    return _database_unavailable(request)


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
    return problem_response(
        status=500,
        code="internal_error",
        title="Internal server error",
        detail="Something went wrong on our side; it has been logged.",
        language=request_language(request),
    )


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
    """OpenAPI `responses=` for an endpoint: each status with the codes it can return.

    Each response is the `Problem` schema with `code` narrowed to an enum of exactly those
    codes (the declared error classes plus the generic code of the status), so clients get a
    typed `code` and the document cannot drift from the classes.
    """
    by_status: dict[int, list[tuple[str, str]]] = {}
    for error in errors:
        by_status.setdefault(error.status, []).append((error.code, error.title))
    by_status.setdefault(422, [])[:0] = [
        ("validation_error", _VALIDATION_TITLE),
        ("unknown_parameter", "A query parameter this endpoint does not know (see `errors`)"),
    ]
    for status, group in by_status.items():
        generic = _HTTP_CODES.get(status)
        if generic and generic[0] not in {code for code, _ in group}:
            group.append(generic)
    responses: dict[int | str, dict[str, Any]] = {}
    for status, group in sorted(by_status.items()):
        codes = list(dict.fromkeys(code for code, _ in group))
        first_code, first_title = group[0]
        example = {
            "type": PROBLEM_TYPE_BASE + first_code,
            "title": first_title,
            "status": status,
            "detail": first_title,
            "code": first_code,
        }
        schema = {
            "allOf": [
                {"$ref": PROBLEM_SCHEMA_REF},
                {"type": "object", "properties": {"code": {"type": "string", "enum": codes}}},
            ]
        }
        responses[str(status)] = {
            "description": "; ".join(f"`{c}`: {t}" for c, t in dict(group).items()),
            "content": {PROBLEM_MEDIA_TYPE: {"schema": schema, "example": example}},
        }
    return responses


def problem_components() -> dict[str, Any]:
    """`Problem` and `FieldError` for the document's components (app/main.py adds them)."""
    schema = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    components: dict[str, Any] = schema.pop("$defs", {})
    components["Problem"] = schema
    return components


def install_problem_schema(app: FastAPI) -> None:
    """Add `Problem` and `FieldError` to the document's components, once, when it is built."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = build()
            document.setdefault("components", {}).setdefault("schemas", {}).update(
                problem_components()
            )
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
