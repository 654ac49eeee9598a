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

# IPv6 forms that carry an IPv4 address a gateway will connect to: a NAT64 address to
# 10.0.0.1 or a 6to4 address of 169.254.169.254 reaches that IPv4 host, so it is judged by it.
NAT64_WELL_KNOWN = ipaddress.IPv6Network("64:ff9b::/96")  # RFC 6052
NAT64_LOCAL_USE = ipaddress.IPv6Network("64:ff9b:1::/48")  # RFC 8215: site-local translators
IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")  # RFC 4291, deprecated ::a.b.c.d


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv4-mapped, IPv4-compatible, NAT64 or 6to4 address stands for."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in NAT64_WELL_KNOWN or address in IPV4_COMPATIBLE:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def address_allowed(address: IPAddress, *, allow_private: bool) -> bool:
    """Public unicast only; the development setting also admits loopback and private ranges."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.is_unspecified or address.is_loopback:
            return allow_private and address.is_loopback
        if address in NAT64_LOCAL_USE:
            return allow_private
        embedded = embedded_ipv4(address)
        if embedded is not None:
            address = embedded
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
