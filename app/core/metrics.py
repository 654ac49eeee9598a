"""Prometheus metrics: what an operator graphs and alerts on (README, "Operator runbook").

Several processes serve one deployment (uvicorn workers, `pasar worker`), so values live in
prometheus-client's multiprocess files under PROMETHEUS_MULTIPROC_DIR when that is set
(`pasar serve` and `pasar worker` set it to DATA_DIR/metrics before this module is imported)
and any one process can answer a scrape for all of them. Without it (tests, `create_app()` in
a script) the values stay in this process.

The request path pays for two labelled children looked up in a dict and one counter and one
histogram update (bench/README.md, "Metrics and tracing cost").
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily, Metric

from app.core.metrics_files import MULTIPROC_ENV, forget_dead_processes

REQUESTS = Counter(
    "pasar_http_requests_total",
    "HTTP requests answered, by route template and status",
    ["method", "route", "status"],
)
REQUEST_DURATION = Histogram(
    "pasar_http_request_duration_seconds",
    "Time from the first byte in to the last byte out, by route template",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
DB_POOL_IN_USE = Gauge(
    "pasar_db_pool_connections_in_use",
    "Pooled database connections checked out, summed over live processes",
    ["role"],
    multiprocess_mode="livesum",
)
DB_POOL_WAITERS = Gauge(
    "pasar_db_pool_waiters",
    "Requests waiting for a pooled connection, summed over live processes",
    ["role"],
    multiprocess_mode="livesum",
)
DB_POOL_WAITS = Counter(
    "pasar_db_pool_waits_total",
    "Checkouts that found no idle connection and had to wait",
    ["role"],
)
WORKER_TASK_RUNS = Counter(
    "pasar_worker_task_runs_total",
    "Worker task runs, by task and outcome (ok, failed)",
    ["task", "outcome"],
)
WORKER_ITEMS = Counter(
    "pasar_worker_task_items_total", "Items (rows) worker tasks handled", ["task"]
)
NOTIFICATIONS_SENT = Counter(
    "pasar_notifications_sent_total",
    "Notifications handed to a provider, by channel (email, whatsapp) and outcome (sent, failed)",
    ["channel", "outcome"],
)
WEBHOOK_ATTEMPTS = Counter(
    "pasar_webhook_delivery_attempts_total",
    "Webhook delivery attempts, by outcome (succeeded, failed)",
    ["outcome"],
)
GIGS_POSTED = Counter("pasar_gigs_posted_total", "Gigs published (committed)")
CONTRACTS_CREATED = Counter("pasar_contracts_created_total", "Contracts created (committed)")
GMV_RELEASED = Counter(
    "pasar_gmv_released_idr_total", "Rupiah released from escrow to creatives (committed)"
)

# Which kind of process writes the pool gauges: `pasar worker` sets "worker".
process_role = "api"

_request_children: dict[tuple[str, str, int], tuple[Any, Any]] = {}
_role_children: dict[tuple[str, str], Any] = {}


def for_this_process(metric: Counter | Gauge) -> Any:
    """The child of a metric labelled only by `role`, for this process (looked up once)."""
    key = (metric._name, process_role)
    child = _role_children.get(key)
    if child is None:
        child = _role_children[key] = metric.labels(process_role)
    return child


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    key = (method, route, status)
    children = _request_children.get(key)
    if children is None:
        children = (
            REQUESTS.labels(method, route, str(status)),
            REQUEST_DURATION.labels(method, route),
        )
        _request_children[key] = children
    children[0].inc()
    children[1].observe(seconds)


@dataclass(frozen=True)
class OutboxBacklog:
    """Work the worker owes, read at scrape time (app/services/outbox_backlog.py)."""

    events_unfanned: int
    deliveries_pending: int
    oldest_delivery_age_seconds: float
    provider_events_unprocessed: int
    oldest_provider_event_age_seconds: float


class _BacklogCollector:
    def __init__(self, backlog: OutboxBacklog | None) -> None:
        self.backlog = backlog

    def collect(self) -> Iterator[Metric]:
        yield GaugeMetricFamily(
            "pasar_outbox_query_up",
            "1 when the scrape could read the outbox backlog from PostgreSQL",
            value=0 if self.backlog is None else 1,
        )
        if self.backlog is None:
            return
        for name, documentation, value in (
            (
                "pasar_outbox_events_unfanned",
                "Outbox events not yet fanned out to webhook deliveries",
                self.backlog.events_unfanned,
            ),
            (
                "pasar_webhook_deliveries_pending",
                "Webhook deliveries not yet succeeded or given up",
                self.backlog.deliveries_pending,
            ),
            (
                "pasar_webhook_delivery_oldest_pending_age_seconds",
                "Age of the oldest pending webhook delivery (0 when none)",
                self.backlog.oldest_delivery_age_seconds,
            ),
            (
                "pasar_provider_events_unprocessed",
                "Payment-provider events stored but not yet processed",
                self.backlog.provider_events_unprocessed,
            ),
            (
                "pasar_provider_event_oldest_unprocessed_age_seconds",
                "Age of the oldest unprocessed payment-provider event (0 when none)",
                self.backlog.oldest_provider_event_age_seconds,
            ),
        ):
            yield GaugeMetricFamily(name, documentation, value=value)


def render_metrics(backlog: OutboxBacklog | None) -> bytes:
    """The exposition text: every process's metrics plus the backlog read for this scrape."""
    directory = os.environ.get(MULTIPROC_ENV)
    if directory:
        forget_dead_processes(Path(directory))
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=directory)  # type: ignore[no-untyped-call]
    else:
        registry = REGISTRY
    extra = CollectorRegistry()
    extra.register(_BacklogCollector(backlog))
    return generate_latest(registry) + generate_latest(extra)
