"""Sign-up: the same answer for a taken address, and per-address and global limits."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from app.models import OutboundEmail
from tests.helpers import PASSWORD, assert_problem, signup


@pytest.fixture
def limits(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    yield monkeypatch
    monkeypatch.undo()
    get_settings.cache_clear()


def _set(monkeypatch: pytest.MonkeyPatch, **values: str) -> None:
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()


async def _register(client: httpx.AsyncClient, email: str) -> httpx.Response:
    return await client.post(
        "/v1/auth/register",
        json={"email": email, "password": PASSWORD, "full_name": "Ayu Lestari", "role": "creative"},
    )


async def test_sign_ups_from_one_address_are_limited(
    client: httpx.AsyncClient, limits: pytest.MonkeyPatch
) -> None:
    _set(limits, SIGNUP_MAX_PER_ADDRESS="2")
    assert (await _register(client, "satu@contoh.id")).status_code == 202
    assert (await _register(client, "dua@contoh.id")).status_code == 202
    limited = await _register(client, "tiga@contoh.id")
    assert_problem(limited, 429, "rate_limited")
    assert 0 < int(limited.headers["Retry-After"]) <= 3601


async def test_sign_ups_are_limited_platform_wide(
    client: httpx.AsyncClient, limits: pytest.MonkeyPatch
) -> None:
    _set(limits, SIGNUP_MAX_GLOBAL="1")
    assert (await _register(client, "pertama@contoh.id")).status_code == 202
    assert_problem(await _register(client, "kedua@contoh.id"), 429, "rate_limited")


async def test_a_taken_address_mails_its_owner_at_most_hourly_and_nothing_else(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await signup(client, "owner")
    answers = [(await _register(client, owner.email)).json() for _ in range(3)]
    fresh = (await _register(client, "orang.baru@contoh.id")).json()
    assert all(a.keys() == fresh.keys() and a["detail"] == fresh["detail"] for a in answers)
    templates = (
        await session.scalars(
            select(OutboundEmail.template).where(OutboundEmail.to_address == owner.email)
        )
    ).all()
    assert sorted(templates) == ["signup_existing_account", "verify_email"]
    total = await session.scalar(select(func.count()).select_from(OutboundEmail))
    assert total == 3  # the owner's two and the new account's verification
