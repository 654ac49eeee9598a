"""Signing secrets are stored (encrypted), so the worker process signs with the secret the API
process returned, also across a SECRET_KEY rotation."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import Settings, get_settings
from app.core.encryption import SecretUndecryptable
from app.core.event_types import EventType
from app.models import WebhookEndpoint
from app.services.events import record_event
from app.services.partners.delivery import deliver_due_webhooks, fan_out_events
from app.services.partners.webhooks import reencrypt_signing_secrets
from tests.factories import Creative
from tests.partners.kit import Receiver, verify_signature


@pytest.fixture
def restart_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], Settings]]:
    """Re-read Settings from the environment as a freshly started process (the worker) does."""
    monkeypatch.delenv("SECRET_KEY", raising=False)

    def restart() -> Settings:
        get_settings.cache_clear()
        settings = get_settings()
        monkeypatch.setattr(settings, "webhook_allow_private_targets", True)
        return settings

    yield restart
    get_settings.cache_clear()


def _use_keys(monkeypatch: pytest.MonkeyPatch, current: str, previous: str = "") -> Settings:
    settings = get_settings()
    monkeypatch.setattr(settings, "secret_key", current)
    monkeypatch.setattr(settings, "secret_key_previous", previous)
    return settings


async def _create_endpoint(client: httpx.AsyncClient, creative: Creative, url: str) -> str:
    response = await client.post(
        "/v1/webhook-endpoints",
        json={"url": url, "events": ["proposal.shortlisted"]},
        headers=creative.headers,
    )
    assert response.status_code == 201, response.text
    secret: str = response.json()["signing_secret"]
    return secret


async def _deliver_one(session: AsyncSession, creative: Creative) -> None:
    await record_event(
        session,
        type=EventType.proposal_shortlisted,
        subject_type="proposal",
        subject_id=uuid.uuid4(),
        actor_user_id=None,
        audience=(creative.user_id,),
        payload={"price_idr": 1_500_000},
    )
    await fan_out_events(session)
    assert await deliver_due_webhooks(session) == 1


async def test_a_delivery_signed_by_another_process_verifies_with_the_returned_secret(
    client: httpx.AsyncClient,
    session: AsyncSession,
    creative: Creative,
    receiver: Receiver,
    restart_settings: Callable[[], Settings],
) -> None:
    api_key = restart_settings().secret_key  # the API process, no SECRET_KEY set
    secret = await _create_endpoint(client, creative, receiver.url)
    stored = await session.scalar(select(WebhookEndpoint.signing_secret_encrypted))
    assert stored is not None and secret not in stored  # encrypted at rest

    assert restart_settings().secret_key == api_key  # the worker process
    await _deliver_one(session, creative)
    [received] = receiver.requests
    assert verify_signature(secret, received.headers["pasar-signature"], received.body)


async def test_rotating_secret_key_keeps_existing_endpoints_verifiable(
    client: httpx.AsyncClient,
    session: AsyncSession,
    creative: Creative,
    receiver: Receiver,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _use_keys(monkeypatch, "kunci-lama-" + "a" * 32)
    secret = await _create_endpoint(client, creative, receiver.url)

    _use_keys(monkeypatch, "kunci-baru-" + "b" * 32, previous="kunci-lama-" + "a" * 32)
    await _deliver_one(session, creative)
    assert await reencrypt_signing_secrets(session) == 1

    _use_keys(monkeypatch, "kunci-baru-" + "b" * 32)  # the previous key is gone now
    await _deliver_one(session, creative)
    assert all(
        verify_signature(secret, r.headers["pasar-signature"], r.body) for r in receiver.requests
    )
    assert len(receiver.requests) == 2

    _use_keys(monkeypatch, "kunci-salah-" + "c" * 32)  # a wrong key fails loudly, not silently
    with pytest.raises(SecretUndecryptable):
        await _deliver_one(session, creative)
