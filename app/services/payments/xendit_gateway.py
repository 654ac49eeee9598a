"""Xendit: QRIS, virtual accounts and e-wallets through the Payment Requests API (v3), and
payouts to banks and e-wallets through the Payouts API (v2), over httpx.

Why httpx and not `xendit-python`: the official SDK is generated code on a blocking urllib3
client, with no async API; calling it from this async service would hold the event loop (or
need a thread per call). The REST surface we need is five endpoints, so the adapter speaks it
directly, with the same discipline as the Stripe adapter: every creating call carries an
`Idempotency-key` derived from our row (`fund-<payment id>`, `refund-<refund id>`,
`payout-<payout id>`), `reference_id` is our id, `for-user-id` is sent when
XENDIT_FOR_USER_ID (xenPlatform sub-account) is configured. IDR amounts are whole rupiah at
Xendit, as in our ledger.

Callbacks carry the `x-callback-token` header (compared in constant time with
XENDIT_CALLBACK_TOKEN) and no event id of their own: the stored id is the event name, the
object's id and its status, which is exactly one fact, so a redelivery is stored once.
"""

from __future__ import annotations

import hmac
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar
from urllib.parse import urlencode

import httpx

from app.core.config import Settings
from app.core.json import loads
from app.models import (
    Contract,
    Milestone,
    Payment,
    PaymentMethod,
    PaymentProvider,
    PaymentStatus,
    Payout,
    PayoutAccount,
    Refund,
    RefundStatus,
)
from app.services.payments.gateway import (
    ChargeResult,
    InvalidWebhookSignature,
    OnboardingResult,
    PaymentExpired,
    PaymentFailed,
    PaymentProviderError,
    PaymentSucceeded,
    ProviderEvent,
    RefundFailed,
    RefundResult,
    RefundsSettled,
    ReportedTransaction,
    TransferCreated,
    TransferFailed,
    TransferResult,
    TransferReversed,
    VerifiedWebhook,
)

API_VERSION = "2024-11-11"  # Payment Requests v3, pinned like Stripe's
TIMEOUT = httpx.Timeout(20.0, connect=5.0)
# The Transactions API pages by `after_id` (at most 50 a page); a day of ours is far fewer.
TRANSACTIONS_PAGE, MAX_TRANSACTION_PAGES = 50, 200

_PAYMENT_STATUS = {
    "SUCCEEDED": PaymentStatus.succeeded,
    "FAILED": PaymentStatus.failed,
    "EXPIRED": PaymentStatus.canceled,
    "CANCELED": PaymentStatus.canceled,
}


def channel_code(method: PaymentMethod, channel: str | None) -> str:
    """Our method and channel as Xendit's v3 channel code."""
    if method is PaymentMethod.qris:
        return "QRIS"
    if method is PaymentMethod.va and channel:
        return f"{channel}_VIRTUAL_ACCOUNT"
    if method is PaymentMethod.ewallet and channel:
        return channel
    raise PaymentProviderError(f"Xendit does not take {method.value} payments", permanent=True)


def payout_channel_code(account: PayoutAccount) -> str:
    """Payouts API codes: ID_<bank or e-wallet>, e.g. ID_BCA, ID_OVO."""
    return f"ID_{account.bank_code}"


