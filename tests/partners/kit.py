"""Partner-app test kit: register apps, run the consent flow, receive webhooks locally."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import PartnerApp, RateLimitTier
from app.services.audit import AuditActor
from app.services.partners import apps
from tests.helpers import PASSWORD, Actor

REDIRECT_URI = "https://hub.ejsc.contoh.id/oauth/callback"
CREATIVE_SCOPES = ("gigs:read", "proposals:read", "proposals:write", "webhooks:manage")


@dataclass
class RegisteredApp:
    app: PartnerApp
    secret: str

    @property
    def client_id(self) -> str:
        return self.app.client_id

    @property
    def basic_auth(self) -> tuple[str, str]:
        return (self.app.client_id, self.secret)


async def register_app(
    session: AsyncSession,
    *,
    name: str = "EJSC Kreatif Hub",
    scopes: tuple[str, ...] = CREATIVE_SCOPES,
    tier: RateLimitTier = RateLimitTier.standard,
    redirect_uri: str = REDIRECT_URI,
) -> RegisteredApp:
    registered = await apps.register_app(
        session,
        name=name,
        redirect_uris=[redirect_uri],
        allowed_scopes=scopes,
        rate_limit_tier=tier,
        actor=AuditActor.operator("tests"),
    )
    return RegisteredApp(registered.app, registered.client_secret)


@dataclass
class Pkce:
    verifier: str = field(default_factory=lambda: secrets.token_urlsafe(48))

    @property
    def challenge(self) -> str:
        return str(create_s256_code_challenge(self.verifier))


def authorize_params(
    partner: RegisteredApp,
    pkce: Pkce,
    *,
    scope: str = "gigs:read proposals:read proposals:write",
    state: str = "kopi-123",
    **overrides: str | None,
) -> dict[str, str]:
    params: dict[str, str | None] = {
        "response_type": "code",
        "client_id": partner.client_id,
        "redirect_uri": REDIRECT_URI,
        "scope": scope,
        "state": state,
        "code_challenge": pkce.challenge,
        "code_challenge_method": "S256",
    }
    params.update(overrides)
    return {k: v for k, v in params.items() if v is not None}


def redirect_query(response: httpx.Response) -> dict[str, str]:
    """The query of the redirect back to the app, as a flat dict."""
    assert response.status_code in (302, 303), response.text
    location = response.headers["location"]
    assert location.startswith(REDIRECT_URI), location
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


async def decide(
    client: httpx.AsyncClient,
    params: dict[str, str],
    *,
    decision: str = "approve",
    email: str = "",
    password: str = PASSWORD,
) -> httpx.Response:
    return await client.post(
        "/oauth/authorize",
        data={**params, "decision": decision, "email": email, "password": password},
    )


async def exchange_code(
    client: httpx.AsyncClient,
    partner: RegisteredApp,
    code: str,
    verifier: str | None,
    *,
    redirect_uri: str = REDIRECT_URI,
) -> httpx.Response:
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
    if verifier is not None:
        data["code_verifier"] = verifier
    return await client.post("/v1/auth/token", data=data, auth=partner.basic_auth)


async def connect(
    client: httpx.AsyncClient,
    partner: RegisteredApp,
    creative: Actor,
    *,
    scope: str = "gigs:read proposals:read proposals:write",
) -> dict[str, Any]:
    """The whole consent flow; returns the token response."""
    pkce = Pkce()
    params = authorize_params(partner, pkce, scope=scope)
    code = redirect_query(await decide(client, params, email=creative.email))["code"]
    response = await exchange_code(client, partner, code, pkce.verifier)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def verify_signature(secret: str, header: str, body: bytes, tolerance: int = 300) -> bool:
    """What a partner runs (also in the README): HMAC-SHA256 of "t.body", with a timestamp
    window against replays."""
    parts = dict(item.split("=", 1) for item in header.split(","))
    timestamp = int(parts["t"])
    if abs(time.time() - timestamp) > tolerance:
        return False
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return hmac.compare_digest(expected.hexdigest(), parts["v1"])


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


class Receiver:
    """A real HTTP server on 127.0.0.1 that records what it receives and answers `status`."""

    def __init__(self) -> None:
        self.requests: list[Received] = []
        self.status = 200
        self.location: str | None = None
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                receiver.requests.append(
                    Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                )
                self.send_response(receiver.status)
                if receiver.location:
                    self.send_header("Location", receiver.location)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/webhooks/pasar"

    @contextmanager
    def running(self) -> Iterator[Receiver]:
        thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.server.shutdown()
            self.server.server_close()
            thread.join(timeout=5)
