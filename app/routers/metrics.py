"""GET /metrics for Prometheus: every process's metrics plus the outbox backlog."""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from prometheus_client import CONTENT_TYPE_LATEST

from app.core.config import get_settings
from app.core.errors import InvalidToken
from app.core.metrics import render_metrics
from app.services.outbox_backlog import read_outbox_backlog

# Out of the OpenAPI document: it is for the operator's scraper, not for API clients.
router = APIRouter(tags=["health"], include_in_schema=False)


async def _scraper(request: Request) -> None:
    token = get_settings().metrics_token
    if not token:
        return  # create_app mounts this router without a token only where that is allowed
    sent = request.headers.get("authorization", "")
    if not hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
        raise InvalidToken("Send `Authorization: Bearer <METRICS_TOKEN>`")


@router.get("/metrics", summary="Prometheus metrics", dependencies=[Depends(_scraper)])
async def metrics() -> Response:
    return Response(render_metrics(await read_outbox_backlog()), media_type=CONTENT_TYPE_LATEST)
