"""Domain errors and their single mapping to RFC 9457 problem+json."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar


class DomainError(Exception):
    """Base of every error a service raises; the handler turns it into problem+json."""

    status: ClassVar[int] = 400
    code: ClassVar[str] = "bad_request"
    title: ClassVar[str] = "Bad request"

    def __init__(self, detail: str | None = None, **extra: Any) -> None:
        self.detail = detail or self.title
        self.extra = extra
        self.headers: dict[str, str] = {}
        super().__init__(self.detail)


class BadRequest(DomainError):
    status, code, title = 400, "bad_request", "Bad request"


class InvalidRequest(BadRequest):
    code, title = "invalid_request", "A required parameter is missing or malformed"


class InvalidCursor(BadRequest):
    code, title = "invalid_cursor", "The pagination cursor is not valid"


class Unauthorized(DomainError):
    status, code, title = 401, "unauthorized", "Authentication required"

    def __init__(self, detail: str | None = None, **extra: Any) -> None:
        super().__init__(detail, **extra)
        self.headers["WWW-Authenticate"] = "Bearer"


class InvalidCredentials(Unauthorized):
    code, title = "invalid_credentials", "Email or password is incorrect"


class InvalidToken(Unauthorized):
    code, title = "invalid_token", "The token is invalid, expired or revoked"


class InvalidGrant(BadRequest):
    # RFC 6749 section 5.2: a bad refresh token or code is a 400 invalid_grant.
    code, title = "invalid_grant", "The grant is invalid, expired or revoked"


class UnsupportedGrantType(BadRequest):
    code, title = "unsupported_grant_type", "This grant type is not supported"


class Forbidden(DomainError):
    status, code, title = 403, "forbidden", "You are not allowed to do this"


class RoleRequired(Forbidden):
    code, title = "role_required", "This action needs a different account role"


class EmailUnverified(Forbidden):
    code, title = "email_unverified", "Confirm your email address first"


class InsufficientScope(Forbidden):
    code, title = "insufficient_scope", "The token lacks the scope this action needs"


class NotFound(DomainError):
    status, code, title = 404, "not_found", "Not found"


class Conflict(DomainError):
    status, code, title = 409, "conflict", "Conflict"


class InvalidTransition(Conflict):
    code, title = "invalid_state_transition", "This action is not allowed in the current state"


class Unprocessable(DomainError):
    status, code, title = 422, "unprocessable", "The request cannot be processed"


class PayloadTooLarge(DomainError):
    status, code, title = 413, "payload_too_large", "The request body is too large"


class RateLimited(DomainError):
    status, code, title = 429, "rate_limited", "Too many requests"

    def __init__(self, retry_after_seconds: int, detail: str | None = None) -> None:
        super().__init__(detail, retry_after=retry_after_seconds)
        self.headers["Retry-After"] = str(retry_after_seconds)


class RequestInvalid(Unprocessable):
    """Several mistakes in one request, each in `errors` with its own `loc` and `code`."""

    code, title = "validation_error", "The request is not valid (see `errors`)"


class Violations:
    """Collects the rule errors of one request so the caller hears of all of them at once.

    A check that can run without side effects goes inside `collecting(loc)`; `raise_any()`
    then raises nothing, the one error as itself (its `code` unchanged, `errors` listing it),
    or a `RequestInvalid` (`validation_error`) whose `errors` list every rule broken.
    """

    def __init__(self) -> None:
        self._found: list[tuple[str, Unprocessable]] = []

    def add(self, loc: str, error: Unprocessable) -> None:
        self._found.append((loc, error))

    @contextmanager
    def collecting(self, loc: str) -> Iterator[None]:
        try:
            yield
        except Unprocessable as error:
            self.add(loc, error)

    def field_errors(self) -> list[dict[str, str]]:
        return [{"loc": loc, "code": e.code, "message": e.detail} for loc, e in self._found]

    def raise_any(self) -> None:
        if not self._found:
            return
        errors = self.field_errors()
        if len(self._found) == 1:
            error = self._found[0][1]
            error.extra["errors"] = errors
            raise error
        raise RequestInvalid(f"{len(errors)} rules are broken", errors=errors)
