"""Accounts: registration, sign-in, token refresh and the signed-in user's own record."""

from __future__ import annotations

import httpx

from tests.helpers import PASSWORD, assert_problem, login, queued_mail, signup


async def test_register_sign_in_and_read_me(client: httpx.AsyncClient) -> None:
    owner = await signup(client, "owner", name="Sari Wulandari", phone="0812-3456-7890")
    me = await client.get("/v1/me", headers=owner.headers)
    assert me.status_code == 200
    body = me.json()
    assert body["email"] == owner.email
    assert body["role"] == "owner"
    assert body["phone"] == "+6281234567890"
    assert "password_hash" not in body


async def test_a_taken_email_gets_the_same_answer_case_insensitively(
    client: httpx.AsyncClient,
) -> None:
    # Was a 409 email_taken; issue #11 asks sign-up not to reveal who has an account.
    owner = await signup(client, "owner")
    fresh = await client.post(
        "/v1/auth/register",
        json={
            "email": "baru@contoh.id",
            "password": PASSWORD,
            "full_name": "Baru",
            "role": "owner",
        },
    )
    response = await client.post(
        "/v1/auth/register",
        json={
            "email": owner.email.upper(),
            "password": PASSWORD,
            "full_name": "Kembar",
            "role": "creative",
        },
    )
    assert response.status_code == fresh.status_code == 202
    assert response.json().keys() == fresh.json().keys()
    assert response.json()["email"] == owner.email
    me = await client.get("/v1/me", headers=owner.headers)
    assert me.json()["role"] == "owner"  # the account is untouched
    notice = await queued_mail(client, owner.email, "signup_existing_account")
    assert "sudah punya akun" in notice.subject


async def test_short_password_and_unknown_fields_are_rejected(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/auth/register",
        json={"email": "a@contoh.id", "password": "pendek", "full_name": "A", "role": "owner"},
    )
    # Was a validation_error; the password policy (issue #11) answers weak_password instead.
    body = assert_problem(response, 422, "weak_password")
    assert body["reason"] == "too_short"
    response = await client.post(
        "/v1/auth/register",
        json={
            "email": "b@contoh.id",
            "password": PASSWORD,
            "full_name": "B",
            "role": "admin",
        },
    )
    assert_problem(response, 422, "validation_error")


async def test_wrong_password_and_unknown_email_get_the_same_401(
    client: httpx.AsyncClient,
) -> None:
    owner = await signup(client, "owner")
    wrong = await client.post(
        "/v1/auth/token",
        data={"grant_type": "password", "username": owner.email, "password": "salah-sekali"},
    )
    unknown = await client.post(
        "/v1/auth/token",
        data={"grant_type": "password", "username": "siapa@contoh.id", "password": "salah-sekali"},
    )
    assert_problem(wrong, 401, "invalid_credentials")
    assert_problem(unknown, 401, "invalid_credentials")
    assert wrong.json()["detail"] == unknown.json()["detail"]


async def test_failed_logins_are_throttled_per_account(client: httpx.AsyncClient) -> None:
    owner = await signup(client, "owner")
    for _ in range(5):
        response = await client.post(
            "/v1/auth/token",
            data={"grant_type": "password", "username": owner.email, "password": "tebak-tebak"},
        )
        assert response.status_code == 401
    blocked = await client.post(
        "/v1/auth/token",
        data={"grant_type": "password", "username": owner.email, "password": PASSWORD},
    )
    assert_problem(blocked, 429, "rate_limited")
    assert int(blocked.headers["Retry-After"]) > 0


async def test_refresh_rotates_and_reuse_revokes_the_family(client: httpx.AsyncClient) -> None:
    owner = await signup(client, "owner")
    first = await client.post(
        "/v1/auth/token", data={"grant_type": "refresh_token", "refresh_token": owner.refresh_token}
    )
    assert first.status_code == 200
    rotated = first.json()
    assert rotated["refresh_token"] != owner.refresh_token

    reused = await client.post(
        "/v1/auth/token", data={"grant_type": "refresh_token", "refresh_token": owner.refresh_token}
    )
    assert_problem(reused, 400, "invalid_grant")
    # Reuse of a rotated token is treated as theft: the newer pair dies too.
    me = await client.get("/v1/me", headers={"Authorization": f"Bearer {rotated['access_token']}"})
    assert_problem(me, 401, "invalid_token")
    again = await login(client, owner.email, PASSWORD)
    assert again["access_token"]


async def test_me_requires_a_valid_token(client: httpx.AsyncClient) -> None:
    assert_problem(await client.get("/v1/me"), 401, "invalid_token")
    bogus = await client.get("/v1/me", headers={"Authorization": "Bearer pk_at_nope"})
    assert_problem(bogus, 401, "invalid_token")
