"""The admin audit log: every admin action writes a row, the rows cannot be changed, and only
admins reach any admin endpoint."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.main import create_app
from app.services.audit import AuditActor, record_admin_action
from tests.factories import make_user
from tests.helpers import PASSWORD, assert_problem, login, signup
from tests.partners.kit import register_app

REASON = {"reason": "Laporan penipuan #4411"}


async def test_the_database_refuses_to_change_or_delete_audit_rows(session: AsyncSession) -> None:
    entry = await record_admin_action(
        session,
        AuditActor.operator("ops"),
        action="user.suspend",
        target_type="user",
        target_id=uuid.uuid4(),
        reason="uji",
    )
    for statement in (
        "UPDATE admin_audit_log SET reason = 'diubah' WHERE id = :id",
        "DELETE FROM admin_audit_log WHERE id = :id",
    ):
        with pytest.raises(DBAPIError, match="append-only"):
            async with session.begin_nested():
                await session.execute(text(statement), {"id": entry.id})


async def test_partner_app_admin_actions_are_audited_and_the_log_pages(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    admin = await make_user(session, "admin")
    partner = await register_app(session)
    await session.commit()
    for action in ("suspend", "reactivate", "rotate-secret"):
        response = await client.post(
            f"/v1/admin/partner-apps/{partner.client_id}/{action}", headers=admin.headers
        )
        assert response.status_code == 200, response.text
    params = {"target_type": "partner_app", "target_id": partner.client_id, "limit": 2}
    first = await client.get("/v1/admin/audit-log", params=params, headers=admin.headers)
    assert first.status_code == 200, first.text
    rest = await client.get(
        "/v1/admin/audit-log",
        params={**params, "cursor": first.json()["next_cursor"]},
        headers=admin.headers,
    )
    entries = first.json()["data"] + rest.json()["data"]
    assert rest.json()["next_cursor"] is None
    assert [e["action"] for e in entries] == [
        "partner_app.rotate_secret",
        "partner_app.reactivate",
        "partner_app.suspend",
        "partner_app.register",
    ]
    assert {e["actor_user_id"] for e in entries[:3]} == {str(admin.id)}
    assert entries[3]["actor_label"] == "cli:tests"
    bad = await client.get("/v1/admin/audit-log", params={"cursor": "!!"}, headers=admin.headers)
    assert_problem(bad, 422)


def _admin_routes() -> list[tuple[str, str]]:
    """Every operation under /v1/admin, from the app's own OpenAPI document."""
    paths = create_app().openapi()["paths"]
    return sorted(
        (method.upper(), path)
        for path, operations in paths.items()
        if path.startswith("/v1/admin")
        for method in operations
    )


def test_the_walk_finds_the_admin_endpoints() -> None:
    paths = {path for _, path in _admin_routes()}
    assert {"/v1/admin/users/{user_id}/suspend", "/v1/admin/audit-log"} <= paths


@pytest.mark.parametrize(("method", "path"), _admin_routes())
async def test_no_one_but_an_admin_reaches_an_admin_endpoint(
    client: httpx.AsyncClient, session: AsyncSession, method: str, path: str
) -> None:
    owner = await make_user(session, "owner")
    await session.commit()
    url = path.format(
        user_id=owner.id,
        client_id="aplikasi-x",
        dispute_id=uuid.uuid4(),
        payout_id=uuid.uuid4(),
        refund_id=uuid.uuid4(),
    )
    body = {"reason": "Coba-coba"} if method == "POST" else None
    anonymous = await client.request(method, url, json=body)
    assert_problem(anonymous, 401, "invalid_token")
    stranger = await client.request(method, url, json=body, headers=owner.headers)
    assert_problem(stranger, 403, "role_required")


async def test_the_cli_suspends_and_reinstates_by_email(
    migrated_url: str, engine: AsyncEngine, live_app: httpx.AsyncClient
) -> None:
    """Through the real engine (the CLI is another process and sees only committed rows)."""
    creative = await signup(live_app, "creative")
    env = os.environ | {"DATABASE_URL": migrated_url, "LOG_LEVEL": "WARNING"}

    def pasar(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app", "user", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    done = pasar("suspend", creative.email.upper(), "--reason", "Akun dibajak, menunggu verifikasi")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["suspended_at"]
    assert_problem(await live_app.get("/v1/me", headers=creative.headers), 401, "invalid_token")
    refused = await live_app.post(
        "/v1/auth/token",
        data={"grant_type": "password", "username": creative.email, "password": PASSWORD},
    )
    assert_problem(refused, 403, "account_suspended")
    again = pasar("suspend", creative.email, "--reason", "lagi")
    assert again.returncode == 1 and "suspend" in again.stderr
    assert pasar("reinstate", creative.email, "--reason", " ").returncode == 2
    done = pasar("reinstate", creative.email, "--reason", "Pemilik akun terverifikasi")
    assert done.returncode == 0, done.stderr
    await login(live_app, creative.email, PASSWORD)
    assert pasar("suspend", "tidak-ada@contoh.id", "--reason", "uji").returncode == 1

    async with engine.connect() as conn:
        actions = (
            await conn.execute(
                text(
                    "SELECT action, actor_label FROM admin_audit_log WHERE target_id = :id "
                    "ORDER BY created_at, id"
                ),
                {"id": str(creative.id)},
            )
        ).all()
    assert [a for a, _ in actions] == ["user.suspend", "user.reinstate"]
    assert all(label.startswith("cli:") for _, label in actions)
