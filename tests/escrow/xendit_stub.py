"""Xendit at the HTTP layer: respx routes answering like Xendit's documented API (Payment
Requests v3, Refunds, Payouts v2; `Idempotency-key` honoured), and callbacks shaped like its
documented webhooks, sent with the `x-callback-token` header."""

from __future__ import annotations

import base64
import itertools
import json
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import respx

API_BASE = "https://xendit.test"
SECRET_KEY = "xnd_development_pasar_kreatif"
CALLBACK_TOKEN = "xendit-callback-token-pasar-kreatif"

_ids = itertools.count(1)


def _stamp(at: datetime | None = None) -> str:
    return (at or datetime.now(UTC)).isoformat().replace("+00:00", "Z")


class XenditStub:
    """In-memory Xendit: objects by id, responses replayed per Idempotency-key."""

    def __init__(self, router: respx.MockRouter) -> None:
        self.requests: dict[str, dict[str, Any]] = {}
        self.payouts: dict[str, dict[str, Any]] = {}
        self.refunds: dict[str, dict[str, Any]] = {}
        self.by_key: dict[str, dict[str, Any]] = {}
        self.calls: Counter[str] = Counter()
        self.keys: list[str] = []
        self.fail_next: dict[str, tuple[int, dict[str, Any]]] = {}
        router.post(f"{API_BASE}/v3/payment_requests").mock(side_effect=self._create_request)
        router.get(url__regex=rf"{API_BASE}/v3/payment_requests/(?P<pr>[^/]+)$").mock(
            side_effect=self._get_request
        )
        router.post(url__regex=rf"{API_BASE}/v3/payment_requests/(?P<pr>[^/]+)/cancel$").mock(
            side_effect=self._cancel_request
        )
        router.post(f"{API_BASE}/refunds").mock(side_effect=self._create_refund)
        router.post(f"{API_BASE}/v2/payouts").mock(side_effect=self._create_payout)
        router.get(f"{API_BASE}/transactions").mock(side_effect=self._list_transactions)
        # Xendit's Transactions API: what moved, with the fee it kept, in creation order.
        self.transactions: list[dict[str, Any]] = []

    def _idempotent(self, request: httpx.Request, kind: str, build: Any) -> httpx.Response:
        self.calls[kind] += 1
        expected = "Basic " + base64.b64encode(f"{SECRET_KEY}:".encode()).decode()
        assert request.headers["Authorization"] == expected
        if kind in self.fail_next:
            status, error = self.fail_next.pop(kind)
            return httpx.Response(status, json=error)
        key = request.headers.get("Idempotency-key")
        assert key, f"{kind} without Idempotency-key"
        self.keys.append(key)
        if key in self.by_key:
            return httpx.Response(200, json=self.by_key[key])
        self.by_key[key] = build(json.loads(request.content))
        return httpx.Response(200, json=self.by_key[key])

    def _create_request(self, request: httpx.Request) -> httpx.Response:
        assert request.headers["api-version"] == "2024-11-11"

        def build(body: dict[str, Any]) -> dict[str, Any]:
            assert isinstance(body["request_amount"], int) and body["currency"] == "IDR"
            pr = f"pr-{uuid.uuid4()}"
            code = body["channel_code"]
            actions: list[dict[str, str]]
            if code == "QRIS":
                actions = [
                    {
                        "type": "PRESENT_TO_CUSTOMER",
                        "descriptor": "QR_STRING",
                        "value": f"00020101021226660014ID.CO.XENDIT.WWW{next(_ids):06d}6304ABCD",
                    }
                ]
            elif code.endswith("_VIRTUAL_ACCOUNT"):
                actions = [
                    {
                        "type": "PRESENT_TO_CUSTOMER",
                        "descriptor": "VIRTUAL_ACCOUNT_NUMBER",
                        "value": f"381659999{next(_ids):07d}",
                    }
                ]
            else:
                actions = [
                    {
                        "type": "REDIRECT_CUSTOMER",
                        "descriptor": "WEB_URL",
                        "value": f"https://ewallet-mock.xendit.co/{code.lower()}/{pr}",
                    },
                    {
                        "type": "REDIRECT_CUSTOMER",
                        "descriptor": "DEEPLINK_URL",
                        "value": f"{code.lower()}://pay/{pr}",
                    },
                ]
            created = {
                "business_id": "6094fa76c2fd53701b8e079c",
                "reference_id": body["reference_id"],
                "payment_request_id": pr,
                "type": "PAY",
                "country": "ID",
                "currency": "IDR",
                "request_amount": body["request_amount"],
                "capture_method": "AUTOMATIC",
                "channel_code": code,
                "channel_properties": {
                    **body.get("channel_properties", {}),
                    "expires_at": _stamp(datetime.now(UTC) + timedelta(hours=24)),
                },
                "actions": actions,
                "status": "REQUIRES_ACTION",
                "description": body.get("description"),
                "metadata": body.get("metadata"),
                "created": _stamp(),
                "updated": _stamp(),
            }
            self.requests[pr] = created
            return created

        return self._idempotent(request, "payment_requests", build)

    def _get_request(self, request: httpx.Request, pr: str) -> httpx.Response:
        self.calls["get_payment_request"] += 1
        return httpx.Response(200, json=self.requests[pr])

    def _cancel_request(self, request: httpx.Request, pr: str) -> httpx.Response:
        self.calls["cancel_payment_request"] += 1
        self.requests[pr]["status"] = "CANCELED"
        return httpx.Response(200, json=self.requests[pr])

    def _create_refund(self, request: httpx.Request) -> httpx.Response:
        def build(body: dict[str, Any]) -> dict[str, Any]:
            refund = {
                "id": f"rfd-{uuid.uuid4()}",
                "payment_request_id": body["payment_request_id"],
                "reference_id": body["reference_id"],
                "amount": body["amount"],
                "currency": "IDR",
                "status": "PENDING",
                "reason": body["reason"],
            }
            self.refunds[refund["id"]] = refund
            return refund

        return self._idempotent(request, "refunds", build)

    def _create_payout(self, request: httpx.Request) -> httpx.Response:
        def build(body: dict[str, Any]) -> dict[str, Any]:
            assert body["channel_code"].startswith("ID_")
            payout = {
                "id": f"disb-{uuid.uuid4().hex[:24]}",
                "reference_id": body["reference_id"],
                "channel_code": body["channel_code"],
                "channel_properties": body["channel_properties"],
                "amount": body["amount"],
                "currency": "IDR",
                "description": body.get("description"),
                "status": "ACCEPTED",
                "created": _stamp(),
                "updated": _stamp(),
                "business_id": "6094fa76c2fd53701b8e079c",
            }
            self.payouts[payout["id"]] = payout
            return payout

        return self._idempotent(request, "payouts", build)

    def add_transaction(
        self,
        type_: str,
        *,
        reference_id: str | None,
        product_id: str,
        amount: int,
        fee: int,
        channel_code: str = "QRIS",
        status: str = "SUCCESS",
    ) -> dict[str, Any]:
        """A transaction as the Transactions API lists it (fee: Xendit's, and 11 % VAT)."""
        for listed in self.transactions:
            if listed["product_id"] == product_id and listed["type"] == type_:
                return listed
        vat = round(fee * 0.11)
        transaction = {
            "id": f"txn_{uuid.uuid4()}",
            "product_id": product_id,
            "type": type_,
            "status": status,
            "channel_category": "QR_CODE" if channel_code == "QRIS" else "BANK",
            "channel_code": channel_code,
            "reference_id": reference_id,
            "account_identifier": None,
            "currency": "IDR",
            "amount": float(amount),
            "net_amount": float(amount - fee - vat) if type_ == "PAYMENT" else float(amount),
            "cashflow": "MONEY_IN" if type_ == "PAYMENT" else "MONEY_OUT",
            "settlement_status": "SETTLED",
            "estimated_settlement_time": _stamp(),
            "business_id": "6094fa76c2fd53701b8e079c",
            "fee": {
                "xendit_fee": float(fee),
                "value_added_tax": float(vat),
                "xendit_withholding_tax": 0,
                "third_party_withholding_tax": 0,
                "status": "COMPLETED",
            },
            "created": _stamp(),
            "updated": _stamp(),
        }
        self.transactions.append(transaction)
        return transaction

    def _list_transactions(self, request: httpx.Request) -> httpx.Response:
        self.calls["transactions"] += 1
        if "transactions" in self.fail_next:
            status, error = self.fail_next.pop("transactions")
            return httpx.Response(status, json=error)
        params = request.url.params
        low, high = params["created[gte]"], params["created[lte]"]
        limit = int(params.get("limit", "10"))
        listed = [t for t in self.transactions if low <= t["created"] <= high]
        after = params.get("after_id")
        if after:
            listed = listed[[t["id"] for t in listed].index(after) + 1 :]
        page = listed[:limit]
        return httpx.Response(200, json={"data": page, "has_more": len(listed) > limit})

    # What happens on Xendit's side, reported by callbacks.

    def captured(self, pr: str) -> dict[str, Any]:
        request = self.requests[pr]
        request["status"] = "SUCCEEDED"
        payment_id = request.setdefault("payment_id", f"py-{uuid.uuid4()}")
        # QRIS: 0.7 % of the amount (Xendit's published MDR), plus VAT on it.
        self.add_transaction(
            "PAYMENT",
            reference_id=request["reference_id"],
            product_id=payment_id,
            amount=request["request_amount"],
            fee=round(request["request_amount"] * 0.007),
            channel_code=request["channel_code"],
        )
        return {
            "event": "payment.capture",
            "business_id": request["business_id"],
            "created": _stamp(),
            "data": {
                "payment_id": payment_id,
                "business_id": request["business_id"],
                "status": "SUCCEEDED",
                "payment_request_id": pr,
                "request_amount": request["request_amount"],
                "channel_code": request["channel_code"],
                "country": "ID",
                "currency": "IDR",
                "reference_id": request["reference_id"],
                "type": "PAY",
                "created": _stamp(),
                "updated": _stamp(),
            },
        }

    def expired(self, pr: str) -> dict[str, Any]:
        request = self.requests[pr]
        request["status"] = "EXPIRED"
        return {
            "event": "payment_request.expiry",
            "business_id": request["business_id"],
            "created": _stamp(),
            "data": {**request, "status": "EXPIRED"},
        }

    def payout_report(self, payout_id: str, *, failure_code: str | None = None) -> dict[str, Any]:
        payout = self.payouts[payout_id]
        payout["status"] = "FAILED" if failure_code else "SUCCEEDED"
        if not failure_code:
            self.add_transaction(
                "DISBURSEMENT",
                reference_id=payout["reference_id"],
                product_id=payout["id"],
                amount=payout["amount"],
                fee=2_500,
                channel_code=payout["channel_code"],
            )
        data = {**payout}
        if failure_code:
            data["failure_code"] = failure_code
        return {
            "event": "payout.failed" if failure_code else "payout.succeeded",
            "business_id": payout["business_id"],
            "created": _stamp(),
            "data": data,
        }


async def deliver(
    client: httpx.AsyncClient, body: dict[str, Any], *, token: str | None = CALLBACK_TOKEN
) -> httpx.Response:
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["x-callback-token"] = token
    return await client.post("/v1/webhooks/xendit", content=json.dumps(body), headers=headers)
