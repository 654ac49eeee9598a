from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from app.services.accounts import create_admin
from tests.factories import NEW_CREATIVE, Creative, make_creative
from tests.helpers import PASSWORD, Actor, login, signup
from tests.partners.kit import Receiver, RegisteredApp, register_app


@pytest.fixture
def private_targets(monkeypatch: pytest.MonkeyPatch) -> None:
    """The development setting that lets webhooks reach 127.0.0.1 (the local receiver)."""
    monkeypatch.setattr(get_settings(), "webhook_allow_private_targets", True)


@pytest.fixture
def receiver(private_targets: None) -> Iterator[Receiver]:
    with Receiver().running() as running:
        yield running


@pytest.fixture
async def admin(client: httpx.AsyncClient, session: AsyncSession) -> Actor:
    user = await create_admin(
        session, email="admin.mitra@pasarkreatif.id", password=PASSWORD, full_name="Admin Mitra"
    )
    await session.flush()
    tokens = await login(client, user.email, PASSWORD)
    return Actor(user.id, user.email, "admin", tokens["access_token"], tokens["refresh_token"])


@pytest.fixture
async def partner(session: AsyncSession) -> RegisteredApp:
    return await register_app(session)


@pytest.fixture
async def other_partner(session: AsyncSession) -> RegisteredApp:
    return await register_app(session, name="Cimahi Technopark Freelance")


@pytest.fixture
async def creative(client: httpx.AsyncClient, session: AsyncSession) -> Creative:
    return await make_creative(
        session, account=await signup(client, "creative"), name="Dimas Prasetyo", **NEW_CREATIVE
    )


@pytest.fixture
async def owner(client: httpx.AsyncClient) -> Actor:
    return await signup(client, "owner", name="Sari Wulandari")
