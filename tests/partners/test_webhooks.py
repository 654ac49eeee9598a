"""Webhook endpoints and the worker's delivery: signing, retries, SSRF, disabling."""

from __future__ import annotations

import ipaddress
import json
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from app.models import DeliveryStatus, Event, WebhookDelivery, WebhookEndpoint
from app.services.events import record_event
from app.services.partners.delivery import (
    DISABLE_AFTER_FAILURES,
    deliver_due_webhooks,
    fan_out_events,
    retry_delay,
)
from app.services.partners.targets import address_allowed, webhook_client
from tests.factories import Creative
from tests.helpers import Actor, assert_problem, signup
from tests.partners.kit import Receiver, RegisteredApp, bearer, connect, verify_signature


async def _event(session: AsyncSession, type_: str, *audience: uuid.UUID) -> Event:
    return await record_event(
        session,
        type=type_,
        subject_type=type_.split(".")[0],
        subject_id=uuid.uuid4(),
        actor_user_id=None,
        audience=audience,
        payload={"price_idr": 2_500_000},
    )


async def _endpoint(
    client: httpx.AsyncClient, headers: dict[str, str], url: str, events: list[str]
) -> dict[str, str]:
    response = await client.post(
        "/v1/webhook-endpoints", json={"url": url, "events": events}, headers=headers
    )
    assert response.status_code == 201, response.text
    body: dict[str, str] = response.json()
    return body


async def _deliver(session: AsyncSession) -> int:
    await fan_out_events(session)
    return await deliver_due_webhooks(session)


async def test_a_users_own_endpoint_gets_signed_events_and_records_attempts(
    client: httpx.AsyncClient, session: AsyncSession, creative: Creative, receiver: Receiver
) -> None:
    endpoint = await _endpoint(client, creative.headers, receiver.url, ["*"])
    assert endpoint["signing_secret"].startswith("whsec_")
    assert endpoint["client_id"] is None and endpoint["user_id"] == str(creative.user_id)
    listed = (await client.get("/v1/webhook-endpoints", headers=creative.headers)).json()["data"]
    assert [e["id"] for e in listed] == [endpoint["id"]] and "signing_secret" not in listed[0]

    event = await _event(session, "proposal.shortlisted", creative.user_id)
    await _event(session, "proposal.shortlisted", uuid.uuid4())  # someone else's
    assert await _deliver(session) == 1
    [received] = receiver.requests
    assert received.headers["content-type"] == "application/json"
    assert received.headers["pasar-event-id"] == str(event.id)
    assert received.headers["pasar-delivery-attempt"] == "1"
    assert verify_signature(
        endpoint["signing_secret"], received.headers["pasar-signature"], received.body
    )
    assert json.loads(received.body)["data"] == {"price_idr": 2_500_000}

    deliveries = await client.get(
        f"/v1/webhook-endpoints/{endpoint['id']}/deliveries", headers=creative.headers
    )
    [delivery] = deliveries.json()["data"]
    assert delivery["status"] == "succeeded" and delivery["event_type"] == "proposal.shortlisted"
    assert [a["status_code"] for a in delivery["attempts"]] == [200]

    # Manual redelivery sends the same event (same id) again.
    response = await client.post(
        f"/v1/webhook-endpoints/{endpoint['id']}/deliveries/{delivery['id']}/redeliver",
        headers=creative.headers,
    )
    assert response.status_code == 202 and response.json()["status"] == "pending"
    assert await deliver_due_webhooks(session) == 1
    assert [r.headers["pasar-event-id"] for r in receiver.requests] == [str(event.id)] * 2
    assert receiver.requests[1].headers["pasar-delivery-attempt"] == "2"


