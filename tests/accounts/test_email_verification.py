"""Email verification: unverified accounts browse but cannot publish, propose or pay."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from app.models import AccountToken, GigStatus, User
from tests.escrow.factories import idem
from tests.factories import make_deal, make_gig, make_profile, make_user
from tests.helpers import PASSWORD, Actor, assert_problem, login, queued_mail, token_in


async def _sign_up_unverified(client: httpx.AsyncClient, email: str, role: str = "owner") -> Actor:
    response = await client.post(
        "/v1/auth/register",
        json={"email": email, "password": PASSWORD, "full_name": "Sari Wulandari", "role": role},
    )
    assert response.status_code == 202, response.text
    tokens = await login(client, email, PASSWORD)
    me = await client.get("/v1/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    return Actor(
        uuid.UUID(me.json()["id"]), email, role, tokens["access_token"], tokens["refresh_token"]
    )


async def _unverify(session: AsyncSession, actor: Actor) -> None:
    await session.execute(update(User).where(User.id == actor.id).values(email_verified_at=None))


async def test_an_unverified_owner_signs_in_and_browses_but_cannot_publish(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await _sign_up_unverified(client, "sari.unverified@contoh.id")
    me = await client.get("/v1/me", headers=owner.headers)
    assert me.json()["email_verified_at"] is None
    assert (await client.get("/v1/gigs")).status_code == 200

    draft = await make_gig(session, owner, status=GigStatus.draft)
    refused = await client.post(f"/v1/gigs/{draft.id}/publish", headers=owner.headers)
    assert_problem(refused, 403, "email_unverified")

    mail = await queued_mail(client, owner.email, "verify_email")
    assert "24 jam" in (mail.text_body or "")
    verified = await client.post(
        "/v1/auth/verify-email", json={"token": token_in(mail.text_body or "")}
    )
    assert verified.status_code == 200 and verified.json()["email_verified_at"]
    published = await client.post(f"/v1/gigs/{draft.id}/publish", headers=owner.headers)
    assert published.status_code == 200, published.text


async def test_an_unverified_owner_cannot_post_an_open_gig(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_user(session, "owner")
    await _unverify(session, owner)
    business = (
        await client.post(
            "/v1/businesses",
            headers=owner.headers,
            json={
                "name": "Keripik Bu Sari",
                "sector": "Makanan ringan",
                "scale": "mikro",
                "region_code": "35.78",
            },
        )
    ).json()
    gig = {
        "business_id": business["id"],
        "title": "Desain kemasan keripik tempe",
        "description": "Kami butuh desain kemasan standing pouch untuk keripik tempe pedas.",
        "category": "packaging-design",
        "skills": ["pouch-design"],
        "budget_min_idr": 750_000,
        "budget_max_idr": 1_500_000,
        "deadline": (datetime.now(UTC) + timedelta(days=30)).date().isoformat(),
        "work_mode": "remote",
        "region_code": "35.78",
        "status": "open",
    }
    assert_problem(
        await client.post("/v1/gigs", headers=owner.headers, json=gig), 403, "email_unverified"
    )
    drafted = await client.post("/v1/gigs", headers=owner.headers, json={**gig, "status": "draft"})
    assert drafted.status_code == 201, drafted.text


async def test_an_unverified_creative_cannot_send_a_proposal(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_user(session, "owner")
    gig = await make_gig(session, owner)
    creative = await make_user(session, "creative")
    await make_profile(session, creative)
    await _unverify(session, creative)
    response = await client.post(
        f"/v1/gigs/{gig.id}/proposals",
        headers=creative.headers,
        json={
            "cover_letter": "Saya berpengalaman mendesain kemasan keripik.",
            "price_idr": 1_000_000,
            "delivery_days": 10,
        },
    )
    assert_problem(response, 403, "email_unverified")


async def test_an_unverified_owner_cannot_fund_a_milestone(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    deal = await make_deal(session)
    await _unverify(session, deal.owner)
    response = await client.post(
        f"/v1/milestones/{deal.milestone_id}/fund", headers=idem(deal.owner)
    )
    assert_problem(response, 403, "email_unverified")


async def test_the_link_page_confirms_in_a_browser_once(client: httpx.AsyncClient) -> None:
    owner = await _sign_up_unverified(client, "dimas.link@contoh.id", "creative")
    token = token_in((await queued_mail(client, owner.email, "verify_email")).text_body or "")
    page = await client.get(f"/v1/auth/verify-email?token={token}")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "Email terkonfirmasi" in page.text
    again = await client.get(
        f"/v1/auth/verify-email?token={token}", headers={"Accept-Language": "en"}
    )
    assert again.status_code == 400 and "Link already used" in again.text
    forged = await client.get("/v1/auth/verify-email?token=pk_ve_palsu")
    assert forged.status_code == 400 and "Tautan tidak valid" in forged.text


async def test_expired_reused_and_forged_tokens_are_refused(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await _sign_up_unverified(client, "ayu.expired@contoh.id")
    token = token_in((await queued_mail(client, owner.email, "verify_email")).text_body or "")
    await session.execute(
        update(AccountToken)
        .where(AccountToken.user_id == owner.id)
        .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    )
    assert_problem(
        await client.post("/v1/auth/verify-email", json={"token": token}),
        400,
        "account_token_expired",
    )
    assert_problem(
        await client.post("/v1/auth/verify-email", json={"token": "pk_ve_" + "x" * 43}),
        400,
        "account_token_invalid",
    )
    assert_problem(
        await client.post("/v1/auth/verify-email", json={"token": "x" * 201}),
        422,
        "validation_error",
    )
    resent = await client.post("/v1/me/verify-email/resend", headers=owner.headers)
    assert resent.status_code == 204
    fresh = token_in((await queued_mail(client, owner.email, "verify_email")).text_body or "")
    assert fresh != token
    assert (await client.post("/v1/auth/verify-email", json={"token": fresh})).status_code == 200
    assert_problem(
        await client.post("/v1/auth/verify-email", json={"token": fresh}), 400, "account_token_used"
    )
    assert_problem(
        await client.post("/v1/me/verify-email/resend", headers=owner.headers),
        409,
        "email_already_verified",
    )


async def test_resending_is_rate_limited(client: httpx.AsyncClient) -> None:
    owner = await _sign_up_unverified(client, "rina.resend@contoh.id")
    for _ in range(get_settings().verification_resend_max):
        assert (
            await client.post("/v1/me/verify-email/resend", headers=owner.headers)
        ).status_code == 204
    limited = await client.post("/v1/me/verify-email/resend", headers=owner.headers)
    assert_problem(limited, 429, "rate_limited")
    assert int(limited.headers["Retry-After"]) > 0


async def test_resend_needs_a_token(client: httpx.AsyncClient) -> None:
    assert_problem(await client.post("/v1/me/verify-email/resend"), 401, "invalid_token")


@pytest.mark.usefixtures("smtp_server")
async def test_seeded_factories_make_verified_accounts(session: AsyncSession) -> None:
    owner = await make_user(session, "owner")
    user = await session.get_one(User, owner.id)
    assert user.email_verified_at is not None
