"""Headers that keep personal and financial data out of caches; HSTS and docs by setting."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import Environment, get_settings
from app.main import create_app
from tests.factories import make_user


async def test_authenticated_and_account_responses_are_never_stored(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_user(session, "owner")
    await session.commit()
    for response in (
        await client.get("/v1/me", headers=owner.headers),
        await client.get("/v1/me/export", headers=owner.headers),
        await client.get("/v1/gigs", headers=owner.headers),  # public path, but signed in
        await client.get("/v1/me"),  # refused, still an account path
        await client.get("/v1/admin/payables", headers=owner.headers),
        await client.post("/v1/auth/token", data={"grant_type": "password"}),
    ):
        assert response.headers["cache-control"] == "no-store", response.request.url
        assert response.headers["x-content-type-options"] == "nosniff"
    assert "strict-transport-security" not in response.headers


async def test_public_reads_may_be_cached_but_are_never_sniffed(client: httpx.AsyncClient) -> None:
    for path in ("/v1/gigs", "/healthz", "/v1/reference/categories", "/v1/nowhere"):
        response = await client.get(path)
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "no-store" not in response.headers.get("cache-control", "")


async def test_production_sends_hsts_and_may_hide_the_docs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(get_settings(), "environment", Environment.production)
    monkeypatch.setattr(get_settings(), "docs_enabled", False)
    app = create_app()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://test") as http:
        health = await http.get("/healthz")
        assert health.headers["strict-transport-security"].startswith("max-age=31536000")
        for path in ("/docs", "/redoc", "/openapi.json"):
            assert (await http.get(path)).status_code == 404, path
    assert app.openapi()["paths"]  # `pasar openapi` still works


async def test_docs_are_served_by_default(client: httpx.AsyncClient) -> None:
    assert (await client.get("/openapi.json")).status_code == 200
    assert (await client.get("/docs")).status_code == 200
