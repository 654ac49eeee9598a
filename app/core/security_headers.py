"""Response headers that keep personal and financial data out of caches and sniffers.

Every response gets `X-Content-Type-Options: nosniff`. Responses that may carry personal or
financial data get `Cache-Control: no-store`, so no browser, proxy or CDN keeps a copy: every
response to a request with credentials (a bearer token or HTTP Basic client authentication),
and everything under the account, admin, money, token and consent paths even when the request
was refused. In production, `Strict-Transport-Security` tells browsers to use https only.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

PRIVATE_PATH_PREFIXES = (
    "/v1/me",
    "/v1/admin",
    "/v1/auth",
    "/oauth",
    "/v1/contracts",
    "/v1/milestones",
    "/v1/payments",
    "/v1/disputes",
    "/v1/payouts",
    "/v1/creatives/me",
    "/v1/sandbox",
    "/v1/events",
    "/v1/webhook-endpoints",
)
HSTS = b"max-age=31536000; includeSubDomains"


def is_private(scope: Scope) -> bool:
    if any(name == b"authorization" for name, _ in scope["headers"]):
        return True
    path: str = scope["path"]
    return path.startswith(PRIVATE_PATH_PREFIXES)


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        private = is_private(scope)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (name, value)
                    for name, value in message.get("headers", [])
                    if not (private and name.lower() in (b"cache-control", b"pragma"))
                    and name.lower() != b"x-content-type-options"
                ]
                headers.append((b"x-content-type-options", b"nosniff"))
                if private:
                    headers.append((b"cache-control", b"no-store"))
                if self.hsts:
                    headers.append((b"strict-transport-security", HSTS))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