async def test_failures_are_retried_with_backoff_and_every_attempt_recorded(
    client: httpx.AsyncClient, session: AsyncSession, creative: Creative, receiver: Receiver
) -> None:
    endpoint = await _endpoint(client, creative.headers, receiver.url, ["proposal.accepted"])
    await _event(session, "proposal.accepted", creative.user_id)
    receiver.status = 503
    assert await _deliver(session) == 1
    delivery = await session.scalar(
        select(WebhookDelivery).execution_options(populate_existing=True)
    )
    assert delivery is not None and delivery.status is DeliveryStatus.pending
    assert delivery.next_attempt_at is not None
    wait = delivery.next_attempt_at - datetime.now(UTC)
    assert timedelta(seconds=10) < wait <= timedelta(seconds=30)
    assert await deliver_due_webhooks(session) == 0  # not due yet

    receiver.status, receiver.location = 302, "https://contoh.id/lain"
    await session.execute(update(WebhookDelivery).values(next_attempt_at=datetime.now(UTC)))
    assert await deliver_due_webhooks(session) == 1  # a redirect is a failure, not followed
    receiver.status, receiver.location = 200, None
    await session.execute(update(WebhookDelivery).values(next_attempt_at=datetime.now(UTC)))
    assert await deliver_due_webhooks(session) == 1

    response = await client.get(
        f"/v1/webhook-endpoints/{endpoint['id']}/deliveries", headers=creative.headers
    )
    [delivery_read] = response.json()["data"]
    assert delivery_read["status"] == "succeeded" and delivery_read["attempt_count"] == 3
    attempts = delivery_read["attempts"]
    assert [a["status_code"] for a in attempts] == [503, 302, 200]
    assert "redirects are not followed" in attempts[1]["error"]
    assert len(receiver.requests) == 3


def test_backoff_grows_exponentially_with_jitter_up_to_twelve_hours() -> None:
    for attempt, ceiling in [(1, 30), (2, 60), (5, 480), (11, 30720), (30, 43200)]:
        delays = {retry_delay(attempt).total_seconds() for _ in range(20)}
        assert all(ceiling / 2 <= d <= ceiling for d in delays), (attempt, delays)
        assert len(delays) > 1  # jittered


async def test_delivery_gives_up_after_three_days(
    client: httpx.AsyncClient, session: AsyncSession, creative: Creative, receiver: Receiver
) -> None:
    await _endpoint(client, creative.headers, receiver.url, ["proposal.accepted"])
    await _event(session, "proposal.accepted", creative.user_id)
    await fan_out_events(session)
    await session.execute(
        update(WebhookDelivery).values(created_at=datetime.now(UTC) - timedelta(days=3, minutes=1))
    )
    receiver.status = 500
    assert await deliver_due_webhooks(session) == 1
    delivery = await session.scalar(
        select(WebhookDelivery).execution_options(populate_existing=True)
    )
    assert delivery is not None
    assert delivery.status is DeliveryStatus.failed and delivery.next_attempt_at is None


async def test_an_endpoint_failing_for_days_is_disabled_with_a_notice(
    client: httpx.AsyncClient,
    session: AsyncSession,
    partner: RegisteredApp,
    creative: Creative,
    receiver: Receiver,
) -> None:
    token = await connect(client, partner, creative.actor, scope="proposals:read webhooks:manage")
    headers = bearer(token["access_token"])
    endpoint = await _endpoint(client, headers, receiver.url, ["proposal.accepted"])
    await session.execute(
        update(WebhookEndpoint).values(
            consecutive_failures=DISABLE_AFTER_FAILURES - 1,
            failing_since=datetime.now(UTC) - timedelta(days=3, hours=1),
        )
    )
    await _event(session, "proposal.accepted", creative.user_id)
    receiver.status = 500
    assert await _deliver(session) == 1

    [read] = (await client.get("/v1/webhook-endpoints", headers=headers)).json()["data"]
    assert read["status"] == "disabled" and "failed deliveries" in read["disabled_reason"]
    await _event(session, "proposal.accepted", creative.user_id)
    assert await _deliver(session) == 0  # nothing is queued for a disabled endpoint
    notice = await client.get(
        "/v1/events", params={"types": "webhook_endpoint.disabled"}, headers=headers
    )
    [event] = notice.json()["data"]
    assert event["data"]["endpoint_id"] == endpoint["id"]

    response = await client.post(f"/v1/webhook-endpoints/{endpoint['id']}/enable", headers=headers)
    assert response.status_code == 200 and response.json()["status"] == "enabled"
    receiver.status = 200
    assert await deliver_due_webhooks(session) == 1  # the waiting delivery is due at once
    assert len(receiver.requests) == 2


