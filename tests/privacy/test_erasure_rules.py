"""Erasure's rules one by one: what blocks it, what it scrubs, and bad input."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import jakarta_today
from app.models import Business, ContractStatus, Gig, GigStatus, Milestone, MilestoneStatus
from tests.factories import make_gig, make_profile, make_user, partner_headers, sign_contract
from tests.helpers import PASSWORD, assert_problem, queued_mail, signup


async def _erase(
    client: httpx.AsyncClient, headers: dict[str, str], **body: object
) -> httpx.Response:
    return await client.request(
        "DELETE", "/v1/me", json=body or {"password": PASSWORD}, headers=headers
    )


async def test_money_held_in_escrow_blocks_erasure_even_after_the_contract_ended(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await signup(client, "owner")
    creative = await make_user(session, "creative")
    gig = await make_gig(session, owner, status=GigStatus.in_progress)
    contract = await sign_contract(
        session,
        gig,
        await make_profile(session, creative),
        price_idr=1_000_000,
        cover_letter="Siap mengerjakan.",
        status=ContractStatus.cancelled,
    )
    session.add(
        Milestone(
            contract_id=contract.id,
            position=1,
            title="Tahap 1",
            amount_idr=1_000_000,
            due_date=jakarta_today() + timedelta(days=7),
            status=MilestoneStatus.disputed,
            deliverable_urls=[],
            revision_count=0,
        )
    )
    await session.commit()
    assert_problem(await _erase(client, owner.headers), 409, "erasure_blocked_escrow")


async def test_an_owner_erasure_cancels_open_gigs_and_scrubs_the_business(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await signup(client, "owner", name="Sari Wulandari", phone="081234567890")
    gig = await make_gig(session, owner, title="Desain label sambal bawang Bu Sari")
    draft = await make_gig(session, owner, status=GigStatus.draft)
    await session.commit()
    assert (await client.get(f"/v1/gigs/{gig.id}")).status_code == 200

    erased = await _erase(client, owner.headers)
    assert erased.status_code == 200, erased.text

    assert (await client.get(f"/v1/gigs/{gig.id}")).status_code == 404
    search = await client.get("/v1/gigs", params={"q": "sambal bawang"})
    assert search.json()["data"] == []
    for gig_id in (gig.id, draft.id):
        row = await session.scalar(
            select(Gig).where(Gig.id == gig_id).execution_options(populate_existing=True)
        )
        assert row is not None
        assert row.status is GigStatus.cancelled and row.description == "" and row.hidden_at
    business = await session.scalar(
        select(Business)
        .where(Business.owner_id == owner.id)
        .execution_options(populate_existing=True)
    )
    assert business is not None and business.name == "Mantan anggota" and business.nib is None


async def test_the_pseudonym_email_is_free_for_a_new_sign_up_with_the_old_address(
    client: httpx.AsyncClient,
) -> None:
    owner = await signup(client, "owner")
    assert (await _erase(client, owner.headers)).status_code == 200
    again = await client.post(
        "/v1/auth/register",
        json={"email": owner.email, "password": PASSWORD, "full_name": "Sari", "role": "owner"},
    )
    # Sign-up answers the same either way; the address is free when it gets a verification
    # link, not the "you already have an account" notice (erasure deleted the old mail).
    assert again.status_code == 202, again.text
    await queued_mail(client, owner.email, "verify_email")


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"password": "x" * 129},
        {"password": PASSWORD, "alasan": "bosan"},
        {"password": 12345678},
    ],
)
async def test_bad_erasure_bodies_are_422_and_erase_nothing(
    client: httpx.AsyncClient, session: AsyncSession, body: dict[str, object]
) -> None:
    owner = await make_user(session, "owner")
    await session.commit()
    response = await client.request("DELETE", "/v1/me", json=body, headers=owner.headers)
    assert_problem(response, 422)
    assert (await client.get("/v1/me", headers=owner.headers)).status_code == 200


async def test_wrong_passwords_are_throttled_like_sign_in(client: httpx.AsyncClient) -> None:
    owner = await signup(client, "owner")
    for _ in range(5):
        wrong = await _erase(client, owner.headers, password="bukan-sandi-saya")
        assert_problem(wrong, 403, "password_incorrect")
    assert_problem(await _erase(client, owner.headers), 429, "rate_limited")
    assert (await client.get("/v1/me", headers=owner.headers)).status_code == 200


async def test_partner_tokens_and_anonymous_callers_cannot_export_or_erase(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    creative = await make_user(session, "creative")
    headers = await partner_headers(session, creative.id, "profile:read", "profile:write")
    await session.commit()
    assert_problem(await client.get("/v1/me/export", headers=headers), 403, "insufficient_scope")
    assert_problem(await _erase(client, headers), 403, "insufficient_scope")
    assert_problem(await client.get("/v1/me/export"), 401, "invalid_token")
    assert_problem(await _erase(client, {}), 401, "invalid_token")
