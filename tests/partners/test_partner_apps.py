"""Registering partner apps (API and CLI), rotating secrets, and connected apps."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import httpx
import pytest
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.models import PartnerApp
from tests.factories import Creative
from tests.helpers import Actor, assert_problem, signup
from tests.partners.kit import REDIRECT_URI, RegisteredApp, bearer, connect

APP_BODY = {
    "name": "Cimahi Technopark Freelance",
    "redirect_uris": [REDIRECT_URI, "http://127.0.0.1:8765/callback"],
    "allowed_scopes": ["gigs:read", "proposals:write"],
    "rate_limit_tier": "sandbox",
}


async def test_an_admin_registers_an_app_and_sees_the_secret_once(
    client: httpx.AsyncClient, admin: Actor
) -> None:
    response = await client.post("/v1/admin/partner-apps", json=APP_BODY, headers=admin.headers)
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["client_secret"].startswith("pk_cs_")
    assert created["status"] == "active" and created["rate_limit_tier"] == "sandbox"
    listed = await client.get("/v1/admin/partner-apps", headers=admin.headers)
    [app] = [a for a in listed.json()["data"] if a["client_id"] == created["client_id"]]
    assert "client_secret" not in app


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("redirect_uris", ["http://hub.ejsc.contoh.id/callback"]),  # http off loopback
        ("redirect_uris", ["https://hub.ejsc.contoh.id/callback#frag"]),
        ("redirect_uris", []),
        ("allowed_scopes", ["gigs:read", "semua"]),
        ("name", "   "),
    ],
)
async def test_registration_rejects_unsafe_or_unknown_values(
    client: httpx.AsyncClient, admin: Actor, field: str, value: object
) -> None:
    response = await client.post(
        "/v1/admin/partner-apps", json=APP_BODY | {field: value}, headers=admin.headers
    )
    assert response.status_code == 422, response.text


async def test_only_admins_manage_apps(
    client: httpx.AsyncClient, creative: Creative, partner: RegisteredApp
) -> None:
    owner = await signup(client, "owner")
    for actor in (owner, creative.actor):
        response = await client.post("/v1/admin/partner-apps", json=APP_BODY, headers=actor.headers)
        assert_problem(response, 403, "role_required")
        response = await client.post(
            f"/v1/admin/partner-apps/{partner.client_id}/suspend", headers=actor.headers
        )
        assert_problem(response, 403, "role_required")
    assert_problem(await client.get("/v1/admin/partner-apps"), 401, "invalid_token")


async def test_rotating_the_secret_retires_the_old_one_at_once(
    client: httpx.AsyncClient, admin: Actor, partner: RegisteredApp
) -> None:
    response = await client.post(
        f"/v1/admin/partner-apps/{partner.client_id}/rotate-secret", headers=admin.headers
    )
    assert response.status_code == 200, response.text
    new_secret = response.json()["client_secret"]
    assert new_secret != partner.secret and response.json()["secret_rotated_at"]
    grant = {"grant_type": "client_credentials"}
    old = await client.post("/v1/auth/token", data=grant, auth=partner.basic_auth)
    assert_problem(old, 401, "invalid_client")
    new = await client.post("/v1/auth/token", data=grant, auth=(partner.client_id, new_secret))
    assert new.status_code == 200, new.text


async def test_unknown_app_is_404(client: httpx.AsyncClient, admin: Actor) -> None:
    response = await client.post(
        "/v1/admin/partner-apps/pkapp_tidak_ada/rotate-secret", headers=admin.headers
    )
    assert_problem(response, 404, "partner_app_not_found")


async def test_reactivation_needs_users_to_authorize_again(
    client: httpx.AsyncClient, admin: Actor, partner: RegisteredApp, creative: Creative
) -> None:
    old = await connect(client, partner, creative.actor)
    path = f"/v1/admin/partner-apps/{partner.client_id}"
    await client.post(f"{path}/suspend", headers=admin.headers)
    response = await client.post(f"{path}/reactivate", headers=admin.headers)
    assert response.json()["status"] == "active"
    assert_problem(await client.get("/v1/gigs", headers=bearer(old["access_token"])), 401)
    fresh = await connect(client, partner, creative.actor)
    assert (await client.get("/v1/gigs", headers=bearer(fresh["access_token"]))).status_code == 200


async def test_connected_apps_list_and_revoke(
    client: httpx.AsyncClient,
    partner: RegisteredApp,
    other_partner: RegisteredApp,
    creative: Creative,
) -> None:
    hub = await connect(client, partner, creative.actor, scope="gigs:read")
    await connect(client, partner, creative.actor, scope="proposals:write")
    other = await connect(client, other_partner, creative.actor)
    listed = (await client.get("/v1/me/connected-apps", headers=creative.headers)).json()["data"]
    assert [a["name"] for a in listed] == ["EJSC Kreatif Hub", "Cimahi Technopark Freelance"]
    # A second consent adds to the first.
    assert listed[0]["scopes"] == ["gigs:read", "proposals:write"]
    assert listed[0]["scope_descriptions"][1] == "Mengirim dan menarik penawaran atas nama Anda"

    response = await client.delete(
        f"/v1/me/connected-apps/{partner.client_id}", headers=creative.headers
    )
    assert response.status_code == 204
    assert_problem(await client.get("/v1/gigs", headers=bearer(hub["access_token"])), 401)
    assert (await client.get("/v1/gigs", headers=bearer(other["access_token"]))).status_code == 200
    again = await client.delete(
        f"/v1/me/connected-apps/{partner.client_id}", headers=creative.headers
    )
    assert_problem(again, 404, "connected_app_not_found")


async def test_another_user_cannot_see_or_revoke_my_connections(
    client: httpx.AsyncClient, partner: RegisteredApp, creative: Creative
) -> None:
    await connect(client, partner, creative.actor)
    someone = await signup(client, "creative")
    assert (await client.get("/v1/me/connected-apps", headers=someone.headers)).json()["data"] == []
    response = await client.delete(
        f"/v1/me/connected-apps/{partner.client_id}", headers=someone.headers
    )
    assert_problem(response, 404, "connected_app_not_found")
    assert_problem(await client.get("/v1/me/connected-apps"), 401)


async def test_the_cli_registers_rotates_and_suspends(
    migrated_url: str, engine: AsyncEngine, session: AsyncSession
) -> None:
    env = os.environ | {"DATABASE_URL": migrated_url, "LOG_LEVEL": "WARNING"}

    def pasar(*args: str) -> dict[str, object]:
        done = subprocess.run(
            [sys.executable, "-m", "app", "partner", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        result: dict[str, object] = json.loads(done.stdout)
        return result

    created = pasar(
        "create",
        "--name",
        "Papan Kerja ITS",
        "--redirect-uri",
        "https://kerja.its.contoh.id/callback",
        "--scopes",
        "gigs:read,proposals:read",
        "--tier",
        "sandbox",
    )
    client_id = str(created["client_id"])
    try:
        assert str(created["client_secret"]).startswith("pk_cs_")
        assert created["allowed_scopes"] == ["gigs:read", "proposals:read"]
        rotated = pasar("rotate-secret", client_id)
        assert rotated["client_secret"] != created["client_secret"]
        assert pasar("suspend", client_id)["status"] == "suspended"
    finally:
        async with engine.begin() as conn:
            await conn.execute(delete(PartnerApp).where(PartnerApp.client_id == client_id))
    assert await session.scalar(select(PartnerApp).where(PartnerApp.client_id == client_id)) is None