@pytest.mark.parametrize(
    ("address", "allowed"),
    [
        ("64:ff9b::5db8:d70e", True),  # NAT64 of 93.184.215.14 (public)
        ("2002:5db8:d70e::1", True),  # 6to4 of a public address
        ("::ffff:93.184.215.14", True),
        ("2606:4700:4700::1111", True),  # ordinary public IPv6
        ("64:ff9b::c0a8:0101", False),  # NAT64 of 192.168.1.1
        ("64:ff9b::7f00:1", False),  # NAT64 of 127.0.0.1
        ("2002:0a00:0001::", False),  # 6to4 of 10.0.0.1
        ("2002:a9fe:a9fe::", False),  # 6to4 of 169.254.169.254
        ("::169.254.169.254", False),  # IPv4-compatible
        ("::ffff:169.254.169.254", False),
        ("64:ff9b:1::5db8:d70e", False),  # local-use NAT64: a site's own translator
        ("::1", False),
        ("::", False),
    ],
)
def test_ipv6_forms_are_judged_by_the_ipv4_address_they_carry(address: str, allowed: bool) -> None:
    assert address_allowed(ipaddress.ip_address(address), allow_private=False) is allowed


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://localhost/hook",
        "https://10.1.2.3/hook",
        "https://192.168.1.10/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        # IPv6 transition forms embedding a non-public IPv4 address.
        "https://[64:ff9b::a9fe:a9fe]/latest/meta-data",  # NAT64 of 169.254.169.254
        "https://[64:ff9b::10.0.0.1]/hook",
        "https://[2002:c0a8:010a::1]/hook",  # 6to4 of 192.168.1.10
        "https://[2002:7f00:1::]/hook",  # 6to4 of 127.0.0.1
        "https://[::10.1.2.3]/hook",  # IPv4-compatible
        "https://[::ffff:10.1.2.3]/hook",  # IPv4-mapped
        "https://[64:ff9b:1::a01:203]/hook",  # local-use NAT64 prefix
        "https://0.0.0.0/hook",
        "http://93.184.215.14/hook",  # public, but not https
        "https://user:pw@93.184.215.14/hook",
        # Host names no resolver accepts (IDNA refuses them); the deep fuzz run found a 500.
        "https://\u00fe\U0001f3fb\uca7a\u00b8\U000fb1c5qj",
        "https://pasar..kreatif.id/hook",
        "https://" + "a" * 64 + ".id/hook",
    ],
)
async def test_private_or_unsafe_webhook_urls_are_refused(
    client: httpx.AsyncClient, creative: Creative, url: str
) -> None:
    assert not get_settings().webhook_allow_private_targets
    response = await client.post(
        "/v1/webhook-endpoints", json={"url": url, "events": ["*"]}, headers=creative.headers
    )
    assert_problem(response, 422, "unsafe_webhook_url")


async def test_the_address_is_checked_again_when_connecting(
    monkeypatch: pytest.MonkeyPatch, receiver: Receiver
) -> None:
    """A name that resolved to a public address at registration but points inside later
    (DNS rebinding) is refused by the delivery client itself."""
    async with webhook_client() as allowed:
        assert (await allowed.post(receiver.url, content=b"{}")).status_code == 200
    monkeypatch.setattr(get_settings(), "webhook_allow_private_targets", False)
    async with webhook_client() as guarded:
        with pytest.raises(httpx.ConnectError, match="non-public address"):
            await guarded.post(receiver.url, content=b"{}")
    assert len(receiver.requests) == 1


