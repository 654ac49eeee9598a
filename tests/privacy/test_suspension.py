"""Operators suspend and reinstate accounts: sessions end, sign-in is refused, the profile and
gigs disappear from public view, and money already earned or held stays where it is."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.ledger import account_balance, escrow_account
from tests.escrow.factories import fund, idem, submit
from tests.escrow.ledger_checks import assert_ledger_consistent
from tests.factories import make_creative, make_deal, make_gig, make_profile, make_user
from tests.helpers import PASSWORD, Actor, assert_problem, login, signup

REASON = {"reason": "Meminta pembayaran di luar platform (laporan #4411)"}


async def _sign_in(
    client: httpx.AsyncClient, actor: Actor, password: str = PASSWORD
) -> httpx.Response:
    return await client.post(
        "/v1/auth/token",
        data={"grant_type": "password", "username": actor.email, "password": password},
    )


async def test_a_suspended_owner_disappears_but_the_escrow_stays_until_reinstated(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await signup(client, "owner", name="Sari Wulandari")
    creative = await make_user(session, "creative")
    admin = await make_user(session, "admin")
    deal = await make_deal(session, (1_000_000,), owner=owner, creative=creative)
    gig = await make_gig(session, owner, title="Desain label sambal bawang Bu Sari")
    designer = await make_creative(session, skills=["pouch-design", "label-design"])
    await session.commit()
    await fund(client, deal)
    held_before = await account_balance(session, escrow_account(deal.milestone_id))
    recommended = await client.get("/v1/creatives/me/recommended-gigs", headers=designer.headers)
    assert str(gig.id) in {g["gig"]["id"] for g in recommended.json()["data"]}

    suspended = await client.post(
        f"/v1/admin/users/{owner.id}/suspend", json=REASON, headers=admin.headers
    )
    assert suspended.status_code == 200, suspended.text
    assert suspended.json()["suspended_at"] and not suspended.json()["is_active"]

    # Sessions end; the right password learns of the suspension, a wrong one learns nothing.
    assert_problem(await client.get("/v1/me", headers=owner.headers), 401, "invalid_token")
    assert_problem(await _sign_in(client, owner), 403, "account_suspended")
    assert_problem(await _sign_in(client, owner, "bukan-sandi-saya"), 401, "invalid_credentials")
    refresh = await client.post(
        "/v1/auth/token", data={"grant_type": "refresh_token", "refresh_token": owner.refresh_token}
    )
    assert refresh.status_code in (400, 401)
    # The gigs are gone from the gig page, search and matching.
    assert_problem(await client.get(f"/v1/gigs/{gig.id}"), 404, "gig_not_found")
    search = await client.get("/v1/gigs", params={"q": "sambal bawang"})
    assert search.json()["data"] == []
    recommended = await client.get("/v1/creatives/me/recommended-gigs", headers=designer.headers)
    assert str(gig.id) not in {g["gig"]["id"] for g in recommended.json()["data"]}
    proposal = await client.post(
        f"/v1/gigs/{gig.id}/proposals",
        json={
            "cover_letter": "Saya siap membantu desain labelnya.",
            "price_idr": 900_000,
            "delivery_days": 7,
        },
        headers=designer.headers,
    )
    assert_problem(proposal, 404, "gig_not_found")

    # The money stays in escrow and the contract goes on: the creative can still deliver.
    assert await account_balance(session, escrow_account(deal.milestone_id)) == held_before
    assert (await submit(client, deal)).status_code == 200
    await assert_ledger_consistent(session)

    reinstated = await client.post(
        f"/v1/admin/users/{owner.id}/reinstate", json=REASON, headers=admin.headers
    )
    assert reinstated.status_code == 200, reinstated.text
    tokens = await login(client, owner.email, PASSWORD)
    assert (await client.get(f"/v1/gigs/{gig.id}")).status_code == 200
    approve = await client.post(
        f"/v1/milestones/{deal.milestone_id}/approve",
        headers={**idem(owner), "Authorization": f"Bearer {tokens['access_token']}"},
    )
    assert approve.status_code == 200, approve.text

    log = await client.get(
        "/v1/admin/audit-log", params={"target_id": str(owner.id)}, headers=admin.headers
    )
    assert [(e["action"], e["actor_user_id"], e["reason"]) for e in log.json()["data"]] == [
        ("user.reinstate", str(admin.id), REASON["reason"]),
        ("user.suspend", str(admin.id), REASON["reason"]),
    ]


async def test_a_suspended_creative_keeps_earnings_payable_but_leaves_the_directory(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    admin = await make_user(session, "admin")
    deal = await make_deal(session, (1_000_000,))
    await session.commit()
    await fund(client, deal)
    assert (await submit(client, deal)).status_code == 200
    approve = await client.post(
        f"/v1/milestones/{deal.milestone_id}/approve", headers=idem(deal.owner)
    )
    assert approve.status_code == 200
    assert (await client.get(f"/v1/creatives/{deal.creative_profile_id}")).status_code == 200

    suspended = await client.post(
        f"/v1/admin/users/{deal.creative.id}/suspend", json=REASON, headers=admin.headers
    )
    assert suspended.status_code == 200, suspended.text

    assert (await client.get(f"/v1/creatives/{deal.creative_profile_id}")).status_code == 404
    directory = await client.get("/v1/creatives", params={"q": "kemasan"})
    assert str(deal.creative_profile_id) not in {c["id"] for c in directory.json()["data"]}
    # Released earnings are still owed to the creative and can still be paid out.
    payables = await client.get("/v1/admin/payables", headers=admin.headers)
    assert {"creative_user_id": str(deal.creative.id), "available_idr": 889_000}.items() <= next(
        p for p in payables.json()["data"] if p["creative_user_id"] == str(deal.creative.id)
    ).items()
    paid = await client.post(
        "/v1/admin/payouts",
        json={
            "creative_user_id": str(deal.creative.id),
            "amount_idr": 889_000,
            "reference": "BIFAST-7",
        },
        headers=idem(admin),
    )
    assert paid.status_code == 201, paid.text
    await assert_ledger_consistent(session)


async def test_suspension_rules_and_bad_input(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    admin = await make_user(session, "admin")
    creative = await make_user(session, "creative")
    await make_profile(session, creative)
    await session.commit()
    url = f"/v1/admin/users/{creative.id}"
    for body in (
        {},
        {"reason": ""},
        {"reason": "   "},
        {"reason": "x" * 1001},
        {"reason": "\u200b\u200d"},
    ):
        assert_problem(await client.post(f"{url}/suspend", json=body, headers=admin.headers), 422)
    assert_problem(
        await client.post(f"{url}/reinstate", json=REASON, headers=admin.headers),
        409,
        "invalid_state_transition",
    )
    assert (
        await client.post(f"{url}/suspend", json=REASON, headers=admin.headers)
    ).status_code == 200
    assert_problem(
        await client.post(f"{url}/suspend", json=REASON, headers=admin.headers),
        409,
        "invalid_state_transition",
    )
    assert_problem(
        await client.post(
            f"/v1/admin/users/{admin.id}/suspend", json=REASON, headers=admin.headers
        ),
        409,
        "cannot_suspend_self",
    )
    missing = "01937b6e-2f4a-7c3e-9a51-000000000000"
    assert_problem(
        await client.post(f"/v1/admin/users/{missing}/suspend", json=REASON, headers=admin.headers),
        404,
        "user_not_found",
    )
