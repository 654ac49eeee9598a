"""Pure-ASGI middleware: request ids, structured access logs and the body-size limit."""

from __future__ import annotations

import contextlib
import re
import time
import uuid
from collections.abc import Callable
from contextvars import Token
from typing import Any

from sqlalchemy import inspect as sa_inspect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.logging import access_log, current_request_id
from app.core.metrics import observe_request
from app.core.problems import INTERNAL_ERROR_BODY, PROBLEM_MEDIA_TYPE, problem_response

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")
# Anything else a client sends as a method is counted as "other": labels must stay few.
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

# Called with each request's id as it starts (tracing and Sentry tag their span or scope
# with it, app/core/telemetry.py); empty unless they are configured.
request_started_hooks: list[Callable[[str], None]] = []


class RequestContextMiddleware:
    """Echo or assign `X-Request-ID`, make it the log context of the request, count the
    request by route template and log one structured line for it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        context: Token[str | None] | None = current_request_id.set(request_id)
        for hook in request_started_hooks:
            hook(request_id)
        started = time.perf_counter()
        status = 500
        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status, response_started = message["status"], True
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            # Starlette's ServerErrorMiddleware (outermost) would answer an unhandled error
            # outside this middleware, without the request id. The 500 is sent from here
            # instead; ServerErrorMiddleware then sees a started response, still calls the
            # logging handler (app/core/problems.py) and re-raises for the server.
            if not response_started:
                await send_with_id(_internal_error_start())
                await send_with_id(
                    {"type": "http.response.body", "body": INTERNAL_ERROR_BODY, "more_body": False}
                )
            # Left set: that handler's error line belongs to this request.
            context = None
            raise
        except BaseException:
            context = None
            raise
        finally:
            seconds = time.perf_counter() - started
            method = scope["method"] if scope["method"] in _METHODS else "other"
            route = scope.get("route")
            template = getattr(route, "path", None) if route is not None else None
            observe_request(method, template or "unmatched", status, seconds)
            if access_log.enabled():
                caller = state.get("caller")
                access_log.write(
                    request_id=request_id,
                    method=scope["method"],
                    path=scope["path"],
                    status=status,
                    duration_ms=round(seconds * 1000, 2),
                    user_id=_user_id(caller),
                    client_id=getattr(caller, "client_id", None),
                )
            if context is not None:
                current_request_id.reset(context)


def _user_id(caller: object) -> str | None:
    """The caller's user id from the row's identity: a failed request's rollback has expired
    the row and closed its session, so reading `user.id` would try (and fail) to reload it."""
    user = getattr(caller, "user", None)
    if user is None:
        return None
    identity = sa_inspect(user).identity
    return str(identity[0]) if identity else None


def _internal_error_start() -> Message:
    return {
        "type": "http.response.start",
        "status": 500,
        "headers": [
            (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
            (b"content-length", str(len(INTERNAL_ERROR_BODY)).encode()),
            (b"x-content-type-options", b"nosniff"),
        ],
    }


class BodySizeLimitMiddleware:
    """Refuse bodies over the limit with 413 before the app buffers them. `upload_paths`
    gives POSTs to some paths (file uploads) their own, larger limit."""

    def __init__(
        self, app: ASGIApp, max_bytes: int, upload_paths: dict[str, int] | None = None
    ) -> None:
        self.app = app
        self.default_max_bytes = max_bytes
        self.upload_paths = upload_paths or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.default_max_bytes
        if scope["method"] == "POST" and scope["path"] in self.upload_paths:
            limit = self.upload_paths[scope["path"]]
        await self._limited(scope, receive, send, limit)

    async def _limited(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        declared, chunked = None, False
        for name, value in scope["headers"]:
            if name == b"content-length":
                declared = value
            elif name == b"transfer-encoding":
                chunked = True
        if declared is None and not chunked:
            # No Content-Length and no chunking: HTTP/1.1 gives the request no body
            # (RFC 9112, 6.3), so most GETs skip the counting below.
            await self.app(scope, receive, send)
            return
        try:
            too_large = declared is not None and int(declared) > limit
        except ValueError:
            too_large = True
        if too_large:
            await self._reject(scope, receive, send, limit)
            return

        received, too_large, started = 0, False, False

        async def limited_receive() -> Message:
            nonlocal received, too_large
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    too_large = True
                    raise _BodyTooLarge()
            return message

        async def guarded_send(message: Message) -> None:
            # The app may answer the interrupted read itself (FastAPI: 400, "error parsing
            # the body"); the client gets the 413 instead.
            nonlocal started
            if not too_large:
                started = started or message["type"] == "http.response.start"
                await send(message)

        with contextlib.suppress(_BodyTooLarge):
            await self.app(scope, limited_receive, guarded_send)
        if too_large and not started:
            await self._reject(scope, receive, send, limit)

    async def _reject(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        response = problem_response(
            status=413,
            code="payload_too_large",
            title="The request body is too large",
            detail=f"Request bodies are limited to {limit} bytes",
        )
        await response(scope, receive, send)


class _BodyTooLarge(Exception):
    pass


def request_id_of(scope_state: dict[str, Any]) -> str | None:
    value = scope_state.get("request_id")
    return value if isinstance(value, str) else None
