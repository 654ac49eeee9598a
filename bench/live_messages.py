"""Live messages and uploads, end to end over HTTP (a benchmark, not a test).

1. Message post -> arrival on an open stream: N pairs (owner + creative, one thread each),
   every user holding `GET /v1/me/stream` open (2N streams), messages posted at a fixed rate
   in random threads; the latency is from just before the POST to the frame arriving on the
   other party's stream. p50/p95/max.
2. Upload throughput: 5 MB files through `POST /v1/files`, sequential and 4 at a time, for a
   ZIP deliverable (stored as is) and a 5 MB JPEG photo (decoded, re-encoded, thumbnailed).

The app runs as `uvicorn app.main:create_app --factory` (one process, as `make run`) on a
loopback port against database `pasar_bench_live` on the embedded PostgreSQL in `.data/`,
with DATA_DIR in a temporary directory.

    .venv/bin/python -m bench.live_messages --pairs 100 --rate 20 --seconds 30
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
from alembic.config import Config
from PIL import Image
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from alembic import command
from app.devdb import ensure_database, start_embedded_postgres
from app.models import (
    Availability,
    Business,
    BusinessScale,
    CreativeProfile,
    Gig,
    GigStatus,
    Proposal,
    ProposalStatus,
    User,
    UserRole,
    WorkMode,
)
from app.services.tokens import issue_tokens

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "pasar_bench_live"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _seed(url: str, pairs: int) -> list[tuple[str, str, str]]:
    """`pairs` owners with a gig each and a creative who proposed on it; their tokens."""
    engine = create_async_engine(url)
    out = []
    async with AsyncSession(engine, expire_on_commit=False) as session:
        # CASCADE reaches the ledger, whose guard refuses TRUNCATE; this database is the
        # bench's own, so the guard triggers are off for this transaction only.
        await session.execute(text("SET LOCAL session_replication_role = replica"))
        await session.execute(text("TRUNCATE users CASCADE"))
        await session.commit()
        for i in range(pairs):
            owner = User(
                email=f"bench-owner{i}@contoh.id",
                password_hash="x",
                full_name=f"Pemilik {i}",
                role=UserRole.owner,
            )
            creative = User(
                email=f"bench-creative{i}@contoh.id",
                password_hash="x",
                full_name=f"Kreatif {i}",
                role=UserRole.creative,
            )
            session.add_all([owner, creative])
            await session.flush()
            business = Business(
                owner_id=owner.id,
                name=f"Usaha {i}",
                sector="Makanan",
                scale=BusinessScale.mikro,
                region_code="35.78",
            )
            profile = CreativeProfile(
                user_id=creative.id,
                display_name=f"Kreatif {i}",
                headline="Desainer kemasan",
                bio="Bench",
                region_code="35.78",
                availability=Availability.available,
            )
            session.add_all([business, profile])
            await session.flush()
            gig = Gig(
                business_id=business.id,
                owner_id=owner.id,
                title=f"Desain kemasan {i}",
                description="Desain kemasan untuk bench.",
                category_slug="packaging-design",
                budget_min_idr=500_000,
                budget_max_idr=1_000_000,
                region_code="35.78",
                work_mode=WorkMode.remote,
                status=GigStatus.open,
                deadline=date.today() + timedelta(days=30),
                published_at=datetime.now(UTC),
            )
            session.add(gig)
            await session.flush()
            session.add(
                Proposal(
                    gig_id=gig.id,
                    creative_id=profile.id,
                    creative_user_id=creative.id,
                    cover_letter="Bench proposal with enough words to be valid.",
                    price_idr=750_000,
                    delivery_days=7,
                    status=ProposalStatus.submitted,
                )
            )
            owner_token = (await issue_tokens(session, user=owner)).access_token
            creative_token = (await issue_tokens(session, user=creative)).access_token
            out.append((owner_token, creative_token, f"{gig.id}|{profile.id}"))
        await session.commit()
    await engine.dispose()
    return out


async def _stream(
    http: httpx.AsyncClient, token: str, arrivals: dict[str, float], ready: asyncio.Event
) -> None:
    async with http.stream(
        "GET", "/v1/me/stream", headers={"Authorization": f"Bearer {token}"}, timeout=None
    ) as response:
        assert response.status_code == 200, response.status_code
        ready.set()
        async for line in response.aiter_lines():
            if line.startswith("id: "):
                arrivals.setdefault(line[4:].strip() + token[-6:], time.perf_counter())


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def bench_messages(
    base: str, tokens: list[tuple[str, str, str]], rate: float, seconds: float
) -> dict[str, float]:
    limits = httpx.Limits(max_connections=len(tokens) * 2 + 50)
    # Posts on their own connections, recycled well before uvicorn's 5 s keep-alive ends
    # (a request racing the server's close fails with ReadError).
    posting_limits = httpx.Limits(max_connections=50, keepalive_expiry=1.0)
    failures = 0
    async with (
        httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as http,
        httpx.AsyncClient(base_url=base, limits=posting_limits, timeout=30) as poster,
    ):
        threads = []
        for owner, creative, pair in tokens:
            gig_id, creative_id = pair.split("|")
            opened = await http.post(
                "/v1/conversations",
                json={"gig_id": gig_id, "creative_id": creative_id},
                headers={"Authorization": f"Bearer {owner}"},
            )
            opened.raise_for_status()
            threads.append((owner, creative, opened.json()["id"]))
        arrivals: dict[str, float] = {}
        streams = []
        for owner, creative, _ in threads:
            for token in (owner, creative):
                ready = asyncio.Event()
                streams.append(asyncio.create_task(_stream(http, token, arrivals, ready)))
                await ready.wait()
        sent: dict[str, float] = {}
        total = int(rate * seconds)
        started = time.perf_counter()

        async def post(i: int) -> None:
            owner, creative, thread = random.choice(threads)
            sender, receiver = (owner, creative) if i % 2 else (creative, owner)
            nonlocal failures
            at = time.perf_counter()
            try:
                response = await poster.post(
                    f"/v1/conversations/{thread}/messages",
                    json={"body": f"Pesan bench {i}"},
                    headers={"Authorization": f"Bearer {sender}"},
                )
                response.raise_for_status()
            except httpx.HTTPError:
                failures += 1
                return
            sent[response.json()["id"] + receiver[-6:]] = at

        posts = []
        for i in range(total):
            delay = started + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            posts.append(asyncio.create_task(post(i)))
        await asyncio.gather(*posts)
        deadline = time.perf_counter() + 10
        while any(k not in arrivals for k in sent) and time.perf_counter() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.05)
        for task in streams:
            task.cancel()
        await asyncio.gather(*streams, return_exceptions=True)
    latencies = [(arrivals[k] - at) * 1000 for k, at in sent.items() if k in arrivals]
    return {
        "streams": len(threads) * 2,
        "messages": len(sent),
        "failed_posts": failures,
        "arrived": len(latencies),
        "achieved_rate": len(sent) / (time.perf_counter() - started),
        "p50_ms": statistics.median(latencies),
        "p95_ms": _pct(latencies, 95),
        "max_ms": max(latencies),
    }


def _photo_5mb() -> bytes:
    noise = Image.effect_noise((2600, 2000), 80).convert("RGB")
    out = io.BytesIO()
    noise.save(out, format="JPEG", quality=97)
    return out.getvalue()


async def bench_uploads(base: str, token: str, count: int) -> dict[str, object]:
    zip_bytes = b"PK\x03\x04" + os.urandom(5 * 1024 * 1024 - 4)
    photo = _photo_5mb()
    results: dict[str, object] = {"photo_bytes": len(photo)}
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, timeout=120) as http:
        for label, purpose, data, name in (
            ("zip", "deliverable", zip_bytes, "hasil.zip"),
            ("jpeg", "portfolio_image", photo, "foto.jpg"),
        ):
            for concurrency in (1, 4):

                async def one(purpose: str = purpose, data: bytes = data, name: str = name) -> None:
                    response = await http.post(
                        "/v1/files",
                        data={"purpose": purpose},
                        files={"file": (name, data, "application/octet-stream")},
                        headers=headers,
                    )
                    assert response.status_code == 201, response.text
                    await http.delete(f"/v1/files/{response.json()['id']}", headers=headers)

                started = time.perf_counter()
                for _ in range(count // concurrency):
                    await asyncio.gather(*(one() for _ in range(concurrency)))
                elapsed = time.perf_counter() - started
                done = (count // concurrency) * concurrency
                results[f"{label}_c{concurrency}"] = {
                    "files_per_s": round(done / elapsed, 2),
                    "MB_per_s": round(done * len(data) / 1024 / 1024 / elapsed, 1),
                }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pairs", type=int, default=100)
    parser.add_argument("--rate", type=float, default=20.0)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--uploads", type=int, default=20)
    args = parser.parse_args()

    handle = start_embedded_postgres(ROOT / ".data", stop_on_exit=False)
    url = ensure_database(handle, DATABASE)
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["configure_logger"] = False
    command.upgrade(config, "head")
    tokens = asyncio.run(_seed(url, args.pairs))

    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DATA_DIR": tempfile.mkdtemp(prefix="pasar-bench-files-"),
        "LOG_LEVEL": "WARNING",
        "SECRET_KEY": "bench-secret-key-for-signed-links",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "app.main:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--timeout-graceful-shutdown",
            "2",
        ],
        env=env,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        messages = asyncio.run(bench_messages(base, tokens, args.rate, args.seconds))
        uploads = asyncio.run(bench_uploads(base, tokens[0][1], args.uploads))
        print(json.dumps({"messages": messages, "uploads": uploads}, indent=2))
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
