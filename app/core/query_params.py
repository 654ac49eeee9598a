"""Unknown query parameters are a 422 `unknown_parameter` naming them, on every endpoint.

A typo in a filter (`?region_code=35` for `?region=35`) must not silently widen a search.
`UnknownParameterMiddleware` wraps the whole app, so every route gets it, including ones added
later; it builds its table of routes (pattern, declared names) once, on the first request with
a query string. An empty query string costs one comparison (~0.2 us); a non-empty one a walk of
the route patterns and a parse of its keys. (An app-level dependency did the same for ~25 us
on every request, the gig read included.)

RFC 6749 asks an authorization server to ignore unrecognized parameters, so a route may opt out
with `openapi_extra={ACCEPTS_ANY_QUERY: True}`.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

import fastapi.routing
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from pydantic import BaseModel
from starlette.types import ASGIApp, Receive, Scope, Send

from app.core.errors import Unprocessable
from app.core.messages import preferred_language
from app.core.problems import problem_response, problem_responses

ACCEPTS_ANY_QUERY = "x-accepts-unknown-query-parameters"


def _api_routes(app: FastAPI) -> list[Any]:
    """Every API route with its effective settings (FastAPI >= 0.16x nests included routers)."""
    iterate = getattr(fastapi.routing, "iter_route_contexts", None)
    routes = list(iterate(app.routes)) if iterate else list(app.routes)
    return [r for r in routes if isinstance(getattr(r, "dependant", None), Dependant)]


def declared_query_names(route: Any) -> frozenset[str]:
    """Every query parameter name the route reads, fields of query models included."""
    names: set[str] = set()
    pending: list[Dependant] = [route.dependant]
    while pending:
        dependant = pending.pop()
        pending.extend(dependant.dependencies)
        for field in dependant.query_params:
            annotation = field.field_info.annotation
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                names.update(f.alias or name for name, f in annotation.model_fields.items())
            else:
                names.add(field.alias)
    return frozenset(names)


class UnknownParameter(Unprocessable):
    code, title = (
        "unknown_parameter",
        "The request has a query parameter this endpoint does not know",
    )


def _unknown(query: bytes, declared: frozenset[str]) -> list[str]:
    pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
    return list(dict.fromkeys(name for name, _ in pairs if name not in declared))


class UnknownParameterMiddleware:
    """Pure ASGI: a request without a query string passes after one comparison (the gig read);
    one with a query string finds its route (the same ordered patterns the router uses) and is
    refused when it names a parameter the route does not declare."""

    def __init__(self, app: ASGIApp, *, api: FastAPI) -> None:
        self.app = app
        self.api = api
        self.routes: list[tuple[re.Pattern[str], frozenset[str], frozenset[str] | None]] | None
        self.routes = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope.get("query_string"):
            await self.app(scope, receive, send)
            return
        if self.routes is None:
            self.routes = route_table(self.api)
        path, method = scope["path"], scope["method"]
        for pattern, methods, declared in self.routes:
            if method in methods and pattern.match(path):
                if declared is not None:
                    unknown = _unknown(scope["query_string"], declared)
                    if unknown:
                        await _refusal(unknown, scope)(scope, receive, send)
                        return
                break
        await self.app(scope, receive, send)


def route_table(
    app: FastAPI,
) -> list[tuple[re.Pattern[str], frozenset[str], frozenset[str] | None]]:
    """(path pattern, methods, declared names or None for "accepts any") per API route."""
    table = []
    for route in _api_routes(app):
        accepts_any = bool((route.openapi_extra or {}).get(ACCEPTS_ANY_QUERY))
        declared = None if accepts_any else declared_query_names(route)
        methods = frozenset(route.methods or ()) | (
            {"HEAD"} if "GET" in (route.methods or ()) else set()
        )
        table.append((route.path_regex, frozenset(methods), declared))
    return table


def _refusal(unknown: list[str], scope: Scope) -> ASGIApp:
    headers = dict(scope.get("headers") or [])
    language = preferred_language(headers.get(b"accept-language", b"").decode("latin-1"))
    names = ", ".join(f"`{name}`" for name in unknown)
    return problem_response(
        status=422,
        code=UnknownParameter.code,
        title=UnknownParameter.title,
        detail=f"Unknown query parameter(s): {names}",
        errors=[
            {
                "loc": f"query.{name}",
                "code": UnknownParameter.code,
                "message": f"Received unknown parameter: {name}",
            }
            for name in unknown
        ],
        language=language,
    )


def document_unknown_parameter(app: FastAPI) -> None:
    """Every checked route documents the 422; call after every route is included."""
    for route in _api_routes(app):
        if not route.include_in_schema or (route.openapi_extra or {}).get(ACCEPTS_ANY_QUERY):
            continue
        responses: dict[int | str, Any] = route.responses
        if "422" not in responses and 422 not in responses:
            responses["422"] = problem_responses()["422"]
