"""API replicas for live-stream tests: separate app instances (each with its own LISTEN
connection) served by uvicorn on loopback ports, over one database with real commits."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.main import create_app
from app.models import Proposal, ProposalStatus
from tests.factories import make_gig, make_profile, make_user
from tests.helpers import Actor


@dataclass
class Replica:
    app: FastAPI
    server: uvicorn.Server
    task: asyncio.Task[None]
    http: httpx.AsyncClient


@asynccontextmanager
async def replica() -> AsyncIterator[Replica]:
    app = create_app()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=0,
        log_level="warning",
        lifespan="off",
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
        try:
            yield Replica(app, server, task, http)
        finally:
            await app.state.stream_hub.close()
            server.should_exit = True
            await task


@dataclass
class Thread:
    owner: Actor
    creative: Actor
    conversation_id: str


async def committed_thread(engine: AsyncEngine, api: httpx.AsyncClient) -> Thread:
    """An owner and a creative who proposed on the owner's gig, committed, and their thread
    opened through the API."""
    async with AsyncSession(engine, expire_on_commit=False) as session:
        owner = await make_user(session, "owner")
        creative = await make_user(session, "creative")
        profile = await make_profile(session, creative)
        gig = await make_gig(session, owner)
        session.add(
            Proposal(
                gig_id=gig.id,
                creative_id=profile.id,
                creative_user_id=creative.id,
                cover_letter="Saya tertarik dan siap mengerjakan kemasan ini minggu depan.",
                price_idr=1_000_000,
                delivery_days=7,
                status=ProposalStatus.submitted,
            )
        )
        await session.commit()
    opened = await api.post(
        "/v1/conversations",
        json={"gig_id": str(gig.id), "creative_id": str(profile.id)},
        headers=owner.headers,
    )
    assert opened.status_code == 201, opened.text
    return Thread(owner, creative, str(opened.json()["id"]))


class EventReader:
    """Reads an open SSE response frame by frame."""

    def __init__(self, response: httpx.Response) -> None:
        self._lines = response.aiter_lines()

    async def frame(self) -> dict[str, Any]:
        """The next frame: its fields, with `data` parsed; comment lines under `comments`."""
        fields: dict[str, Any] = {"comments": []}
        while True:
            line = await asyncio.wait_for(anext(self._lines), timeout=20)
            if line == "":
                if len(fields) > 1 or fields["comments"]:
                    return fields
                continue
            if line.startswith(":"):
                fields["comments"].append(line[1:].strip())
                continue
            name, _, value = line.partition(":")
            fields[name] = json.loads(value) if name == "data" else value.strip()

    async def message(self) -> dict[str, Any]:
        """The next message frame, skipping comments and heartbeats."""
        while True:
            frame = await self.frame()
            if frame.get("event") == "message":
                return frame


def uid(value: str) -> uuid.UUID:
    return uuid.UUID(value)
