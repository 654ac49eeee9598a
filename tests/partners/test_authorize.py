"""The authorization endpoint: consent page, redirect URI rules, PKCE and scope checks."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.factories import Creative
from tests.helpers import Actor
from tests.partners.kit import (
    REDIRECT_URI,
    Pkce,
    RegisteredApp,
    authorize_params,
    decide,
    redirect_query,
    register_app,
)


async def test_consent_page_names_the_app_and_each_scope_in_indonesian(
    client: httpx.AsyncClient, partner: RegisteredApp
) -> None:
    response = await client.get("/oauth/authorize", params=authorize_params(partner, Pkce()))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert 'lang="id"' in page and "Izinkan" in page and "EJSC Kreatif Hub" in page
    for words in (
        "Melihat lowongan gig yang terbuka untuk umum",
        "Melihat penawaran (proposal) yang Anda kirim dan statusnya",
        "Mengirim dan menarik penawaran atas nama Anda",
    ):
        assert words in page
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize(
    ("query", "headers"),
    [({"lang": "en"}, {}), ({}, {"Accept-Language": "en-US,en;q=0.9,id;q=0.5"})],
)
async def test_consent_page_in_english_on_request(
    client: httpx.AsyncClient,
    partner: RegisteredApp,
    query: dict[str, str],
    headers: dict[str, str],
) -> None:
    params = authorize_params(partner, Pkce()) | query
    response = await client.get("/oauth/authorize", params=params, headers=headers)
    assert response.status_code == 200
    assert 'lang="en"' in response.text
    assert "Send and withdraw proposals on your behalf" in response.text


async def test_approval_redirects_with_a_code_and_the_state(
    client: httpx.AsyncClient, partner: RegisteredApp, creative: Creative
) -> None:
    params = authorize_params(partner, Pkce(), state="xyz/ä 1")
    back = redirect_query(await decide(client, params, email=creative.actor.email))
    assert back["state"] == "xyz/ä 1"
    assert back["code"].startswith("pk_ac_")


async def test_deny_redirects_with_access_denied_and_no_code(
    client: httpx.AsyncClient, partner: RegisteredApp
) -> None:
    back = redirect_query(
        await decide(client, authorize_params(partner, Pkce()), decision="deny", email="")
    )
    assert back["error"] == "access_denied" and back["state"] == "kopi-123"
    assert "code" not in back


@pytest.mark.parametrize(
    "redirect_uri",
    [
        "https://hub.ejsc.contoh.id/oauth/callback/",
        "https://hub.ejsc.contoh.id/oauth/callback?next=1",
        "https://evil.contoh.id/oauth/callback",
        "HTTPS://hub.ejsc.contoh.id/oauth/callback",
        None,
    ],
)
async def test_a_redirect_uri_that_is_not_exactly_registered_gets_an_error_page_not_a_redirect(
    client: httpx.AsyncClient,
    partner: RegisteredApp,
    creative: Creative,
    redirect_uri: str | None,
) -> None:
    params = authorize_params(partner, Pkce(), redirect_uri=redirect_uri)
    page = await client.get("/oauth/authorize", params=params)
    assert page.status_code == 400 and "location" not in page.headers
    assert "tidak terdaftar" in page.text
    posted = await decide(client, params, email=creative.actor.email)
    # A form without redirect_uri fails validation (422); either way nothing redirects.
    assert posted.status_code in (400, 422) and "location" not in posted.headers


async def test_an_unknown_or_suspended_client_gets_an_error_page(
    client: httpx.AsyncClient, partner: RegisteredApp, admin: Actor
) -> None:
    unknown = authorize_params(partner, Pkce(), client_id="pkapp_tidak_ada")
    assert (await client.get("/oauth/authorize", params=unknown)).status_code == 400
    await client.post(f"/v1/admin/partner-apps/{partner.client_id}/suspend", headers=admin.headers)
    response = await client.get("/oauth/authorize", params=authorize_params(partner, Pkce()))
    assert response.status_code == 400 and "location" not in response.headers


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"code_challenge": None, "code_challenge_method": None}, "invalid_request"),
        ({"code_challenge_method": "plain"}, "invalid_request"),
        ({"code_challenge": "terlalu-pendek"}, "invalid_request"),
        ({"response_type": "token"}, "unsupported_response_type"),
        ({"scope": "gigs:read contracts:read"}, "invalid_scope"),
        ({"scope": "admin"}, "invalid_scope"),
    ],
)
async def test_other_errors_go_back_to_the_app_with_the_state(
    client: httpx.AsyncClient,
    partner: RegisteredApp,
    overrides: dict[str, str | None],
    error: str,
) -> None:
    params = authorize_params(partner, Pkce(), **overrides)
    back = redirect_query(await client.get("/oauth/authorize", params=params))
    assert back["error"] == error and back["state"] == "kopi-123"
    assert back["error_description"]


async def test_a_repeated_parameter_is_refused(
    client: httpx.AsyncClient, partner: RegisteredApp
) -> None:
    params = [*authorize_params(partner, Pkce()).items(), ("scope", "gigs:read")]
    back = redirect_query(await client.get("/oauth/authorize", params=params))
    assert back["error"] == "invalid_request"


async def test_wrong_password_shows_the_page_again_without_a_code(
    client: httpx.AsyncClient, partner: RegisteredApp, creative: Creative
) -> None:
    response = await decide(
        client, authorize_params(partner, Pkce()), email=creative.actor.email, password="salah-123"
    )
    assert response.status_code == 401 and "location" not in response.headers
    assert "Email atau kata sandi salah." in response.text
    assert creative.actor.email in response.text


async def test_only_creatives_can_connect_apps(
    client: httpx.AsyncClient, partner: RegisteredApp, owner: Actor
) -> None:
    params = authorize_params(partner, Pkce(), lang="en")
    response = await decide(client, params | {"lang": "en"}, email=owner.email)
    assert response.status_code == 403
    assert "Only creative accounts can connect partner apps." in response.text


async def test_the_default_scope_is_everything_the_app_may_ask_for(
    client: httpx.AsyncClient, partner: RegisteredApp, creative: Creative
) -> None:
    params = authorize_params(partner, Pkce(), scope=None)
    page = await client.get("/oauth/authorize", params=params)
    assert "Mengirim pemberitahuan tentang aktivitas Anda" in page.text  # webhooks:manage
    assert redirect_query(await decide(client, params, email=creative.actor.email))["code"]


async def test_redirect_uri_with_a_query_keeps_it(
    client: httpx.AsyncClient, creative: Creative, session: AsyncSession
) -> None:
    partner = await register_app(session, redirect_uri=REDIRECT_URI + "?tenant=surabaya")
    params = authorize_params(partner, Pkce(), redirect_uri=REDIRECT_URI + "?tenant=surabaya")
    response = await decide(client, params, email=creative.actor.email)
    back = redirect_query(response)
    assert back["tenant"] == "surabaya" and back["code"]


async def test_reflected_values_are_escaped_on_the_page(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    partner = await register_app(session, name="<b>Hub</b>")
    params = authorize_params(partner, Pkce(), state='"><script>alert(1)</script>')
    page = await client.get("/oauth/authorize", params=params)
    assert page.status_code == 200
    assert "<script>alert(1)" not in page.text and "<b>Hub</b>" not in page.text
    assert "&lt;b&gt;Hub&lt;/b&gt;" in page.text
