"""Password reset by mailed code, changing a password, and the password policy."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import AccountToken, OutboundEmail
from tests.helpers import PASSWORD, assert_problem, login, queued_mail, signup, token_in

NEW_PASSWORD = "gula-aren-manis-2027"


async def _reset_code(client: httpx.AsyncClient, email: str) -> str:
    response = await client.post("/v1/auth/password-reset", json={"email": email})
    assert response.status_code == 202, response.text
    mail = await queued_mail(client, email.lower(), "password_reset")
    return token_in(mail.text_body or "")


async def test_a_reset_sets_the_password_and_revokes_every_token(
    client: httpx.AsyncClient,
) -> None:
    owner = await signup(client, "owner")
    code = await _reset_code(client, owner.email.upper())
    done = await client.post(
        "/v1/auth/password-reset/confirm", json={"token": code, "new_password": NEW_PASSWORD}
    )
    assert done.status_code == 204, done.text
    assert_problem(await client.get("/v1/me", headers=owner.headers), 401, "invalid_token")
    refreshed = await client.post(
        "/v1/auth/token", data={"grant_type": "refresh_token", "refresh_token": owner.refresh_token}
    )
    assert_problem(refreshed, 400, "invalid_grant")
    old = await client.post(
        "/v1/auth/token",
        data={"grant_type": "password", "username": owner.email, "password": PASSWORD},
    )
    assert_problem(old, 401, "invalid_credentials")
    await login(client, owner.email, NEW_PASSWORD)
    again = await client.post(
        "/v1/auth/password-reset/confirm",
        json={"token": code, "new_password": "lain-" + NEW_PASSWORD},
    )
    assert_problem(again, 400, "account_token_used")
    notice = await queued_mail(client, owner.email, "password_changed")
    assert "diganti" in notice.subject


async def test_an_unknown_address_gets_the_same_202_and_no_mail(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    response = await client.post("/v1/auth/password-reset", json={"email": "siapa@contoh.id"})
    assert response.status_code == 202
    owner = await signup(client, "owner")
    known = await client.post("/v1/auth/password-reset", json={"email": owner.email})
    assert known.status_code == 202 and known.json() == response.json()
    count = await session.scalar(
        select(func.count()).where(OutboundEmail.to_address == "siapa@contoh.id")
    )
    assert count == 0


async def test_reset_mails_are_capped_per_hour_without_telling(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await signup(client, "creative")
    for _ in range(5):
        response = await client.post("/v1/auth/password-reset", json={"email": owner.email})
        assert response.status_code == 202
    sent = await session.scalar(
        select(func.count()).where(
            OutboundEmail.to_address == owner.email, OutboundEmail.template == "password_reset"
        )
    )
    assert sent == 3


async def test_expired_and_forged_reset_codes_are_refused(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await signup(client, "owner")
    code = await _reset_code(client, owner.email)
    await session.execute(
        update(AccountToken)
        .where(AccountToken.user_id == owner.id)
        .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    )
    body = {"token": code, "new_password": NEW_PASSWORD}
    assert_problem(
        await client.post("/v1/auth/password-reset/confirm", json=body),
        400,
        "account_token_expired",
    )
    forged = {"token": "pk_pr_" + "A" * 43, "new_password": NEW_PASSWORD}
    assert_problem(
        await client.post("/v1/auth/password-reset/confirm", json=forged),
        400,
        "account_token_invalid",
    )
    # A verification token is not a reset code.
    verify = await queued_mail(client, owner.email, "verify_email")
    other = {"token": token_in(verify.text_body or ""), "new_password": NEW_PASSWORD}
    assert_problem(
        await client.post("/v1/auth/password-reset/confirm", json=other),
        400,
        "account_token_invalid",
    )


async def test_changing_the_password_ends_every_other_sign_in(client: httpx.AsyncClient) -> None:
    owner = await signup(client, "owner")
    laptop = await login(client, owner.email, PASSWORD)
    response = await client.post(
        "/v1/me/password",
        headers=owner.headers,
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    )
    assert response.status_code == 204, response.text
    assert (await client.get("/v1/me", headers=owner.headers)).status_code == 200
    other = {"Authorization": f"Bearer {laptop['access_token']}"}
    assert_problem(await client.get("/v1/me", headers=other), 401, "invalid_token")
    await login(client, owner.email, NEW_PASSWORD)


async def test_a_wrong_current_password_is_refused_and_throttled(client: httpx.AsyncClient) -> None:
    owner = await signup(client, "creative")
    body = {"current_password": "bukan-kata-sandinya", "new_password": NEW_PASSWORD}
    for _ in range(5):
        response = await client.post("/v1/me/password", headers=owner.headers, json=body)
        assert_problem(response, 403, "current_password_incorrect")
    limited = await client.post("/v1/me/password", headers=owner.headers, json=body)
    assert_problem(limited, 429, "rate_limited")
    assert_problem(await client.post("/v1/me/password", json=body), 401, "invalid_token")


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("pendek", "too_short"),
        ("password", "guessable"),
        ("bismillah123", "guessable"),
        ("qwertyuiop", "guessable"),
        ("sariwulandari", "personal"),
        ("aaaaaaaaaaaaaaaaaaaa", "guessable"),
    ],
)
async def test_weak_passwords_are_refused_with_the_reason(
    client: httpx.AsyncClient, password: str, reason: str
) -> None:
    response = await client.post(
        "/v1/auth/register",
        json={
            "email": "sari.wulandari@contoh.id",
            "password": password,
            "full_name": "Sari Wulandari",
            "role": "owner",
        },
    )
    body = assert_problem(response, 422, "weak_password")
    assert body["reason"] == reason


async def test_weak_new_passwords_and_oversized_fields_are_refused(
    client: httpx.AsyncClient,
) -> None:
    owner = await signup(client, "owner")
    weak = await client.post(
        "/v1/me/password",
        headers=owner.headers,
        json={"current_password": PASSWORD, "new_password": "12345678"},
    )
    assert_problem(weak, 422, "weak_password")
    huge = await client.post(
        "/v1/me/password",
        headers=owner.headers,
        json={"current_password": PASSWORD, "new_password": "x" * 129},
    )
    assert_problem(huge, 422, "validation_error")
    long_email = await client.post("/v1/auth/password-reset", json={"email": "a" * 250 + "@x.id"})
    assert_problem(long_email, 422, "validation_error")
    nul = await client.post(
        "/v1/auth/password-reset/confirm",
        json={"token": "pk_pr_x", "new_password": "ab\x00cdefghij"},
    )
    assert_problem(nul, 422, "validation_error")
