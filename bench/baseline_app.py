"""The baseline: the smallest FastAPI + asyncpg endpoint that serves one gig by primary key.

This is the TechEmpower "single query" technique (one SELECT by primary key on a pooled
connection, serialised to JSON) pointed at the same `gigs` table the real app reads, so
`GET /v1/gigs/{id}` can be quoted as a fraction of what the stack itself allows. No ORM, no
auth, no middleware, no joins; asyncpg prepares and caches the statement on each connection.

    BASELINE_DATABASE_URL=postgresql://... .venv/bin/uvicorn bench.baseline_app:app \\
        --host 127.0.0.1 --port 8100 --workers 2 --loop uvloop --http httptools --no-access-log

bench/http_bench.py starts it next to the real app; run it by hand only to poke at it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import orjson
from fastapi import FastAPI, Response

GIG_BY_ID = """
SELECT id, title, description, category_slug, budget_min_idr, budget_max_idr, deadline,
       region_code, work_mode, status, proposal_count, published_at, created_at
FROM gigs WHERE id = $1
"""


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # A benchmark harness, not the app: plain environment variables, no Settings.
    dsn = os.environ["BASELINE_DATABASE_URL"].replace("postgresql+asyncpg://", "postgresql://")
    size = int(os.environ.get("BASELINE_POOL_SIZE", "10"))
    app.state.pool = await asyncpg.create_pool(dsn, min_size=size, max_size=size)
    yield
    await app.state.pool.close()


app = FastAPI(lifespan=_lifespan, openapi_url=None, docs_url=None, redoc_url=None)


def _json_default(value: Any) -> str:
    return str(value)


@app.get("/gigs/{gig_id}")
async def read_gig(gig_id: uuid.UUID) -> Response:
    async with app.state.pool.acquire() as connection:
        row = await connection.fetchrow(GIG_BY_ID, gig_id)
    if row is None:
        return Response(b'{"detail":"not found"}', status_code=404, media_type="application/json")
    return Response(orjson.dumps(dict(row), default=_json_default), media_type="application/json")
