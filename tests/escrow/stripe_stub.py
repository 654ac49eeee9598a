"""Stripe at the HTTP layer: respx routes answering like Stripe's API (PaymentIntent, Refund,
Transfer, Account objects; idempotency keys honoured), and webhook payloads signed with
Stripe's real scheme (`t=<unix>,v1=<HMAC-SHA256 of "t.payload">`)."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from collections import Counter
from typing import Any
from urllib.parse import parse_qsl

import httpx
import respx

API_BASE = "https://stripe.test"
API_KEY = "sk_test_pasar_kreatif"
WEBHOOK_SECRET = "whsec_pasar_kreatif_test_secret"

_ids = itertools.count(1)


def _form(request: httpx.Request) -> dict[str, str]:
    return dict(parse_qsl(request.content.decode(), keep_blank_values=True))


def _metadata(form: dict[str, str]) -> dict[str, str]:
    return {k[len("metadata[") : -1]: v for k, v in form.items() if k.startswith("metadata[")}


class StripeStub:
    """In-memory Stripe: objects by id, responses replayed per Idempotency-Key like Stripe."""

    def __init__(self, router: respx.MockRouter) -> None:
        self.router = router
        self.intents: dict[str, dict[str, Any]] = {}
        self.refunds: dict[str, dict[str, Any]] = {}
        self.transfers: dict[str, dict[str, Any]] = {}
        self.accounts: dict[str, dict[str, Any]] = {}
        self.by_key: dict[str, dict[str, Any]] = {}
        self.calls: Counter[str] = Counter()
        self.keys: list[str] = []
        self.fail_next: dict[str, tuple[int, dict[str, Any]]] = {}
        # Kinds whose responses are lost on the way back: Stripe acts, we never hear it.
        self.lose_responses: set[str] = set()
        router.post(f"{API_BASE}/v1/payment_intents").mock(side_effect=self._create_intent)
        router.get(url__regex=rf"{API_BASE}/v1/payment_intents/(?P<pi>[^/]+)$").mock(
            side_effect=self._get_intent
        )
        router.post(f"{API_BASE}/v1/refunds").mock(side_effect=self._create_refund)
        router.post(f"{API_BASE}/v1/transfers").mock(side_effect=self._create_transfer)
        router.post(f"{API_BASE}/v1/accounts").mock(side_effect=self._create_account)
        router.get(url__regex=rf"{API_BASE}/v1/accounts/(?P<acct>[^/]+)$").mock(
            side_effect=self._get_account
        )
        router.post(f"{API_BASE}/v1/account_links").mock(side_effect=self._account_link)

    def _idempotent(self, request: httpx.Request, kind: str, build: Any) -> httpx.Response:
        self.calls[kind] += 1
        if kind in self.fail_next:
            status, error = self.fail_next.pop(kind)
            return httpx.Response(status, json={"error": error})
        key = request.headers.get("Idempotency-Key")
        assert request.headers["Authorization"] == f"Bearer {API_KEY}"
        assert request.headers["Stripe-Version"]
        if key:
            self.keys.append(key)
            if key in self.by_key and kind not in self.lose_responses:
                return httpx.Response(
                    200, json=self.by_key[key], headers={"Idempotent-Replayed": "true"}
                )
            obj = self.by_key[key] if key in self.by_key else build(_form(request))
        else:
            obj = build(_form(request))
        if key:
            self.by_key[key] = obj
        if kind in self.lose_responses:
            raise httpx.ReadTimeout("connection lost after Stripe answered", request=request)
        return httpx.Response(200, json=obj)

    def _create_intent(self, request: httpx.Request) -> httpx.Response:
        def build(form: dict[str, str]) -> dict[str, Any]:
            pi = f"pi_{next(_ids):06d}"
            intent = {
                "id": pi,
                "object": "payment_intent",
                "amount": int(form["amount"]),
                "amount_received": 0,
                "currency": form["currency"],
                "status": "requires_payment_method",
                "client_secret": f"{pi}_secret_{next(_ids)}",
                "transfer_group": form.get("transfer_group"),
                "latest_charge": None,
                "last_payment_error": None,
                "metadata": _metadata(form),
                "livemode": False,
            }
            self.intents[pi] = intent
            return intent

        return self._idempotent(request, "payment_intents", build)

    def _get_intent(self, request: httpx.Request, pi: str) -> httpx.Response:
        self.calls["retrieve_intent"] += 1
        return httpx.Response(200, json=self.intents[pi])

    def _create_refund(self, request: httpx.Request) -> httpx.Response:
        def build(form: dict[str, str]) -> dict[str, Any]:
            refund = {
                "id": f"re_{next(_ids):06d}",
                "object": "refund",
                "amount": int(form["amount"]),
                "currency": "idr",
                "payment_intent": form["payment_intent"],
                "status": "pending",
                "reason": form.get("reason"),
                "metadata": _metadata(form),
            }
            self.refunds[refund["id"]] = refund
            return refund

        return self._idempotent(request, "refunds", build)

    def _create_transfer(self, request: httpx.Request) -> httpx.Response:
        def build(form: dict[str, str]) -> dict[str, Any]:
            transfer = {
                "id": f"tr_{next(_ids):06d}",
                "object": "transfer",
                "amount": int(form["amount"]),
                "currency": form["currency"],
                "destination": form["destination"],
                "source_transaction": form.get("source_transaction"),
                "transfer_group": form.get("transfer_group"),
                "reversed": False,
                "metadata": _metadata(form),
            }
            self.transfers[transfer["id"]] = transfer
            return transfer

        return self._idempotent(request, "transfers", build)

    def _create_account(self, request: httpx.Request) -> httpx.Response:
        def build(form: dict[str, str]) -> dict[str, Any]:
            account = {
                "id": f"acct_{next(_ids):06d}",
                "object": "account",
                "type": form["type"],
                "country": form["country"],
                "email": form.get("email"),
                "payouts_enabled": False,
                "charges_enabled": False,
                "metadata": _metadata(form),
            }
            self.accounts[account["id"]] = account
            return account

        return self._idempotent(request, "accounts", build)

    def _get_account(self, request: httpx.Request, acct: str) -> httpx.Response:
        return httpx.Response(200, json=self.accounts[acct])

    def _account_link(self, request: httpx.Request) -> httpx.Response:
        form = _form(request)
        return httpx.Response(
            200,
            json={
                "object": "account_link",
                "url": f"https://connect.stripe.com/setup/e/{form['account']}/onboard",
                "expires_at": int(time.time()) + 300,
            },
        )

    # What Stripe does on its side, reported through events.

    def pay(self, pi: str) -> dict[str, Any]:
        """The owner's card payment succeeds: the intent and its charge."""
        intent = self.intents[pi]
        intent.update(
            status="succeeded",
            amount_received=intent["amount"],
            latest_charge=f"ch_{pi[3:]}",
        )
        return intent

    def decline(self, pi: str) -> dict[str, Any]:
        intent = self.intents[pi]
        intent.update(
            status="requires_payment_method",
            last_payment_error={"code": "card_declined", "message": "Your card was declined."},
        )
        return intent


def event(event_type: str, obj: dict[str, Any], *, event_id: str | None = None) -> dict[str, Any]:
    return {
        "id": event_id or f"evt_{next(_ids):08d}",
        "object": "event",
        "api_version": "2026-10-28.endive",
        "created": int(time.time()),
        "type": event_type,
        "livemode": False,
        "pending_webhooks": 1,
        "data": {"object": obj},
    }


def signed(payload: bytes, *, secret: str = WEBHOOK_SECRET, at: int | None = None) -> str:
    """A `Stripe-Signature` header the way Stripe computes it."""
    timestamp = at if at is not None else int(time.time())
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


async def deliver(
    client: httpx.AsyncClient, body: dict[str, Any], *, at: int | None = None
) -> httpx.Response:
    """POST a signed event to our webhook endpoint."""
    payload = json.dumps(body).encode()
    return await client.post(
        "/v1/webhooks/stripe",
        content=payload,
        headers={"Stripe-Signature": signed(payload, at=at), "Content-Type": "application/json"},
    )
