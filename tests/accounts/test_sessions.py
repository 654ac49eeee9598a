"""Sessions: listing sign-ins, ending one or all, and RFC 7009 revocation."""

from __future__ import annotations

import uuid

import httpx

from tests.helpers import PASSWORD, assert_problem, signup


async def _sign_in(client: httpx.AsyncClient, email: str, device: str) -> dict[str, str]:
    response = await client.post(
        "/v1/auth/token",
        data={"grant_type": "password", "username": email, "password": PASSWORD},
        headers={"User-Agent": device},
    )
    assert response.status_code == 200, response.text
    body: dict[str, str] = response.json()
    return body


def _bearer(tokens: dict[str, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


async def test_sessions_are_listed_with_their_device_and_one_can_be_ended(
    client: httpx.AsyncClient,
) -> None:
    owner = await signup(client, "owner")
    phone = await _sign_in(client, owner.email, "PasarKreatif/2.3 (Android 14)")
    laptop = await _sign_in(client, owner.email, "Mozilla/5.0 (Windows NT 10.0) Firefox/133.0")

    listed = await client.get("/v1/me/sessions", headers=_bearer(phone))
    assert listed.status_code == 200
    sessions = listed.json()["data"]
    assert listed.json()["next_cursor"] is None
    assert len(sessions) == 3  # the sign-up helper's sign-in too
    by_agent = {s["user_agent"]: s for s in sessions}
    assert by_agent["PasarKreatif/2.3 (Android 14)"]["current"] is True
    laptop_session = by_agent["Mozilla/5.0 (Windows NT 10.0) Firefox/133.0"]
    assert laptop_session["current"] is False and laptop_session["client_name"] == "Pasar Kreatif"

    ended = await client.delete(f"/v1/me/sessions/{laptop_session['id']}", headers=_bearer(phone))
    assert ended.status_code == 204
    assert_problem(await client.get("/v1/me", headers=_bearer(laptop)), 401, "invalid_token")
    refreshed = await client.post(
        "/v1/auth/token",
        data={"grant_type": "refresh_token", "refresh_token": laptop["refresh_token"]},
    )
    assert_problem(refreshed, 400, "invalid_grant")
    assert len((await client.get("/v1/me/sessions", headers=_bearer(phone))).json()["data"]) == 2
    again = await client.delete(f"/v1/me/sessions/{laptop_session['id']}", headers=_bearer(phone))
    assert_problem(again, 404, "session_not_found")


async def test_a_stranger_cannot_end_someone_elses_session(client: httpx.AsyncClient) -> None:
    owner = await signup(client, "owner")
    stranger = await signup(client, "creative")
    own = (await client.get("/v1/me/sessions", headers=owner.headers)).json()["data"][0]
    response = await client.delete(f"/v1/me/sessions/{own['id']}", headers=stranger.headers)
    assert_problem(response, 404, "session_not_found")
    assert (await client.get("/v1/me", headers=owner.headers)).status_code == 200
    assert_problem(
        await client.delete(f"/v1/me/sessions/{uuid.uuid4()}", headers=owner.headers),
        404,
        "session_not_found",
    )
    assert_problem(await client.get("/v1/me/sessions"), 401, "invalid_token")
    assert_problem(await client.delete("/v1/me/sessions/not-a-uuid", headers=owner.headers), 422)


async def test_signing_out_everywhere_ends_every_session(client: httpx.AsyncClient) -> None:
    owner = await signup(client, "owner")
    other = await _sign_in(client, owner.email, "Tablet")
    response = await client.post("/v1/me/sessions/revoke-all", headers=owner.headers)
    assert response.status_code == 204
    assert_problem(await client.get("/v1/me", headers=owner.headers), 401, "invalid_token")
    assert_problem(await client.get("/v1/me", headers=_bearer(other)), 401, "invalid_token")


async def test_rfc7009_revocation_ends_the_sign_in_and_always_answers_200(
    client: httpx.AsyncClient,
) -> None:
    owner = await signup(client, "creative")
    revoked = await client.post("/v1/auth/revoke", data={"token": owner.refresh_token})
    assert revoked.status_code == 200
    assert_problem(await client.get("/v1/me", headers=owner.headers), 401, "invalid_token")

    other = await _sign_in(client, owner.email, "Laptop")
    by_access = await client.post(
        "/v1/auth/revoke", data={"token": other["access_token"], "token_type_hint": "access_token"}
    )
    assert by_access.status_code == 200
    refreshed = await client.post(
        "/v1/auth/token",
        data={"grant_type": "refresh_token", "refresh_token": other["refresh_token"]},
    )
    assert_problem(refreshed, 400, "invalid_grant")

    unknown = await client.post("/v1/auth/revoke", data={"token": "pk_rt_tidak-ada"})
    assert unknown.status_code == 200
    assert_problem(await client.post("/v1/auth/revoke", data={}), 422, "validation_error")
    assert_problem(await client.post("/v1/auth/revoke", data={"token": "x" * 600}), 422)


async def test_sessions_page_with_a_cursor_most_recently_used_first(
    client: httpx.AsyncClient,
) -> None:
    owner = await signup(client, "owner")
    for agent in ("Agent/1", "Agent/2", "Agent/3"):
        await _sign_in(client, owner.email, agent)
    seen: list[dict[str, object]] = []
    cursor: str | None = None
    while True:
        params = {"limit": "2"} | ({"cursor": cursor} if cursor else {})
        response = await client.get("/v1/me/sessions", params=params, headers=owner.headers)
        assert response.status_code == 200
        body = response.json()
        assert len(body["data"]) <= 2
        seen.extend(body["data"])
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == 4 and len({s["id"] for s in seen}) == 4
    last_used = [s["last_used_at"] for s in seen]
    assert last_used == sorted(last_used, reverse=True)
    bad = await client.get("/v1/me/sessions?cursor=bm9wZQ", headers=owner.headers)
    assert_problem(bad, 400, "invalid_cursor")
