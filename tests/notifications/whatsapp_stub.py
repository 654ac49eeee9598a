"""Meta's WhatsApp Business Cloud API at the HTTP layer: a respx route answering
`POST /{phone_number_id}/messages` like the documented responses (a `wamid` per message;
error objects with `message`, `type`, `code`, `fbtrace_id`)."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from typing import Any

import httpx
import respx

API_BASE = "https://graph.facebook.test/v21.0"
PHONE_NUMBER_ID = "106540352242922"
ACCESS_TOKEN = "EAAJB-pasar-kreatif-test-token"
SETTINGS = {
    "WHATSAPP_ACCESS_TOKEN": ACCESS_TOKEN,
    "WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
    "WHATSAPP_API_BASE": API_BASE,
}

_ids = itertools.count(1)


def meta_error(code: int, message: str, status: int = 400) -> tuple[int, dict[str, Any]]:
    kind = "OAuthException" if code in (190, 100, 131008, 131009) else "GraphMethodException"
    return status, {
        "error": {
            "message": message,
            "type": kind,
            "code": code,
            "error_data": {"messaging_product": "whatsapp", "details": message},
            "fbtrace_id": "AbCdEfGhIjK",
        }
    }


class WhatsAppStub:
    """What was sent (request bodies in order); `failures` answers the next calls with errors."""

    def __init__(self, router: respx.MockRouter) -> None:
        self.sent: list[dict[str, Any]] = []
        self.failures: list[tuple[int, dict[str, Any]]] = []
        self.route = router.post(f"{API_BASE}/{PHONE_NUMBER_ID}/messages").mock(
            side_effect=self._messages
        )

    def _messages(self, request: httpx.Request) -> httpx.Response:
        assert request.headers["authorization"] == f"Bearer {ACCESS_TOKEN}"
        body = json.loads(request.content)
        if self.failures:
            status, error = self.failures.pop(0)
            return httpx.Response(status, json=error)
        self.sent.append(body)
        wamid = f"wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABEYEjA{next(_ids):06d}"
        return httpx.Response(
            200,
            json={
                "messaging_product": "whatsapp",
                "contacts": [{"input": body["to"], "wa_id": body["to"]}],
                "messages": [{"id": wamid, "message_status": "accepted"}],
            },
        )

    def to(self, number: str) -> list[dict[str, Any]]:
        return [m for m in self.sent if m["to"] == number]

    def templates_to(self, number: str) -> list[str]:
        return [m["template"]["name"] for m in self.to(number)]


def run_stub() -> Iterator[WhatsAppStub]:
    with respx.mock(assert_all_called=False, assert_all_mocked=True) as router:
        yield WhatsAppStub(router)
