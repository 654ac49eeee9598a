"""Application factory: routers, middleware and exception handlers; nothing else."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.routing import APIRoute

from app.core import telemetry
from app.core.config import get_settings
from app.core.db import dispose_engine, get_engine
from app.core.docs import install_offline_docs
from app.core.forwarded import ForwardedClientMiddleware
from app.core.idempotency import install_idempotency
from app.core.logging import configure_logging
from app.core.middleware import BodySizeLimitMiddleware, RequestContextMiddleware
from app.core.pool import require_tested_sqlalchemy
from app.core.problems import install_problem_handlers, install_problem_schema
from app.core.query_params import UnknownParameterMiddleware, document_unknown_parameter
from app.core.security_headers import SecurityHeadersMiddleware
from app.routers import (
    admin,
    admin_users,
    auth,
    businesses,
    contracts,
    conversations,
    creatives,
    delegations,
    email_verification,
    escrow,
    event_webhooks,
    events,
    files,
    gigs,
    health,
    hubs,
    impact,
    invitations,
    matching,
    metrics,
    notifications,
    oauth,
    partners,
    passwords,
    payouts,
    privacy,
    proposals,
    reference,
    reviews,
    sandbox,
    sessions,
    stream,
    talent_pools,
    training,
    webhook_endpoints,
    webhooks,
)
from app.services import gig_search
from app.services.files.policy import LARGEST_UPLOAD
from app.services.marketplace_metrics import install_marketplace_metrics
from app.services.stream.hub import StreamHub

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
    {"name": "hubs", "description": "Hubs and programmes: staff and affiliated creatives"},
    {
        "name": "delegations",
        "description": "Assisted owners, delegations to hub facilitators, payment requests",
    },
    {"name": "gigs", "description": "Gig postings and search"},
    {"name": "proposals", "description": "Proposals from creatives on gigs"},
    {"name": "contracts", "description": "Contracts and milestones"},
    {
        "name": "escrow",
        "description": "Funding, cancelling and disputing milestones; a contract's ledger. "
        "Money-moving POSTs accept `Idempotency-Key`.",
    },
    {"name": "payouts", "description": "Where creatives are paid, their earnings and payouts"},
    {"name": "reviews", "description": "Double-blind reviews of completed contracts"},
    {
        "name": "admin",
        "description": "Ledger health, dispute resolution, manual payouts, account suspension "
        "and the audit log of every admin action",
    },
    {
        "name": "privacy",
        "description": "Your personal data (UU PDP 27/2022): a full export, and erasure",
    },
    {"name": "payment-webhooks", "description": "Signed events from the payment provider"},
    {
        "name": "sandbox",
        "description": "Sandbox payment provider only: complete payments by hand",
    },
    {
        "name": "matching",
        "description": "Ranked creatives for a gig and gigs for a creative, with reasons",
    },
    {"name": "invitations", "description": "Owners inviting creatives to send a proposal"},
    {
        "name": "files",
        "description": "Uploads for messages, deliveries and portfolios; signed download links",
    },
    {
        "name": "conversations",
        "description": "Owner and creative talking about a gig, then in the contract's thread",
    },
    {
        "name": "notifications",
        "description": "What happened that you need to know, in-app, by email and by WhatsApp",
    },
    {
        "name": "partners",
        "description": "Partner apps (admin registration) and the apps a user has connected",
    },
    {
        "name": "oauth",
        "description": "Consent page for partner apps: authorization code with PKCE (S256)",
    },
    {"name": "events", "description": "The event feed, polled with a commit-safe cursor"},
    {"name": "webhooks", "description": "Signed webhook endpoints, deliveries and redelivery"},
    {
        "name": "talent-pools",
        "description": "Hubs' curated pools of reviewed creatives, to search and offer gigs to",
    },
    {
        "name": "training",
        "description": "Programmes creatives completed at hubs, verified by the hub",
    },
    {
        "name": "impact",
        "description": "Impact figures of hubs, regions and categories (suppressed)",
    },
]


SERVERS = [
    {"url": "/", "description": "The server this document was read from"},
    {"url": "http://localhost:8000", "description": "Local development (`make run`)"},
]


def _operation_id(route: APIRoute) -> str:
    return f"{route.tags[0]}-{route.name}" if route.tags else route.name


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Everything built at startup (routes, schemas, mappers: ~180k objects) lives as long as
    # the process; frozen, the collector stops walking it, and a full collection pauses the
    # worker for a few milliseconds instead of ~160 ms (bench/README.md, "Tail latency").
    gc.freeze()
    if telemetry.tracing_on():
        telemetry.instrument_engine(get_engine())
    async with AsyncExitStack() as stack:
        if get_settings().search_cache_seconds > 0:
            await stack.enter_async_context(gig_search.cache_listener.running())
        yield
    await app.state.stream_hub.close()
    await dispose_engine()
    telemetry.shutdown_telemetry()


def create_app() -> FastAPI:
    require_tested_sqlalchemy()  # app/core/pool.py reaches under SQLAlchemy's public API
    settings = get_settings()
    configure_logging(settings.log_level, json_output=settings.log_json)
    # Before the app exists: Sentry's integrations patch Starlette's classes.
    telemetry.install_telemetry(settings)
    install_marketplace_metrics()
    app = FastAPI(
        title="Pasar Kreatif API",
        version="1.0.0",
        description=DESCRIPTION,
        openapi_tags=TAGS,
        generate_unique_id_function=_operation_id,
        lifespan=_lifespan,
        separate_input_output_schemas=False,
        # Swagger UI and ReDoc come from packaged assets (install_offline_docs), never FastAPI's
        # CDN pages; the schema stays available to `pasar openapi` either way (app.openapi()).
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json" if settings.docs_enabled else None,
        servers=SERVERS,
    )
    if settings.docs_enabled:
        install_offline_docs(app)
    install_problem_handlers(app)
    # This process's LISTEN connection for live streams (app/services/stream/hub.py).
    app.state.stream_hub = StreamHub()
    install_problem_schema(app)
    install_idempotency(app)
    for module in (gigs, health, auth, reference, businesses, creatives, proposals, contracts):
        app.include_router(module.router)
    for module in (partners, oauth, events, webhook_endpoints):
        app.include_router(module.router)
    for module in (matching, invitations, conversations, stream, files, notifications):
        app.include_router(module.router)
    for module in (email_verification, passwords, sessions):
        app.include_router(module.router)
    if settings.metrics_exposed:
        app.include_router(metrics.router)
    for module in (escrow, payouts, reviews, admin, admin_users, webhooks, privacy, impact):
        app.include_router(module.router)
    for module in (talent_pools, training):
        app.include_router(module.router)
    for module in (hubs, delegations):
        app.include_router(module.router)
    # What partner endpoints receive: the document's `webhooks` section, one entry per type.
    app.webhooks.include_router(event_webhooks.router, generate_unique_id_function=_operation_id)
    if settings.sandbox_active:
        app.include_router(sandbox.router)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["*"],
            allow_headers=["*"],
            expose_headers=[
                "X-Request-ID",
                "Retry-After",
                "RateLimit-Limit",
                "RateLimit-Remaining",
                "RateLimit-Reset",
                "RateLimit-Policy",
            ],
        )
    document_unknown_parameter(app)  # after every route is included
    app.add_middleware(UnknownParameterMiddleware, api=app)
    app.add_middleware(
        BodySizeLimitMiddleware,
        max_bytes=settings.max_request_body_bytes,
        # The largest purpose's file plus room for the multipart framing and fields.
        upload_paths={"/v1/files": LARGEST_UPLOAD + 64 * 1024},
    )
    app.add_middleware(SecurityHeadersMiddleware, hsts=settings.is_production)
    app.add_middleware(RequestContextMiddleware)
    telemetry.instrument_app(app)
    # Outermost, so everything inside (logs, throttles, traces) sees the real client address.
    app.add_middleware(ForwardedClientMiddleware, trusted=settings.forwarded_allow_ips)
    return app
