"""`/docs` and `/redoc` render in headless Chromium with every outside host unreachable.

Needs Debian's chromium and chromium-driver (installed by CI, never by the test); skipped,
saying so, where absent. Every request the page makes is read from Chromium's performance log:
none may leave loopback.
"""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import uvicorn

from app.main import create_app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="needs Debian chromium and chromium-driver (apt-get install chromium chromium-driver)",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def api() -> Iterator[str]:
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
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def offline_browser() -> Iterator[Any]:
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    # An offline machine: every name but loopback fails to resolve.
    options.add_argument("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def _requested_hosts(driver: Any) -> set[str]:
    """Hosts the page sent requests to; one the page's CSP blocked never left the browser."""
    sent: dict[str, str] = {}
    blocked: set[str] = set()
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        params = message["params"]
        if message["method"] == "Network.requestWillBeSent":
            url = params["request"]["url"]
            if url.startswith(("http:", "https:", "ws:", "wss:")):
                sent[params["requestId"]] = urlsplit(url).hostname or ""
        elif message["method"] == "Network.loadingFailed" and params.get("blockedReason"):
            blocked.add(params["requestId"])
    return {host for request_id, host in sent.items() if request_id not in blocked}


def _wait_for(driver: Any, css: str) -> list[Any]:
    from selenium.webdriver.common.by import By

    deadline = time.time() + 30
    while time.time() < deadline:
        found = driver.find_elements(By.CSS_SELECTOR, css)
        if found:
            return list(found)
        time.sleep(0.2)
    raise AssertionError(f"{css} never rendered; page: {driver.page_source[:500]}")


def test_swagger_ui_lists_the_operations_offline(api: str, offline_browser: Any) -> None:
    offline_browser.get(f"{api}/docs")
    operations = _wait_for(offline_browser, ".opblock-summary-path")
    paths = {op.get_attribute("data-path") for op in operations}
    assert "/v1/gigs" in paths and "/v1/auth/token" in paths
    assert _requested_hosts(offline_browser) == {"127.0.0.1"}


def test_redoc_lists_the_operations_offline(api: str, offline_browser: Any) -> None:
    offline_browser.get(f"{api}/redoc")
    _wait_for(offline_browser, "[data-section-id^='tag/']")
    assert "Gig postings and search" in offline_browser.page_source
    assert _requested_hosts(offline_browser) == {"127.0.0.1"}
