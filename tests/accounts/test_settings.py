"""Account settings: name, phone, language, and an email change that waits for confirmation."""

from __future__ import annotations

import httpx

from tests.helpers import PASSWORD, assert_problem, login, queued_mail, signup, token_in


async def test_name_phone_and_language_change(client: httpx.AsyncClient) -> None:
    owner = await signup(client, "owner")
    response = await client.patch(
        "/v1/me",
        headers=owner.headers,
        json={"full_name": "  Sari Wulandari  ", "phone": "0812-3456-7890", "locale": "en"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["full_name"], body["phone"], body["locale"]) == (
        "Sari Wulandari",
        "+6281234567890",
        "en",
    )
    cleared = await client.patch("/v1/me", headers=owner.headers, json={"phone": None})
    assert cleared.json()["phone"] is None and cleared.json()["full_name"] == "Sari Wulandari"


async def test_bad_settings_are_refused(client: httpx.AsyncClient) -> None:
    owner = await signup(client, "creative")
    for body in (
        {"phone": "12345"},
        {"locale": "fr"},
        {"full_name": "x" * 201},
        {"full_name": "   "},
        {"email": "bukan-email"},
        {"email": "a" * 250 + "@contoh.id"},
        {"role": "admin"},
    ):
        response = await client.patch("/v1/me", headers=owner.headers, json=body)
        assert_problem(response, 422, "validation_error")
    assert_problem(await client.patch("/v1/me", json={"locale": "en"}), 401, "invalid_token")


async def test_an_email_change_takes_effect_only_when_confirmed(client: httpx.AsyncClient) -> None:
    owner = await signup(client, "owner")
    old = owner.email
    response = await client.patch(
        "/v1/me", headers=owner.headers, json={"email": "Sari.Baru@Contoh.id"}
    )
    assert response.status_code == 200
    assert response.json()["email"] == old
    assert response.json()["pending_email"] == "sari.baru@contoh.id"
    notice = await queued_mail(client, old, "email_change_notice")
    assert "s***@contoh.id" in (notice.text_body or "")
    confirm = await queued_mail(client, "sari.baru@contoh.id", "email_change_confirm")
    code = token_in(confirm.text_body or "")
    await login(client, old, PASSWORD)  # the old address still signs in

    stranger = await signup(client, "creative")
    assert_problem(
        await client.post("/v1/me/email/confirm", headers=stranger.headers, json={"token": code}),
        400,
        "account_token_invalid",
    )
    confirmed = await client.post(
        "/v1/me/email/confirm", headers=owner.headers, json={"token": code}
    )
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["email"] == "sari.baru@contoh.id"
    assert confirmed.json()["pending_email"] is None
    await login(client, "sari.baru@contoh.id", PASSWORD)
    assert_problem(
        await client.post("/v1/me/email/confirm", headers=owner.headers, json={"token": code}),
        400,
        "account_token_used",
    )


async def test_a_taken_address_is_answered_alike_and_cannot_be_confirmed(
    client: httpx.AsyncClient,
) -> None:
    owner = await signup(client, "owner")
    other = await signup(client, "creative")
    response = await client.patch("/v1/me", headers=owner.headers, json={"email": other.email})
    assert response.status_code == 200
    assert response.json()["pending_email"] == other.email
    assert_problem(
        await client.post(
            "/v1/me/email/confirm", headers=owner.headers, json={"token": "pk_ec_" + "z" * 43}
        ),
        400,
        "account_token_invalid",
    )


async def test_an_address_taken_before_confirming_is_a_409(client: httpx.AsyncClient) -> None:
    owner = await signup(client, "owner")
    await client.patch("/v1/me", headers=owner.headers, json={"email": "rebutan@contoh.id"})
    code = token_in(
        (await queued_mail(client, "rebutan@contoh.id", "email_change_confirm")).text_body or ""
    )
    taken = await client.post(
        "/v1/auth/register",
        json={
            "email": "rebutan@contoh.id",
            "password": PASSWORD,
            "full_name": "Ayu",
            "role": "creative",
        },
    )
    assert taken.status_code == 202
    response = await client.post(
        "/v1/me/email/confirm", headers=owner.headers, json={"token": code}
    )
    assert_problem(response, 409, "email_taken")
    assert (await client.get("/v1/me", headers=owner.headers)).json()["email"] == owner.email
