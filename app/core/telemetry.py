"""Optional tracing (OpenTelemetry, OTLP over HTTP) and error reporting (Sentry).

Both are off unless OTEL_EXPORTER_OTLP_ENDPOINT / SENTRY_DSN are set, and then their packages
(the `tracing` and `sentry` extras) are imported here and nowhere else: switched off, they
cost neither an import nor a call on the request path (bench/README.md, "Metrics and tracing
cost"). The request id is the correlation key: spans carry it as `pasar.request_id`, Sentry
events as the `request_id` tag, and every log line of the request as `request_id`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from app.core.config import Settings
from app.core.middleware import request_started_hooks

if TYPE_CHECKING:
    from fastapi import FastAPI
    from sqlalchemy.ext.asyncio import AsyncEngine

logger = logging.getLogger(__name__)

# Once per process: instrumentation patches libraries globally.
_tracer_provider: Any = None
_sentry_started = False
_instrumented_engines: set[int] = set()


def install_telemetry(settings: Settings) -> None:
    """Start the configured exporters for this process (API or worker); idempotent."""
    global _sentry_started
    if settings.otel_exporter_otlp_endpoint and _tracer_provider is None:
        _start_tracing(settings)
    if settings.sentry_dsn and not _sentry_started:
        _start_sentry(settings)
        _sentry_started = True


def tracing_on() -> bool:
    return _tracer_provider is not None


def instrument_app(app: FastAPI) -> None:
    """Server spans for every request (probes and /metrics left out)."""
    if _tracer_provider is None:
        return
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

    FastAPIInstrumentor.instrument_app(
        app, tracer_provider=_tracer_provider, excluded_urls="healthz,readyz,metrics"
    )


def instrument_engine(engine: AsyncEngine) -> None:
    """SQLAlchemy spans for the app's engine (created lazily, after the global patching)."""
    if _tracer_provider is None or id(engine) in _instrumented_engines:
        return
    from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
    from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
    from opentelemetry.metrics import get_meter
    from opentelemetry.trace import get_tracer

    name = SQLAlchemyInstrumentor.__module__
    # Pool usage goes to Prometheus already; the meter here is the no-op default.
    connections = get_meter(name).create_up_down_counter("db.client.connections.usage")
    EngineTracer(  # type: ignore[no-untyped-call]
        get_tracer(name, tracer_provider=_tracer_provider), engine.sync_engine, connections
    )
    _instrumented_engines.add(id(engine))


def shutdown_telemetry() -> None:
    """Flush spans still queued (a worker or server stopping)."""
    if _tracer_provider is not None:
        _tracer_provider.shutdown()


def _start_tracing(settings: Settings) -> None:
    global _tracer_provider
    from opentelemetry import trace
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.instrumentation.asyncpg import AsyncPGInstrumentor
    from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    provider = TracerProvider(
        resource=Resource.create(
            {
                "service.name": settings.otel_service_name,
                "deployment.environment": settings.environment.value,
            }
        )
    )
    endpoint = settings.otel_exporter_otlp_endpoint.rstrip("/")
    if not endpoint.endswith("/v1/traces"):
        endpoint += "/v1/traces"  # the OTLP/HTTP convention for a base endpoint
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
    trace.set_tracer_provider(provider)
    AsyncPGInstrumentor().instrument(  # type: ignore[no-untyped-call]
        tracer_provider=provider
    )
    HTTPXClientInstrumentor().instrument(tracer_provider=provider)
    _tracer_provider = provider

    def tag_span(request_id: str) -> None:
        trace.get_current_span().set_attribute("pasar.request_id", request_id)

    request_started_hooks.append(tag_span)
    logger.info("tracing on", extra={"otlp_endpoint": endpoint})


def _start_sentry(settings: Settings) -> None:
    import sentry_sdk

    sentry_sdk.init(
        dsn=settings.sentry_dsn,
        environment=settings.environment.value,
        # No request bodies, cookies, headers with tokens or user emails leave the process.
        send_default_pii=False,
        max_request_body_size="never",
        traces_sample_rate=0.0,
    )

    def tag_scope(request_id: str) -> None:
        sentry_sdk.get_isolation_scope().set_tag("request_id", request_id)

    request_started_hooks.append(tag_scope)
    logger.info("error reporting to Sentry on")
