"""Build businesses through the API in one line."""

from __future__ import annotations

import secrets
from typing import Any

import httpx

from tests.helpers import Actor


def random_nib() -> str:
    return str(10**12 + secrets.randbelow(9 * 10**12))


def business_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Keripik Tempe Bu Darmi",
        "sector": "Makanan ringan",
        "scale": "mikro",
        "region_code": "35.73",
        "description": "Keripik tempe renyah khas Malang.",
        "nib": random_nib(),
    }
    body.update(overrides)
    return body


async def create_business(
    client: httpx.AsyncClient, owner: Actor, **overrides: Any
) -> dict[str, Any]:
    response = await client.post(
        "/v1/businesses", json=business_body(**overrides), headers=owner.headers
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created
