"""Webhook targets and SSRF: an endpoint may only reach public internet addresses.

The URL is checked when it is registered, and the address is checked again on every
connection: the HTTP client resolves the name itself and connects only to the address it
vetted, so a DNS answer that changes after registration (rebinding) cannot reach inside.
Redirects are never followed.
"""

from __future__ import annotations

import functools
import ipaddress
import socket
import ssl
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import anyio
import certifi
import httpcore
import httpx
from httpcore import AsyncNetworkBackend, AsyncNetworkStream

from app.core.config import get_settings
from app.core.errors import Unprocessable

USER_AGENT = "PasarKreatif-Webhooks/1.0"


class UnsafeWebhookUrl(Unprocessable):
    code, title = "unsafe_webhook_url", "The webhook URL must be a public https address"


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def address_allowed(address: IPAddress, *, allow_private: bool) -> bool:
    """Public unicast only; the development setting also admits loopback and private ranges."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_multicast or address.is_unspecified:
        return False
    return allow_private or address.is_global


async def vetted_addresses(host: str, port: int, *, allow_private: bool) -> list[str]:
    """Resolve `host`; every address must be allowed, else the target is refused."""
    try:
        infos = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:  # UnicodeError: a name IDNA cannot encode
        raise UnsafeWebhookUrl(f"Cannot resolve host {host!r}") from exc
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    for text in addresses:
        if not address_allowed(
            ipaddress.ip_address(text.split("%")[0]), allow_private=allow_private
        ):
            raise UnsafeWebhookUrl(f"{host} resolves to a non-public address ({text})")
    if not addresses:
        raise UnsafeWebhookUrl(f"Cannot resolve host {host!r}")
    return addresses


async def check_webhook_url(url: str) -> None:
    """Refuse URLs that are not https (outside development) or that resolve inside."""
    allow_private = get_settings().webhook_allow_private_targets
    parts = urlsplit(url)
    if parts.scheme != "https" and not (allow_private and parts.scheme == "http"):
        raise UnsafeWebhookUrl("Webhook URLs must use https")
    if parts.username or parts.password or parts.fragment:
        raise UnsafeWebhookUrl("Webhook URLs may not contain credentials or a fragment")
    if not parts.hostname:
        raise UnsafeWebhookUrl("Webhook URL has no host")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise UnsafeWebhookUrl("Webhook URL has an invalid port") from exc
    await vetted_addresses(parts.hostname, port, allow_private=allow_private)


class _VettingBackend(AsyncNetworkBackend):
    """Resolves and vets the host, then connects to that exact address (TLS still verifies
    the certificate against the host name)."""

    def __init__(self, allow_private: bool) -> None:
        self._inner = httpcore.AnyIOBackend()
        self._allow_private = allow_private

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore interface)
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> AsyncNetworkStream:
        try:
            addresses = await vetted_addresses(host, port, allow_private=self._allow_private)
        except UnsafeWebhookUrl as exc:
            raise httpcore.ConnectError(exc.detail) from exc
        return await self._inner.connect_tcp(
            addresses[0], port, timeout, local_address, socket_options
        )

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore interface)
        socket_options: Iterable[Any] | None = None,
    ) -> AsyncNetworkStream:
        raise httpcore.ConnectError("Unix sockets are not webhook targets")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


@functools.cache
def _tls_context() -> ssl.SSLContext:
    # Loading the CA bundle costs tens of milliseconds; do it once per process.
    return ssl.create_default_context(cafile=certifi.where())


class _VettingTransport(httpx.AsyncHTTPTransport):
    def __init__(self, *, allow_private: bool, max_connections: int) -> None:
        super().__init__(trust_env=False)
        # httpx has no hook for the network backend; its pool is rebuilt with ours.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=_tls_context(),
            max_connections=max_connections,
            max_keepalive_connections=max_connections,
            keepalive_expiry=30.0,
            network_backend=_VettingBackend(allow_private),
        )


def webhook_client(*, max_connections: int = 50) -> httpx.AsyncClient:
    """The HTTP client deliveries use: vetted addresses, no redirects, no proxies, short
    timeouts."""
    allow_private = get_settings().webhook_allow_private_targets
    return httpx.AsyncClient(
        transport=_VettingTransport(allow_private=allow_private, max_connections=max_connections),
        follow_redirects=False,
        trust_env=False,
        timeout=httpx.Timeout(10.0, connect=5.0),
        headers={"User-Agent": USER_AGENT},
    )
