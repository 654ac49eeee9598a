"""Build creative profiles through the API in one line."""

from __future__ import annotations

from typing import Any

import httpx

from tests.helpers import Actor


def portfolio_item(**overrides: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "title": "Kemasan kopi Temanggung",
        "url": "https://www.behance.net/gallery/123456/kemasan-kopi",
        "description": "Standing pouch 250 g dan label siap cetak.",
        "category": "packaging-design",
    }
    item.update(overrides)
    return item


def profile_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "headline": "Desainer grafis untuk UMKM",
        "bio": "Membantu usaha kecil tampil profesional di toko online.",
        "skills": ["logo-design", "label-design"],
        "categories": ["logo-branding"],
        "region_code": "35.78",
        "rate_min_idr": 500_000,
        "availability": "available",
        "portfolio": [portfolio_item()],
    }
    body.update(overrides)
    return body


async def put_profile(
    client: httpx.AsyncClient, creative: Actor, **overrides: Any
) -> dict[str, Any]:
    response = await client.put(
        "/v1/creatives/me", json=profile_body(**overrides), headers=creative.headers
    )
    assert response.status_code in (200, 201), response.text
    profile: dict[str, Any] = response.json()
    return profile
