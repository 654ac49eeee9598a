"""Shared test helpers: act as a real user through the API."""

from __future__ import annotations

import itertools
import re
import uuid
import weakref
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.models import OutboundEmail

PASSWORD = "rahasia-kopi-2026"
_counter = itertools.count(1)
# The database each test client's app writes to, so helpers can read the mail it queued.
_databases: weakref.WeakKeyDictionary[httpx.AsyncClient, async_sessionmaker[AsyncSession]] = (
    weakref.WeakKeyDictionary()
)


def register_database(
    client: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    _databases[client] = sessionmaker


async def queued_mail(client: httpx.AsyncClient, to: str, template: str) -> OutboundEmail:
    """The newest message of `template` queued for `to` (not necessarily sent yet)."""
    async with _databases[client]() as session:
        mail = await session.scalar(
            select(OutboundEmail)
            .where(OutboundEmail.to_address == to, OutboundEmail.template == template)
            .order_by(OutboundEmail.created_at.desc(), OutboundEmail.id.desc())
            .limit(1)
        )
    assert mail is not None and mail.text_body, f"no {template} mail queued for {to}"
    return mail


def token_in(text: str) -> str:
    found = re.search(r"\b(pk_[a-z]{2}_[A-Za-z0-9_\-]+)", text)
    assert found, text
    return found.group(1)


@dataclass
class Actor:
    id: uuid.UUID
    email: str
    role: str
    token: str
    refresh_token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


async def signup(
    client: httpx.AsyncClient, role: str = "owner", *, name: str | None = None, **extra: Any
) -> Actor:
    """Register an account, confirm its address from the queued mail and sign in; returns who
    it is and its bearer token."""
    n = next(_counter)
    email = f"{role}{n}-{uuid.uuid4().hex[:6]}@contoh.id"
    response = await client.post(
        "/v1/auth/register",
        json={
            "email": email,
            "password": PASSWORD,
            "full_name": name or f"Pengguna {role.title()} {n}",
            "role": role,
            **extra,
        },
    )
    assert response.status_code == 202, response.text
    mail = await queued_mail(client, email, "verify_email")
    verified = await client.post(
        "/v1/auth/verify-email", json={"token": token_in(mail.text_body or "")}
    )
    assert verified.status_code == 200, verified.text
    user_id = uuid.UUID(verified.json()["id"])
    tokens = await login(client, email, PASSWORD)
    return Actor(user_id, email, role, tokens["access_token"], tokens["refresh_token"])


async def login(client: httpx.AsyncClient, email: str, password: str) -> dict[str, Any]:
    response = await client.post(
        "/v1/auth/token",
        data={"grant_type": "password", "username": email, "password": password},
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def assert_problem(
    response: httpx.Response, status: int, code: str | None = None
) -> dict[str, Any]:
    """The response is an RFC 9457 problem with this status (and code)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert {"type", "title", "detail", "code"} <= body.keys()
    if code is not None:
        assert body["code"] == code, body
    return body
