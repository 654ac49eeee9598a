"""Shared test helpers: act as a real user through the API."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from typing import Any

import httpx

PASSWORD = "rahasia-kopi-2026"
_counter = itertools.count(1)


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
    """Register an account and sign in; returns who it is and its bearer token."""
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
    assert response.status_code == 201, response.text
    user_id = uuid.UUID(response.json()["id"])
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
