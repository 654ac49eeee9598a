"""Escrow fixtures: a deal, an admin, the Stripe provider over stubbed HTTP, and the check
that the books add up after every test."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator

import pytest
import respx
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from tests.escrow import xendit_stub
from tests.escrow.ledger_checks import assert_ledger_consistent
from tests.escrow.stripe_stub import API_BASE, API_KEY, WEBHOOK_SECRET, StripeStub
from tests.escrow.xendit_stub import XenditStub
from tests.factories import Deal, make_deal, make_user
from tests.helpers import Actor


@pytest.fixture(autouse=True)
async def books_balance(session: AsyncSession) -> AsyncIterator[None]:
    """After each test: every ledger transaction balances and matches the rows it moved."""
    yield
    await assert_ledger_consistent(session)


@pytest.fixture
async def deal(session: AsyncSession) -> Deal:
    return await make_deal(session)


@pytest.fixture
async def admin(session: AsyncSession) -> Actor:
    return await make_user(session, "admin", "Admin Pasar Kreatif")


@pytest.fixture
async def stranger_owner(session: AsyncSession) -> Actor:
    return await make_user(session, "owner")


@pytest.fixture
async def stranger_creative(session: AsyncSession) -> Actor:
    return await make_user(session, "creative")


def _switch_settings(values: dict[str, str]) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    get_settings.cache_clear()
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        get_settings.cache_clear()


@pytest.fixture
def stripe_env() -> Iterator[None]:
    """The Stripe provider with Stripe Connect payouts. Use it through
    `pytestmark = pytest.mark.usefixtures("stripe_env")` so the app is built after it."""
    yield from _switch_settings(
        {
            "STRIPE_API_KEY": API_KEY,
            "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
            "STRIPE_API_BASE": API_BASE,
            "PAYOUT_MODE": "stripe_connect",
        }
    )


@pytest.fixture
def connect_payouts() -> Iterator[None]:
    """Sandbox provider, Stripe Connect payout mode (sandbox transfers)."""
    yield from _switch_settings({"PAYOUT_MODE": "stripe_connect"})


@pytest.fixture
def stripe(stripe_env: None) -> Iterator[StripeStub]:
    with respx.mock(assert_all_called=False, assert_all_mocked=True) as router:
        yield StripeStub(router)


@pytest.fixture
def xendit_env() -> Iterator[None]:
    """Xendit for QRIS, virtual accounts and e-wallets, and Xendit payouts (cards stay on the
    sandbox). Use it through `pytestmark` so the app is built after it."""
    yield from _switch_settings(
        {
            "XENDIT_SECRET_KEY": xendit_stub.SECRET_KEY,
            "XENDIT_CALLBACK_TOKEN": xendit_stub.CALLBACK_TOKEN,
            "XENDIT_API_BASE": xendit_stub.API_BASE,
            "PAYOUT_MODE": "xendit",
        }
    )


@pytest.fixture
def xendit(xendit_env: None) -> Iterator[XenditStub]:
    with respx.mock(assert_all_called=False, assert_all_mocked=True) as router:
        yield XenditStub(router)


def pytest_configure(config: pytest.Config) -> None:
    # stripe-python's HTTPXClient posts its form body as `data=bytes`, which httpx deprecates.
    config.addinivalue_line("filterwarnings", "ignore:Use 'content=<...>':DeprecationWarning")
