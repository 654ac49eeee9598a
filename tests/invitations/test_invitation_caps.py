"""Daily caps across gigs: per owner, and per owner and creative, each answering 429."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from app.models import Gig
from tests.factories import Creative, make_creative, make_gig
from tests.helpers import Actor, assert_problem
from tests.invitations.conftest import invite, invited


async def test_one_creative_is_invited_at_most_n_times_a_day_across_gigs(
    client: httpx.AsyncClient,
    session: AsyncSession,
    owner: Actor,
    creative: Creative,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(get_settings(), "invitations_per_creative_per_day", 2)
    gigs: list[Gig] = [
        await make_gig(session, owner, title=f"Desain kemasan {i}") for i in range(3)
    ]
    await invited(client, owner, gigs[0], creative)
    await invited(client, owner, gigs[1], creative)
    refused = await invite(client, owner, gigs[2], creative)
    body = assert_problem(refused, 429, "creative_invitations_per_day_exceeded")
    assert body["limit"] == 2
    assert 0 < int(refused.headers["Retry-After"]) <= 86_400
    # Another creative is still fine.
    await invited(client, owner, gigs[2], await make_creative(session))


async def test_an_owner_sends_at_most_n_invitations_a_day(
    client: httpx.AsyncClient,
    session: AsyncSession,
    owner: Actor,
    gig: Gig,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(get_settings(), "invitations_per_owner_per_day", 3)
    for _ in range(3):
        await invited(client, owner, gig, await make_creative(session))
    other_gig = await make_gig(session, owner, title="Foto produk")
    refused = await invite(client, owner, other_gig, await make_creative(session))
    assert assert_problem(refused, 429, "invitations_per_day_exceeded")["limit"] == 3
