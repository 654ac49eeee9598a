"""The token endpoint for partner apps: code exchange with PKCE, client credentials,
refresh, and every way those can be misused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import AuthToken, OAuthAuthorizationCode
from tests.factories import Creative
from tests.helpers import assert_problem
from tests.partners.kit import (
    REDIRECT_URI,
    Pkce,
    RegisteredApp,
    authorize_params,
    bearer,
    connect,
    decide,
    exchange_code,
    redirect_query,
)


async def _code(
    client: httpx.AsyncClient, partner: RegisteredApp, creative: Creative, pkce: Pkce
) -> str:
    params = authorize_params(partner, pkce)
    return redirect_query(await decide(client, params, email=creative.actor.email))["code"]


async def test_the_code_buys_a_delegated_token_pair_once(
    client: httpx.AsyncClient, partner: RegisteredApp, creative: Creative
) -> None:
    pkce = Pkce()
    code = await _code(client, partner, creative, pkce)
    response = await exchange_code(client, partner, code, pkce.verifier)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "bearer" and body["expires_in"] > 0
    assert body["scope"] == "gigs:read proposals:read proposals:write"
    response = await client.get("/v1/creatives/me", headers=bearer(body["access_token"]))
    assert_problem(response, 403, "insufficient_scope")  # profile:read was not granted


async def test_client_secret_may_come_as_form_fields(
    client: httpx.AsyncClient, partner: RegisteredApp, creative: Creative
) -> None:
    pkce = Pkce()
    code = await _code(client, partner, creative, pkce)
    response = await client.post(
        "/v1/auth/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT_URI,
            "code_verifier": pkce.verifier,
            "client_id": partner.client_id,
            "client_secret": partner.secret,
        },
    )
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    ("verifier", "status", "code"),
    [
        (None, 400, "invalid_request"),
        ("pendek", 400, "invalid_request"),
        (Pkce().verifier, 400, "invalid_grant"),  # well-formed, but not the one challenged
    ],
)
async def test_a_missing_or_wrong_pkce_verifier_is_refused(
    client: httpx.AsyncClient,
    partner: RegisteredApp,
    creative: Creative,
    verifier: str | None,
    status: int,
    code: str,
) -> None:
    pkce = Pkce()
    auth_code = await _code(client, partner, creative, pkce)
    body = assert_problem(await exchange_code(client, partner, auth_code, verifier), status, code)
    assert body["error"] == code  # the RFC 6749 field OAuth libraries read


async def test_reusing_a_code_fails_and_revokes_the_tokens_it_issued(
    client: httpx.AsyncClient, partner: RegisteredApp, creative: Creative
) -> None:
    pkce = Pkce()
    code = await _code(client, partner, creative, pkce)
    first = (await exchange_code(client, partner, code, pkce.verifier)).json()
    assert (await client.get("/v1/gigs", headers=bearer(first["access_token"]))).status_code == 200

    again = await exchange_code(client, partner, code, pkce.verifier)
    assert_problem(again, 400, "invalid_grant")
    response = await client.get(
        "/v1/proposals/00000000-0000-0000-0000-000000000000", headers=bearer(first["access_token"])
    )
    assert_problem(response, 401, "invalid_token")
    refresh = await client.post(
        "/v1/auth/token",
        data={"grant_type": "refresh_token", "refresh_token": first["refresh_token"]},
        auth=partner.basic_auth,
    )
    assert_problem(refresh, 400, "invalid_grant")


async def test_an_expired_code_is_refused(
    client: httpx.AsyncClient, session: AsyncSession, partner: RegisteredApp, creative: Creative
) -> None:
    pkce = Pkce()
    code = await _code(client, partner, creative, pkce)
    await session.execute(
        update(OAuthAuthorizationCode).values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    )
    assert_problem(await exchange_code(client, partner, code, pkce.verifier), 400, "invalid_grant")


async def test_the_redirect_uri_must_match_the_authorization_request(
    client: httpx.AsyncClient, partner: RegisteredApp, creative: Creative
) -> None:
    pkce = Pkce()
    code = await _code(client, partner, creative, pkce)
    response = await exchange_code(
        client, partner, code, pkce.verifier, redirect_uri="https://hub.ejsc.contoh.id/lain"
    )
    assert_problem(response, 400, "invalid_grant")


async def test_another_app_cannot_redeem_the_code(
    client: httpx.AsyncClient,
    partner: RegisteredApp,
    other_partner: RegisteredApp,
    creative: Creative,
) -> None:
    pkce = Pkce()
    code = await _code(client, partner, creative, pkce)
    response = await exchange_code(client, other_partner, code, pkce.verifier)
    assert_problem(response, 400, "invalid_grant")
    # ... and the rightful app still can.
    assert (await exchange_code(client, partner, code, pkce.verifier)).status_code == 200


@pytest.mark.parametrize("secret", ["pk_cs_salah", ""])
async def test_wrong_client_credentials_are_invalid_client(
    client: httpx.AsyncClient, partner: RegisteredApp, creative: Creative, secret: str
) -> None:
    pkce = Pkce()
    code = await _code(client, partner, creative, pkce)
    response = await client.post(
        "/v1/auth/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT_URI,
            "code_verifier": pkce.verifier,
            "client_id": partner.client_id,
            "client_secret": secret,
        },
    )
    body = assert_problem(response, 401, "invalid_client")
    assert body["error"] == "invalid_client"


async def test_client_credentials_give_an_app_token_for_public_reads_only(
    client: httpx.AsyncClient, partner: RegisteredApp
) -> None:
    response = await client.post(
        "/v1/auth/token", data={"grant_type": "client_credentials"}, auth=partner.basic_auth
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["refresh_token"] is None
    assert body["scope"] == "gigs:read webhooks:manage"
    app = bearer(body["access_token"])
    assert (await client.get("/v1/gigs", headers=app)).status_code == 200
    assert (await client.get("/v1/categories", headers=app)).status_code == 200
    # No user behind it: user endpoints refuse it, whatever their scope.
    assert_problem(await client.get("/v1/me", headers=app), 403, "insufficient_scope")
    response = await client.post(
        "/v1/gigs/00000000-0000-0000-0000-000000000000/proposals", json={}, headers=app
    )
    assert response.status_code in (403, 422)


async def test_an_app_token_cannot_ask_for_user_scopes(
    client: httpx.AsyncClient, partner: RegisteredApp
) -> None:
    response = await client.post(
        "/v1/auth/token",
        data={"grant_type": "client_credentials", "scope": "gigs:read proposals:write"},
        auth=partner.basic_auth,
    )
    assert_problem(response, 400, "invalid_scope")


async def test_refresh_keeps_or_narrows_scopes_but_never_widens_them(
    client: httpx.AsyncClient, partner: RegisteredApp, creative: Creative
) -> None:
    tokens = await connect(client, partner, creative.actor, scope="gigs:read proposals:read")

    def refresh(token: str, scope: str | None = None) -> dict[str, str]:
        data = {"grant_type": "refresh_token", "refresh_token": token}
        return data | ({"scope": scope} if scope else {})

    escalate = await client.post(
        "/v1/auth/token",
        data=refresh(tokens["refresh_token"], "gigs:read proposals:write"),
        auth=partner.basic_auth,
    )
    assert_problem(escalate, 400, "invalid_scope")
    narrowed = await client.post(
        "/v1/auth/token",
        data=refresh(tokens["refresh_token"], "gigs:read"),
        auth=partner.basic_auth,
    )
    assert narrowed.status_code == 200, narrowed.text
    assert narrowed.json()["scope"] == "gigs:read"


async def test_a_partner_refresh_token_works_only_for_its_own_app(
    client: httpx.AsyncClient,
    partner: RegisteredApp,
    other_partner: RegisteredApp,
    creative: Creative,
) -> None:
    tokens = await connect(client, partner, creative.actor)
    data = {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}
    assert_problem(await client.post("/v1/auth/token", data=data), 400, "invalid_grant")
    response = await client.post("/v1/auth/token", data=data, auth=other_partner.basic_auth)
    assert_problem(response, 400, "invalid_grant")
    response = await client.post("/v1/auth/token", data=data, auth=partner.basic_auth)
    assert response.status_code == 200, response.text


async def test_an_expired_delegated_token_is_refused(
    client: httpx.AsyncClient, session: AsyncSession, partner: RegisteredApp, creative: Creative
) -> None:
    tokens = await connect(client, partner, creative.actor)
    await session.execute(
        update(AuthToken)
        .where(AuthToken.client_id == partner.client_id)
        .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    )
    response = await client.get("/v1/gigs", headers=bearer(tokens["access_token"]))
    assert_problem(response, 401, "invalid_token")