def instructions_from(request: dict[str, Any], payment: Payment) -> dict[str, Any]:
    """What the payer is shown, from the payment request's `actions`, in our words."""
    shown: dict[str, Any] = {}
    for action in request.get("actions") or []:
        descriptor, value = action.get("descriptor"), action.get("value")
        if not isinstance(value, str):
            continue
        key = {
            "QR_STRING": "qr_string",
            "VIRTUAL_ACCOUNT_NUMBER": "va_number",
            "WEB_URL": "redirect_url",
            "DEEPLINK_URL": "deeplink_url",
        }.get(str(descriptor))
        if key:
            shown[key] = value
    if payment.method is PaymentMethod.va:
        shown["bank"] = payment.channel
    if payment.method is PaymentMethod.ewallet:
        shown["channel"] = payment.channel
    return shown


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _our_id(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def _stamp(at: datetime) -> str:
    return at.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _rupiah(value: Any) -> int:
    """Xendit reports amounts as JSON numbers; IDR has no minor unit."""
    try:
        return round(float(value or 0))
    except (TypeError, ValueError):
        return 0


def _reported_transaction(item: dict[str, Any]) -> ReportedTransaction:
    fee = item.get("fee")
    fee = fee if isinstance(fee, dict) else {}
    return ReportedTransaction(
        transaction_id=str(item["id"]),
        type=str(item.get("type") or ""),
        status=str(item.get("status") or ""),
        reference_id=item.get("reference_id"),
        product_id=item.get("product_id"),
        amount_idr=_rupiah(item.get("amount")),
        # What Xendit kept: its fee and the VAT on it. Withholding taxes are the platform's
        # own tax matter (not deducted from the settlement), so they are not a cost here.
        fee_idr=_rupiah(fee.get("xendit_fee")) + _rupiah(fee.get("value_added_tax")),
        created=_parse_time(item.get("created")) or datetime.now(UTC),
    )


class XenditGateway:
    provider: ClassVar[PaymentProvider] = PaymentProvider.xendit

    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    def _headers(self, idempotency_key: str | None = None) -> dict[str, str]:
        headers = {"api-version": API_VERSION}
        if self._settings.xendit_for_user_id:
            headers["for-user-id"] = self._settings.xendit_for_user_id
        if idempotency_key:
            headers["Idempotency-key"] = idempotency_key
        return headers

    async def _call(
        self, method: str, path: str, *, json: Any = None, idempotency_key: str | None = None
    ) -> dict[str, Any]:
        if not self._settings.xendit_secret_key:
            raise PaymentProviderError("XENDIT_SECRET_KEY is not configured", permanent=True)
        try:
            async with httpx.AsyncClient(
                base_url=self._settings.xendit_api_base,
                auth=(self._settings.xendit_secret_key, ""),
                timeout=TIMEOUT,
            ) as client:
                response = await client.request(
                    method, path, json=json, headers=self._headers(idempotency_key)
                )
        except httpx.HTTPError as error:
            raise PaymentProviderError(f"Xendit: {type(error).__name__}") from error
        if response.status_code >= 400:
            try:
                error_body = response.json()
            except ValueError:
                error_body = {}
            code = str(error_body.get("error_code") or response.status_code)
            # 4xx other than rate limiting and idempotency races: Xendit refused the request.
            permanent = 400 <= response.status_code < 500 and response.status_code not in (
                409,
                429,
            )
            raise PaymentProviderError(
                f"Xendit {code}: {str(error_body.get('message') or '')[:300]}",
                permanent=permanent,
            )
        body: dict[str, Any] = response.json()
        return body

    async def create_charge(
        self, *, payment: Payment, contract: Contract, milestone: Milestone
    ) -> ChargeResult:
        expires_at = datetime.now(UTC) + timedelta(
            minutes=self._settings.local_payment_expiry_minutes
        )
        properties: dict[str, Any] = {}
        if payment.method is PaymentMethod.va:
            properties = {
                "display_name": "Pasar Kreatif",
                "expires_at": expires_at.isoformat().replace("+00:00", "Z"),
            }
        elif payment.method is PaymentMethod.ewallet:
            properties = {
                "success_return_url": self._settings.payment_return_url,
                "failure_return_url": self._settings.payment_return_url,
            }
        elif payment.method is PaymentMethod.qris:
            properties = {"expires_at": expires_at.isoformat().replace("+00:00", "Z")}
        request = await self._call(
            "POST",
            "/v3/payment_requests",
            idempotency_key=f"fund-{payment.id}",
            json={
                "reference_id": str(payment.id),
                "type": "PAY",
                "country": "ID",
                "currency": "IDR",
                "request_amount": payment.amount_idr,
                "capture_method": "AUTOMATIC",
                "channel_code": channel_code(payment.method, payment.channel),
                "channel_properties": properties,
                "description": f"Escrow {contract.title} - {milestone.title}"[:255],
                "metadata": {
                    "payment_id": str(payment.id),
                    "milestone_id": str(milestone.id),
                    "contract_id": str(contract.id),
                },
            },
        )
        return self._charge_result(request, payment, fallback_expiry=expires_at)

    def _charge_result(
        self,
        request: dict[str, Any],
        payment: Payment,
        *,
        fallback_expiry: datetime | None = None,
    ) -> ChargeResult:
        properties = request.get("channel_properties") or {}
        return ChargeResult(
            provider_payment_id=str(request["payment_request_id"]),
            status=_PAYMENT_STATUS.get(str(request.get("status")), PaymentStatus.pending),
            client_secret=None,
            failure_message=request.get("failure_code"),
            instructions=instructions_from(request, payment),
            expires_at=_parse_time(properties.get("expires_at")) or fallback_expiry,
        )

    async def retrieve_charge(self, payment: Payment) -> ChargeResult:
        if payment.provider_payment_id is None:
            raise PaymentProviderError("The payment was never created at Xendit", permanent=True)
        request = await self._call("GET", f"/v3/payment_requests/{payment.provider_payment_id}")
        return self._charge_result(request, payment)

    async def cancel_charge(self, payment: Payment) -> None:
        if payment.provider_payment_id is None:
            return
        await self._call(
            "POST",
            f"/v3/payment_requests/{payment.provider_payment_id}/cancel",
            idempotency_key=f"cancel-{payment.id}",
        )

    async def refund(self, *, refund: Refund, payment: Payment) -> RefundResult:
        if payment.provider_payment_id is None:
            raise PaymentProviderError("The payment was never created at Xendit", permanent=True)
        created = await self._call(
            "POST",
            "/refunds",
            idempotency_key=f"refund-{refund.id}",
            json={
                "payment_request_id": payment.provider_payment_id,
                "reference_id": str(refund.id),
                "amount": refund.amount_idr,
                "currency": "IDR",
                "reason": "REQUESTED_BY_CUSTOMER",
                "metadata": {"refund_id": str(refund.id), "payment_id": str(payment.id)},
            },
        )
        status = {"SUCCEEDED": RefundStatus.succeeded, "FAILED": RefundStatus.failed}.get(
            str(created.get("status")), RefundStatus.pending
        )
        return RefundResult(provider_refund_id=str(created["id"]), status=status)

    async def transfer(
        self,
        *,
        payout: Payout,
        payment: Payment | None,
        account: PayoutAccount,
        transfer_group: str,
    ) -> TransferResult:
        if not (account.bank_code and account.bank_account_number):
            raise PaymentProviderError("The payout account has no destination", permanent=True)
        created = await self._call(
            "POST",
            "/v2/payouts",
            idempotency_key=f"payout-{payout.id}",
            json={
                "reference_id": str(payout.id),
                "channel_code": payout_channel_code(account),
                "channel_properties": {
                    "account_number": account.bank_account_number,
                    "account_holder_name": account.account_holder_name or "",
                },
                "amount": payout.amount_idr,
                "currency": "IDR",
                "description": "Pasar Kreatif payout",
                "metadata": {"payout_id": str(payout.id)},
            },
        )
        # ACCEPTED: the bank has not paid yet; `payout.succeeded` or `payout.failed` follows.
        return TransferResult(
            provider_transfer_id=str(created["id"]),
            settled=str(created.get("status")) == "SUCCEEDED",
        )

    async def list_transactions(
        self, *, start: datetime, end: datetime
    ) -> list[ReportedTransaction]:
        """Every transaction Xendit created in [start, end), following `has_more` pages."""
        listed: list[ReportedTransaction] = []
        after_id: str | None = None
        for _ in range(MAX_TRANSACTION_PAGES):
            params = {
                "created[gte]": _stamp(start),
                "created[lte]": _stamp(end),
                "limit": str(TRANSACTIONS_PAGE),
            }
            if after_id:
                params["after_id"] = after_id
            page = await self._call("GET", "/transactions?" + urlencode(params))
            items = [item for item in page.get("data") or [] if isinstance(item, dict)]
            listed += [t for t in map(_reported_transaction, items) if t.created < end]
            if not page.get("has_more") or not items:
                return listed
            after_id = str(items[-1]["id"])
        raise PaymentProviderError("Xendit: more transactions in one day than we page through")

    async def onboard_payout_account(
        self, *, user_id: uuid.UUID, email: str, account_id: str | None
    ) -> OnboardingResult:
        raise PaymentProviderError("Xendit payouts need no onboarding", permanent=True)

    def verify_webhook(self, payload: bytes, signature: str | None) -> VerifiedWebhook:
        expected = self._settings.xendit_callback_token
        if (
            not expected
            or not signature
            or not hmac.compare_digest(signature.encode(), expected.encode())
        ):
            raise InvalidWebhookSignature("Missing or wrong x-callback-token")
        try:
            event = loads(payload)
        except ValueError as error:
            raise InvalidWebhookSignature("The payload is not JSON") from error
        data = event.get("data") if isinstance(event, dict) else None
        if not isinstance(data, dict) or not isinstance(event.get("event"), str):
            raise InvalidWebhookSignature("The payload is not a Xendit callback")
        object_id = data.get("payment_id") or data.get("payment_request_id") or data.get("id")
        if not object_id:
            raise InvalidWebhookSignature("The callback names no object")
        event_id = f"{event['event']}:{object_id}:{data.get('status')}"
        return VerifiedWebhook(event_id[:255], str(event["event"])[:100], event)

    def interpret(self, event_type: str, payload: dict[str, Any]) -> ProviderEvent | None:
        data: dict[str, Any] = payload.get("data") or {}
        if event_type.startswith("payout."):
            return self._payout_event(event_type.removeprefix("payout."), data)
        match event_type:
            case "payment.capture":
                return PaymentSucceeded(
                    provider_payment_id=str(data["payment_request_id"]),
                    payment_id=_our_id(data.get("reference_id")),
                    charge_id=data.get("payment_id"),
                    amount_idr=int(data.get("captured_amount") or data["request_amount"]),
                )
            case "payment.failure":
                return PaymentFailed(
                    provider_payment_id=str(data["payment_request_id"]),
                    payment_id=_our_id(data.get("reference_id")),
                    code=str(data.get("failure_code") or "failed")[:100],
                    message=str(data.get("failure_code") or "payment failed")[:500],
                )
            case "payment_request.expiry":
                return PaymentExpired(
                    provider_payment_id=str(data["payment_request_id"]),
                    payment_id=_our_id(data.get("reference_id")),
                )
            case "refund.succeeded":
                return RefundsSettled(
                    provider_payment_id=str(data["payment_request_id"]),
                    refunded_total_idr=int(data["amount"]),
                )
            case "refund.failed":
                return RefundFailed(
                    provider_refund_id=str(data["id"]),
                    refund_id=_our_id(data.get("reference_id")),
                    message=str(data.get("failure_code") or "refund failed")[:500],
                )
        return None

    @staticmethod
    def _payout_event(outcome: str, data: dict[str, Any]) -> ProviderEvent | None:
        # Xendit's `payout.<outcome>` names (matched by outcome: `payout.failed` is also the
        # name of our own event type, whose registry is the only place it may be spelled).
        payout_id = _our_id(data.get("reference_id"))
        match outcome:
            case "succeeded":
                return TransferCreated(str(data["id"]), payout_id)
            case "failed":
                reason = str(data.get("failure_code") or "payout failed")[:500]
                return TransferFailed(str(data["id"]), payout_id, reason)
            case "reversed":
                return TransferReversed(str(data["id"]), payout_id)
        return None
