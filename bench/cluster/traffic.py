"""What clients do to the cluster: browse, post gigs, and the whole money flow (propose, accept,
fund in the sandbox, deliver, approve), retrying 5xx and lost connections the way a careful
client does (same Idempotency-Key), and counting every answer."""

from __future__ import annotations

import asyncio
import itertools
import random
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import httpx

PASSWORD = "rahasia-kopi-2026"
_numbers = itertools.count(1)


@dataclass
class Tally:
    """Answers by phase: status codes, and 5xx split into the app's (problem+json) and the
    proxy's (HAProxy's own 502/503 while no server was up) plus transport errors."""

    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    app_5xx: Counter[str] = field(default_factory=Counter)
    proxy_5xx: Counter[str] = field(default_factory=Counter)
    transport_errors: Counter[str] = field(default_factory=Counter)
    phase: str = "load"

    def record(self, response: httpx.Response) -> None:
        self.statuses[(self.phase, response.status_code)] += 1
        if response.status_code >= 500:
            problem = response.headers.get("content-type", "").startswith("application/problem")
            (self.app_5xx if problem else self.proxy_5xx)[self.phase] += 1

    def five_xx(self, phase: str) -> int:
        return self.app_5xx[phase] + self.proxy_5xx[phase]


@dataclass
class Actor:
    id: str
    email: str
    token: str
    address: str

    @property
    def headers(self) -> dict[str, str]:
        # A distinct client address per simulated person (HAProxy appends, the app trusts it).
        return {"Authorization": f"Bearer {self.token}", "X-Forwarded-For": self.address}


class Api:
    def __init__(
        self, base_url: str, tally: Tally, *, attempts: int = 8, database_url: str | None = None
    ) -> None:
        self.http = httpx.AsyncClient(base_url=base_url, timeout=30)
        self.tally = tally
        self.attempts = attempts
        # Where the cluster queues its mail: sign-ups confirm their address with the link
        # mailed to them, read from the outbox as a mail client would read the inbox.
        self.database_url = database_url

    async def close(self) -> None:
        await self.http.aclose()

    async def call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """Send, retrying 5xx and transport errors with backoff (the same request each time,
        Idempotency-Key included); returns the last answer."""
        delay = 0.2
        for attempt in range(self.attempts):
            try:
                response = await self.http.request(method, path, **kwargs)
            except httpx.TransportError:
                self.tally.transport_errors[self.tally.phase] += 1
                if attempt == self.attempts - 1:
                    raise
            else:
                self.tally.record(response)
                if response.status_code < 500 or attempt == self.attempts - 1:
                    return response
            await asyncio.sleep(delay)
            delay = min(delay * 2, 3.0)
        raise AssertionError("unreachable")

    async def signup(self, role: str) -> Actor:
        n = next(_numbers)
        email = f"{role}{n}-{uuid.uuid4().hex[:8]}@cluster.contoh.id"
        address = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
        body = {
            "email": email,
            "password": PASSWORD,
            "full_name": f"Cluster {role} {n}",
            "role": role,
        }
        created = await self.call(
            "POST", "/v1/auth/register", json=body, headers={"X-Forwarded-For": address}
        )
        if created.status_code == 202:  # the address must be confirmed first
            created = await self._verify_email(email)
        if created.status_code not in (200, 201):
            raise FlowFailed(f"register {created.status_code} {created.text[:200]}")
        token = await self.call(
            "POST",
            "/v1/auth/token",
            data={"grant_type": "password", "username": email, "password": PASSWORD},
            headers={"X-Forwarded-For": address},
        )
        if token.status_code != 200:
            raise FlowFailed(f"token {token.status_code}")
        return Actor(created.json()["id"], email, token.json()["access_token"], address)

    async def _verify_email(self, email: str) -> httpx.Response:
        if self.database_url is None:
            raise FlowFailed("sign-up needs email verification: pass Api(database_url=...)")
        connection = await asyncpg.connect(self.database_url)
        try:
            body = await connection.fetchval(
                "SELECT text_body FROM outbound_emails WHERE to_address = $1 "
                "AND template = 'verify_email' ORDER BY created_at DESC LIMIT 1",
                email,
            )
        finally:
            await connection.close()
        found = re.search(r"\b(pk_[a-z]{2}_[A-Za-z0-9_\-]+)", body or "")
        if found is None:
            raise FlowFailed(f"no verification mail for {email}")
        return await self.call("POST", "/v1/auth/verify-email", json={"token": found.group(1)})

    async def business(self, owner: Actor) -> str:
        response = await self.call(
            "POST",
            "/v1/businesses",
            headers=owner.headers,
            json={
                "name": f"Keripik Tempe Cluster {next(_numbers)}",
                "sector": "Makanan ringan",
                "scale": "mikro",
                "region_code": "33.74",
                "description": "Keripik tempe renyah khas Semarang.",
            },
        )
        _expect(response, 201, "business")
        business_id: str = response.json()["id"]
        return business_id

    async def profile(self, creative: Actor) -> None:
        response = await self.call(
            "PUT",
            "/v1/creatives/me",
            headers=creative.headers,
            json={
                "headline": "Desainer kemasan UMKM",
                "bio": "Membantu UMKM tampil profesional: kemasan, label, foto produk.",
                "skills": ["packaging-design"],
                "categories": ["packaging-design"],
                "region_code": "33.74",
                "rate_min_idr": 500_000,
                "availability": "available",
                "portfolio": [],
            },
        )
        _expect(response, (200, 201), "profile")

    async def post_gig(self, owner: Actor, business_id: str) -> str:
        deadline = (datetime.now(UTC) + timedelta(days=30)).date().isoformat()
        response = await self.call(
            "POST",
            "/v1/gigs",
            headers={**owner.headers, "Idempotency-Key": uuid.uuid4().hex},
            json={
                "business_id": business_id,
                "title": "Desain kemasan standing pouch keripik",
                "description": "Butuh desain kemasan standing pouch 250 gram untuk keripik tempe, "
                "siap cetak, dengan logo halal dan PIRT.",
                "category": "packaging-design",
                "skills": ["packaging-design"],
                "budget_min_idr": 1_000_000,
                "budget_max_idr": 3_000_000,
                "deadline": deadline,
                "region_code": "33.74",
                "work_mode": "remote",
                "status": "open",
            },
        )
        _expect(response, 201, "gig")
        gig_id: str = response.json()["id"]
        return gig_id

    async def browse(self, gig_id: str | None) -> None:
        await self.call(
            "GET", "/v1/gigs", params={"q": random.choice(["kemasan", "logo", "foto produk"])}
        )
        if gig_id:
            await self.call("GET", f"/v1/gigs/{gig_id}")


