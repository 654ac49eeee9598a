"""The client's address behind trusted proxies, which the client itself cannot choose.

Each proxy appends the address it received the request from to X-Forwarded-For, so only the
right-hand end of the list is written by hosts we trust: the client's address is the
right-most entry that is not one of FORWARDED_ALLOW_IPS, and anything left of it is whatever
the client sent. With `*` (every peer is a trusted proxy) that is the right-most entry, the
one the proxy in front of us wrote; uvicorn's own handling would take the left-most, which
a client can forge to dodge per-address throttles. X-Forwarded-Proto is honoured likewise.
`pasar serve` turns uvicorn's proxy-header handling off so this is the only one.
"""

from __future__ import annotations

import ipaddress

from starlette.types import ASGIApp, Receive, Scope, Send

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def _networks(trusted: str) -> tuple[bool, list[IPNetwork], set[str]]:
    everyone = False
    networks: list[IPNetwork] = []
    literals: set[str] = set()
    for item in (part.strip() for part in trusted.split(",")):
        if item == "*":
            everyone = True
        elif item:
            try:
                networks.append(ipaddress.ip_network(item, strict=False))
            except ValueError:
                literals.add(item)  # e.g. "unix:" peers
    return everyone, networks, literals


def _host(entry: str) -> str:
    """An X-Forwarded-For entry without a port: `1.2.3.4:5`, `[::1]:5`, `::1`."""
    entry = entry.strip()
    if entry.startswith("["):
        return entry[1 : entry.find("]")] if "]" in entry else entry
    if entry.count(":") == 1:
        return entry.split(":", 1)[0]
    return entry


class ForwardedClientMiddleware:
    def __init__(self, app: ASGIApp, trusted: str) -> None:
        self.app = app
        self.everyone, self.networks, self.literals = _networks(trusted)

    def trusts(self, host: str | None) -> bool:
        if host is None:
            return False
        if self.everyone or host in self.literals:
            return True
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return False
        return any(address in network for network in self.networks)

    def client_host(self, forwarded_for: str) -> str | None:
        hops = [_host(entry) for entry in forwarded_for.split(",") if entry.strip()]
        if not hops:
            return None
        if self.everyone:
            return hops[-1]
        for hop in reversed(hops):
            if not self.trusts(hop):
                return hop
        return hops[0]  # every hop is a trusted proxy: the client is one of them

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            peer = scope.get("client")
            if self.trusts(peer[0] if peer else None):
                headers = dict[bytes, bytes]()
                forwarded_for: list[str] = []
                for name, value in scope["headers"]:
                    if name == b"x-forwarded-for":
                        forwarded_for.append(value.decode("latin-1"))
                    else:
                        headers[name] = value
                proto = headers.get(b"x-forwarded-proto", b"").decode("latin-1").strip()
                if proto in ("http", "https"):
                    scope["scheme"] = (
                        proto if scope["type"] == "http" else proto.replace("http", "ws")
                    )
                host = self.client_host(",".join(forwarded_for)) if forwarded_for else None
                if host:
                    scope["client"] = (host, 0)
        await self.app(scope, receive, send)
