"""Story: Ayu signs up, confirms her address from the mail, forgets her password, resets it
from the mail, and tidies up her sessions. Mail goes through the worker's send task to a real
SMTP server running in the test."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.mail import send_due_emails
from tests.helpers import PASSWORD, assert_problem, login
from tests.mailbox import Mailbox

AYU = "ayu.lestari@contoh.id"
NEW_PASSWORD = "tenun-ikat-sumba-2027"


async def test_sign_up_verify_forget_reset_and_end_a_session(
    client: httpx.AsyncClient, session: AsyncSession, smtp_server: Mailbox
) -> None:
    signed_up = await client.post(
        "/v1/auth/register",
        json={
            "email": AYU,
            "password": PASSWORD,
            "full_name": "Ayu Lestari",
            "role": "creative",
            "phone": "0813-1111-2222",
        },
        headers={"User-Agent": "Mozilla/5.0 (Android 14) Chrome/131"},
    )
    assert signed_up.status_code == 202
    assert smtp_server.received == []  # the request only queued it

    # The worker sends it; the link works in a browser.
    assert await send_due_emails(session) == 1
    welcome = smtp_server.last_to(AYU)
    assert welcome.subject == "Konfirmasi alamat email Anda di Pasar Kreatif"
    page = await client.get(f"/v1/auth/verify-email?token={welcome.token()}")
    assert page.status_code == 200 and "Email terkonfirmasi" in page.text

    phone = await login(client, AYU, PASSWORD)
    me = await client.get("/v1/me", headers={"Authorization": f"Bearer {phone['access_token']}"})
    assert me.json()["email_verified_at"] is not None

    # She forgets her password and resets it from the mail.
    forgot = await client.post("/v1/auth/password-reset", json={"email": "Ayu.Lestari@contoh.id"})
    assert forgot.status_code == 202
    assert await send_due_emails(session) == 1
    reset_mail = smtp_server.last_to(AYU)
    assert "Atur ulang kata sandi" in reset_mail.subject
    reset = await client.post(
        "/v1/auth/password-reset/confirm",
        json={"token": reset_mail.token(), "new_password": NEW_PASSWORD},
    )
    assert reset.status_code == 204
    assert await send_due_emails(session) == 1
    assert "telah diganti" in smtp_server.last_to(AYU).subject

    # The refresh token from before the reset is refused.
    stale = await client.post(
        "/v1/auth/token",
        data={"grant_type": "refresh_token", "refresh_token": phone["refresh_token"]},
    )
    assert_problem(stale, 400, "invalid_grant")

    # Signed in again on two devices, she lists her sessions and ends the laptop's.
    phone = (
        await client.post(
            "/v1/auth/token",
            data={"grant_type": "password", "username": AYU, "password": NEW_PASSWORD},
            headers={"User-Agent": "PasarKreatif/2.3 (Android 14)"},
        )
    ).json()
    laptop = (
        await client.post(
            "/v1/auth/token",
            data={"grant_type": "password", "username": AYU, "password": NEW_PASSWORD},
            headers={"User-Agent": "Mozilla/5.0 (Macintosh) Safari/18"},
        )
    ).json()
    on_phone = {"Authorization": f"Bearer {phone['access_token']}"}
    sessions = (await client.get("/v1/me/sessions", headers=on_phone)).json()["data"]
    assert {s["user_agent"] for s in sessions} == {
        "Mozilla/5.0 (Macintosh) Safari/18",
        "PasarKreatif/2.3 (Android 14)",
    }
    laptop_session = next(s for s in sessions if "Macintosh" in (s["user_agent"] or ""))
    ended = await client.delete(f"/v1/me/sessions/{laptop_session['id']}", headers=on_phone)
    assert ended.status_code == 204
    on_laptop = {"Authorization": f"Bearer {laptop['access_token']}"}
    assert_problem(await client.get("/v1/me", headers=on_laptop), 401, "invalid_token")
    remaining = (await client.get("/v1/me/sessions", headers=on_phone)).json()["data"]
    assert [s["current"] for s in remaining] == [True]
