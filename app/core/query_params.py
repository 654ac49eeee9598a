"""Unknown query parameters are a 422 `unknown_parameter` naming them, on every endpoint.

A typo in a filter (`?region_code=35` for `?region=35`) must not silently widen a search.
It is an app-level dependency (`FastAPI(dependencies=...)`), so every route gets it;
`unknown_parameter_check.install(app)` runs last in `create_app()` and records each endpoint's
declared names once. At request time an empty query string costs one comparison and a
non-empty one a parse of its keys.

RFC 6749 asks an authorization server to ignore unrecognized parameters, so a route may opt out
with `openapi_extra={ACCEPTS_ANY_QUERY: True}`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

import fastapi.routing
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from pydantic import BaseModel
from starlette.requests import Request

from app.core.errors import Unprocessable
from app.core.problems import problem_responses

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


class UnknownParameterCheck:
    """The app-level dependency; knows each endpoint's declared names once installed."""

    def __init__(self) -> None:
        self.declared: dict[Any, frozenset[str] | None] = {}

    async def __call__(self, request: Request) -> None:
        query: bytes = request.scope.get("query_string", b"")
        if not query:
            return
        declared = self.declared.get(request.scope.get("endpoint"))
        if declared is None:
            return  # an endpoint that accepts any parameter, or one not in the document
        unknown = _unknown(query, declared)
        if unknown:
            names = ", ".join(f"`{name}`" for name in unknown)
            raise UnknownParameter(
                f"Unknown query parameter(s): {names}",
                errors=[
                    {
                        "loc": f"query.{name}",
                        "code": UnknownParameter.code,
                        "message": f"Received unknown parameter: {name}",
                    }
                    for name in unknown
                ],
            )

    def install(self, app: FastAPI) -> None:
        """Record every route's names and document the 422; call after every route is in."""
        for route in _api_routes(app):
            if not route.include_in_schema:
                continue
            if (route.openapi_extra or {}).get(ACCEPTS_ANY_QUERY):
                self.declared[route.endpoint] = None
                continue
            names = declared_query_names(route)
            known = self.declared.get(route.endpoint, frozenset())
            self.declared[route.endpoint] = names | (known or frozenset())
            responses: dict[int | str, Any] = route.responses
            if "422" not in responses and 422 not in responses:
                responses["422"] = problem_responses()["422"]


unknown_parameter_check = UnknownParameterCheck()