async def test_subscriptions_are_limited_by_scope_and_known_types(
    client: httpx.AsyncClient, partner: RegisteredApp, creative: Creative, private_targets: None
) -> None:
    token = await connect(client, partner, creative.actor, scope="proposals:read webhooks:manage")
    headers = bearer(token["access_token"])
    url = "http://127.0.0.1:9/hook"
    response = await client.post(
        "/v1/webhook-endpoints", json={"url": url, "events": ["contract.created"]}, headers=headers
    )
    assert_problem(response, 403, "insufficient_scope")
    response = await client.post(
        "/v1/webhook-endpoints", json={"url": url, "events": ["proposal.eaten"]}, headers=headers
    )
    assert_problem(response, 422, "unknown_event_type")
    without_scope = await connect(client, partner, creative.actor, scope="proposals:read")
    response = await client.post(
        "/v1/webhook-endpoints",
        json={"url": url, "events": ["proposal.accepted"]},
        headers=bearer(without_scope["access_token"]),
    )
    assert_problem(response, 403, "insufficient_scope")


async def test_endpoints_are_private_to_their_owner(
    client: httpx.AsyncClient, partner: RegisteredApp, creative: Creative, private_targets: None
) -> None:
    endpoint = await _endpoint(client, creative.headers, "http://127.0.0.1:9/hook", ["*"])
    stranger: Actor = await signup(client, "creative")
    app_token = await client.post(
        "/v1/auth/token", data={"grant_type": "client_credentials"}, auth=partner.basic_auth
    )
    path = f"/v1/webhook-endpoints/{endpoint['id']}"
    for headers in (stranger.headers, bearer(app_token.json()["access_token"])):
        assert (await client.get("/v1/webhook-endpoints", headers=headers)).json()["data"] == []
        response = await client.get(f"{path}/deliveries", headers=headers)
        assert_problem(response, 404, "webhook_endpoint_not_found")
        assert_problem(await client.delete(path, headers=headers), 404)
    assert_problem(await client.get("/v1/webhook-endpoints"), 401)
    assert (await client.delete(path, headers=creative.headers)).status_code == 204
    assert (await client.get("/v1/webhook-endpoints", headers=creative.headers)).json()[
        "data"
    ] == []


async def test_at_most_ten_endpoints_per_owner(
    client: httpx.AsyncClient, creative: Creative, private_targets: None
) -> None:
    for n in range(10):
        await _endpoint(client, creative.headers, f"http://127.0.0.1:9/hook/{n}", ["*"])
    response = await client.post(
        "/v1/webhook-endpoints",
        json={"url": "http://127.0.0.1:9/hook/11", "events": ["*"]},
        headers=creative.headers,
    )
    assert_problem(response, 409, "webhook_endpoint_limit")


async def test_an_app_endpoint_stops_receiving_a_creatives_events_when_disconnected(
    client: httpx.AsyncClient,
    session: AsyncSession,
    partner: RegisteredApp,
    creative: Creative,
    receiver: Receiver,
) -> None:
    await connect(client, partner, creative.actor)
    app_token = await client.post(
        "/v1/auth/token", data={"grant_type": "client_credentials"}, auth=partner.basic_auth
    )
    await _endpoint(
        client, bearer(app_token.json()["access_token"]), receiver.url, ["proposal.accepted"]
    )
    await _event(session, "proposal.accepted", creative.user_id)
    assert await _deliver(session) == 1
    await client.delete(f"/v1/me/connected-apps/{partner.client_id}", headers=creative.headers)
    await _event(session, "proposal.accepted", creative.user_id)
    assert await _deliver(session) == 0