@dataclass
class Deal:
    contract_id: str
    milestone_id: str
    price_idr: int
    approved: bool = False


class FlowFailed(Exception):
    pass


async def money_flow(api: Api, owner: Actor, business_id: str, creative: Actor) -> Deal:
    """Gig -> proposal -> contract -> fund -> pay -> deliver -> approve, as two clients."""
    gig_id = await api.post_gig(owner, business_id)
    price = random.choice([1_500_000, 2_000_000, 2_500_000])
    proposal = await api.call(
        "POST",
        f"/v1/gigs/{gig_id}/proposals",
        headers=creative.headers,
        json={
            "cover_letter": "Saya siap mulai minggu ini, portofolio terlampir.",
            "price_idr": price,
            "delivery_days": 10,
        },
    )
    _expect(proposal, 201, "proposal")
    accepted = await api.call(
        "POST", f"/v1/proposals/{proposal.json()['id']}/accept", headers=owner.headers
    )
    _expect(accepted, 201, "accept")
    contract = accepted.json()
    detail = await api.call("GET", f"/v1/contracts/{contract['id']}", headers=owner.headers)
    _expect(detail, 200, "contract")
    milestone_id = detail.json()["milestones"][0]["id"]
    deal = Deal(contract["id"], milestone_id, price)

    funding = await api.call(
        "POST",
        f"/v1/milestones/{milestone_id}/fund",
        headers={**owner.headers, "Idempotency-Key": f"fund-{milestone_id}"},
    )
    _expect(funding, 201, "fund")
    paid = await api.call(
        "POST",
        f"/v1/sandbox/payments/{funding.json()['payment_id']}/succeed",
        headers=owner.headers,
    )
    _expect(paid, 200, "pay")
    submitted = await api.call(
        "POST",
        f"/v1/milestones/{milestone_id}/submit",
        headers=creative.headers,
        json={"note": "Berikut desainnya.", "deliverable_urls": ["https://drive.example/kemasan"]},
    )
    _expect(submitted, (200, 409), "submit")  # 409: a retried submit that had committed
    approved = await api.call(
        "POST",
        f"/v1/milestones/{milestone_id}/approve",
        headers={**owner.headers, "Idempotency-Key": f"approve-{milestone_id}"},
    )
    _expect(approved, 200, "approve")
    deal.approved = True
    return deal


def _expect(response: httpx.Response, status: int | tuple[int, ...], step: str) -> None:
    wanted = status if isinstance(status, tuple) else (status,)
    if response.status_code not in wanted:
        raise FlowFailed(f"{step}: {response.status_code} {response.text[:200]}")
