"""The consent page in a real headless browser (Debian chromium + chromedriver via Selenium).

Needs Debian's chromium and chromium-driver (`apt-get install -y chromium chromium-driver`,
installed by CI before the tests, never by the test); skipped, saying so, where absent.
Screenshots go to $TEST_ARTIFACTS_DIR (default `test-artifacts/`, git-ignored).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest
import uvicorn
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.core.security import hash_password
from app.main import create_app
from app.models import PartnerApp, User, UserRole
from app.services.audit import AuditActor
from app.services.partners import apps
from tests.helpers import PASSWORD
from tests.partners.kit import Pkce

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="needs Debian chromium and chromium-driver (apt-get install chromium chromium-driver)",
)
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS_DIR", "test-artifacts"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class LiveSite:
    api: str
    callback: str


@pytest.fixture
def live_site(migrated_url: str) -> Iterator[LiveSite]:
    """The API under uvicorn on 127.0.0.1, and a page for the app's callback."""

    class Callback(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = "<!doctype html><title>Aplikasi mitra</title><p>Kembali ke aplikasi.</p>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, format: str, *args: object) -> None:
            pass

    callback_server = ThreadingHTTPServer(("127.0.0.1", 0), Callback)
    threading.Thread(target=callback_server.serve_forever, daemon=True).start()
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield LiveSite(
            api=f"http://127.0.0.1:{port}",
            callback=f"http://127.0.0.1:{callback_server.server_address[1]}/callback",
        )
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        callback_server.shutdown()
        callback_server.server_close()


@dataclass
class Committed:
    client_id: str
    client_secret: str
    email: str


@pytest.fixture
async def committed(engine: AsyncEngine, live_site: LiveSite) -> AsyncIterator[Committed]:
    """A partner app and a creative that the live server (another connection) can see."""
    async with AsyncSession(engine, expire_on_commit=False) as session:
        user = User(
            email=f"dimas-{os.getpid()}@contoh.id",
            password_hash=hash_password(PASSWORD),
            full_name="Dimas Prasetyo",
            role=UserRole.creative,
        )
        session.add(user)
        registered = await apps.register_app(
            session,
            name="EJSC Kreatif Hub",
            redirect_uris=[live_site.callback],
            allowed_scopes=["gigs:read", "proposals:write"],
            actor=AuditActor.operator("tests"),
        )
        await session.commit()
    try:
        yield Committed(registered.app.client_id, registered.client_secret, user.email)
    finally:
        async with engine.begin() as conn:
            await conn.execute(delete(PartnerApp).where(PartnerApp.id == registered.app.id))
            await conn.execute(delete(User).where(User.id == user.id))


@pytest.fixture
def browser() -> Iterator[Any]:
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=id"):
        options.add_argument(flag)
    options.add_argument("--window-size=900,1000")
    # An Indonesian browser: the page follows Accept-Language.
    options.add_experimental_option("prefs", {"intl.accept_languages": "id-ID,id"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        yield driver
    finally:
        driver.quit()


def _authorize_url(site: LiveSite, app: Committed, pkce: Pkce, state: str) -> str:
    query = {
        "response_type": "code",
        "client_id": app.client_id,
        "redirect_uri": site.callback,
        "scope": "gigs:read proposals:write",
        "state": state,
        "code_challenge": pkce.challenge,
        "code_challenge_method": "S256",
    }
    return f"{site.api}/oauth/authorize?{urlencode(query)}"


async def _wait_for_callback(driver: Any, site: LiveSite) -> dict[str, str]:
    deadline = time.time() + 20
    while not driver.current_url.startswith(site.callback):
        assert time.time() < deadline, driver.current_url
        await asyncio.sleep(0.1)
    query = urlsplit(driver.current_url).query
    return {k: v[0] for k, v in parse_qs(query).items()}


async def test_a_creative_approves_in_a_real_browser(
    browser: Any, live_site: LiveSite, committed: Committed
) -> None:
    from selenium.webdriver.common.by import By

    driver = browser
    pkce = Pkce()
    driver.get(_authorize_url(live_site, committed, pkce, "kopi-123"))
    assert driver.find_element(By.ID, "app-name").text == "EJSC Kreatif Hub"
    scopes = driver.find_element(By.ID, "scopes").text
    assert "Mengirim dan menarik penawaran atas nama Anda" in scopes
    driver.find_element(By.ID, "email").send_keys(committed.email)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.save_screenshot(str(ARTIFACTS / "consent-page.png"))
    driver.find_element(By.ID, "approve").click()

    back = await _wait_for_callback(driver, live_site)
    assert back["state"] == "kopi-123" and back["code"].startswith("pk_ac_")
    async with httpx.AsyncClient(base_url=live_site.api) as http:
        response = await http.post(
            "/v1/auth/token",
            data={
                "grant_type": "authorization_code",
                "code": back["code"],
                "redirect_uri": live_site.callback,
                "code_verifier": pkce.verifier,
            },
            auth=(committed.client_id, committed.client_secret),
        )
    assert response.status_code == 200, response.text
    assert response.json()["scope"] == "gigs:read proposals:write"


async def test_deny_in_a_real_browser_lands_with_access_denied(
    browser: Any, live_site: LiveSite, committed: Committed
) -> None:
    from selenium.webdriver.common.by import By

    driver = browser
    driver.get(_authorize_url(live_site, committed, Pkce(), "teh-456") + "&lang=en")
    assert "Allow" in driver.find_element(By.TAG_NAME, "h1").text
    driver.save_screenshot(str(ARTIFACTS / "consent-page-en.png"))
    driver.find_element(By.ID, "deny").click()
    back = await _wait_for_callback(driver, live_site)
    assert back == {
        "error": "access_denied",
        "error_description": "The user denied the request",
        "state": "teh-456",
    }
