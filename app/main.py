"""Application factory: routers, middleware and exception handlers; nothing else."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.routing import APIRoute

from app.core.config import get_settings
from app.core.db import dispose_engine
from app.core.logging import configure_logging
from app.core.middleware import BodySizeLimitMiddleware, RequestContextMiddleware
from app.core.problems import install_problem_handlers
from app.routers import (
    auth,
    businesses,
    contracts,
    creatives,
    gigs,
    health,
    proposals,
    reference,
)

DESCRIPTION = """
Pasar Kreatif matches Indonesian UMKM owners (food stalls, batik makers, coffee roasters)
with freelance digital creatives for packaging, branding, product photography and marketing.

* Money is integer rupiah in fields ending `_idr`.
* Errors are RFC 9457 `application/problem+json` with a stable `code`.
* Lists page with `?limit=&cursor=` and return `{data, next_cursor}`.
"""

TAGS = [
    {"name": "health", "description": "Liveness and readiness probes"},
    {"name": "auth", "description": "Registration, tokens and the current account"},
    {"name": "reference", "description": "Categories, skills and Kemendagri regions"},
    {"name": "businesses", "description": "UMKM business profiles"},
    {"name": "creatives", "description": "Creative profiles and portfolios"},
    {"name": "gigs", "description": "Gig postings and search"},
    {"name": "proposals", "description": "Proposals from creatives on gigs"},
    {"name": "contracts", "description": "Contracts and milestones"},
]


def _operation_id(route: APIRoute) -> str:
    return f"{route.tags[0]}-{route.name}" if route.tags else route.name


@asynccontextmanager
async def _lifespan(_: FastAPI) -> AsyncIterator[None]:
    yield
    await dispose_engine()


def create_app() -> FastAPI:
    settings = get_settings()
    configure_logging(settings.log_level, json_output=settings.log_json)
    app = FastAPI(
        title="Pasar Kreatif API",
        version="1.0.0",
        description=DESCRIPTION,
        openapi_tags=TAGS,
        generate_unique_id_function=_operation_id,
        lifespan=_lifespan,
        separate_input_output_schemas=False,
    )
    install_problem_handlers(app)
    for module in (health, auth, reference, businesses, creatives, gigs, proposals, contracts):
        app.include_router(module.router)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["*"],
            allow_headers=["*"],
            expose_headers=["X-Request-ID", "Retry-After"],
        )
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_request_body_bytes)
    app.add_middleware(RequestContextMiddleware)
    return app
