"""Assisted owners, account claims, delegations and payment requests: rules and strangers."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import DelegationStatus, User
from tests.factories import make_business, make_deal, make_user
from tests.helpers import PASSWORD, assert_problem, login, queued_mail, token_in
from tests.hubs.factories import acting, make_delegation, make_hub, make_staff

NO_EMAIL_OWNER = {
    "owner_full_name": "Mbok Darmi",
    "owner_phone": "0812-1111-2222",
    "business_name": "Keripik Tempe Mbok Darmi",
    "sector": "Makanan ringan",
    "scale": "mikro",
    "region_code": "35.73",
}


async def test_an_owner_without_email_claims_with_the_code_the_facilitator_hands_over(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    hub = await make_hub(session)
    facilitator = await make_user(session, "creative", "Rina Pendamping")
    await make_staff(session, hub, facilitator)
    stranger = await make_user(session, "owner")
    assert_problem(
        await client.post(
            f"/v1/hubs/{hub.id}/assisted-businesses", json=NO_EMAIL_OWNER, headers=stranger.headers
        ),
        404,
        "hub_not_found",
    )
    registered = await client.post(
        f"/v1/hubs/{hub.id}/assisted-businesses", json=NO_EMAIL_OWNER, headers=facilitator.headers
    )
    assert registered.status_code == 201, registered.text
    code = registered.json()["claim_token"]
    owner_id = uuid.UUID(registered.json()["owner_user_id"])
    owner = await session.get_one(User, owner_id)
    assert owner.claim_pending and owner.password_hash == "!claim-pending"

    # Nobody signs in to an unclaimed account.
    assert (
        await client.post(
            "/v1/auth/token",
            data={"grant_type": "password", "username": owner.email, "password": "!claim-pending"},
        )
    ).status_code in (400, 401)
    assert_problem(
        await client.post("/v1/account/claim", json={"token": code, "password": PASSWORD}),
        422,
        "claim_email_required",
    )
    assert_problem(
        await client.post(
            "/v1/account/claim", json={"token": code[:-4] + "abcd", "password": PASSWORD}
        ),
        400,
        "hub_link_invalid",
    )
    claimed = await client.post(
        "/v1/account/claim",
        json={"token": code, "password": PASSWORD, "email": "darmi@contoh.id"},
    )
    assert claimed.status_code == 200, claimed.text
    assert claimed.json()["email"] == "darmi@contoh.id"
    await queued_mail(client, "darmi@contoh.id", "verify_email")
    assert (await login(client, "darmi@contoh.id", PASSWORD))["access_token"]
    assert_problem(
        await client.post(
            "/v1/account/claim",
            json={"token": code, "password": PASSWORD, "email": "lain@contoh.id"},
        ),
        409,
        "account_already_claimed",
    )
    listed = await client.get(f"/v1/hubs/{hub.id}/assisted-businesses", headers=facilitator.headers)
    assert [b["owner_user_id"] for b in listed.json()["data"]] == [str(owner_id)]
    assert listed.json()["data"][0]["claim_pending"] is False
    assert_problem(
        await client.get(f"/v1/hubs/{hub.id}/assisted-businesses", headers=stranger.headers), 404
    )


async def test_an_existing_owner_registers_her_business_with_a_hub_herself(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    hub = await make_hub(session)
    facilitator = await make_user(session, "creative")
    await make_staff(session, hub, facilitator)
    owner = await make_user(session, "owner", "Bu Yanti")
    business = await make_business(session, owner)
    other = await make_user(session, "owner")
    taken = await client.post(
        f"/v1/hubs/{hub.id}/assisted-businesses",
        headers=facilitator.headers,
        json={**NO_EMAIL_OWNER, "owner_email": owner.email},
    )
    assert_problem(taken, 409, "owner_account_exists")
    body = {"business_id": str(business.id)}
    assert_problem(
        await client.post(
            f"/v1/hubs/{hub.id}/assisted-businesses/join", json=body, headers=other.headers
        ),
        404,
        "assisted_business_not_found",
    )
    joined = await client.post(
        f"/v1/hubs/{hub.id}/assisted-businesses/join", json=body, headers=owner.headers
    )
    assert joined.status_code == 201, joined.text
    assert_problem(
        await client.post(
            f"/v1/hubs/{hub.id}/assisted-businesses/join", json=body, headers=owner.headers
        ),
        409,
        "already_assisted",
    )
    assert (await client.get(f"/v1/hubs/{hub.id}")).json()["assisted_businesses"] == 1


async def test_delegation_requests_are_approved_by_link_declined_or_refused(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    hub = await make_hub(session)
    facilitator = await make_user(session, "creative", "Rina Pendamping")
    await make_staff(session, hub, facilitator)
    owner = await make_user(session, "owner", "Bu Yanti")
    stranger = await make_user(session, "owner")
    body = {"owner_email": owner.email, "scopes": ["gigs:write"], "days": 7}
    assert_problem(
        await client.post(f"/v1/hubs/{hub.id}/delegations", json=body, headers=stranger.headers),
        404,
        "hub_not_found",
    )
    assert_problem(
        await client.post(
            f"/v1/hubs/{hub.id}/delegations",
            json={**body, "owner_email": "tidak-ada@contoh.id"},
            headers=facilitator.headers,
        ),
        404,
        "delegation_owner_not_found",
    )
    assert_problem(
        await client.post(
            f"/v1/hubs/{hub.id}/delegations",
            json={"scopes": ["gigs:write"]},
            headers=facilitator.headers,
        ),
        422,
        "delegation_owner_required",
    )
    assert_problem(
        await client.post(
            f"/v1/hubs/{hub.id}/delegations",
            json={**body, "scopes": ["milestones:fund"]},
            headers=facilitator.headers,
        ),
        422,
    )
    first = await client.post(
        f"/v1/hubs/{hub.id}/delegations", json=body, headers=facilitator.headers
    )
    assert first.status_code == 201, first.text
    mail = await queued_mail(client, owner.email, "delegation_request")
    assert "Rina Pendamping" in (mail.text_body or "")
    for person in (stranger, facilitator):
        assert_problem(
            await client.post(
                f"/v1/delegations/{first.json()['id']}/approve", headers=person.headers
            ),
            404,
            "delegation_not_found",
        )
    approved = await client.post(
        "/v1/delegations/approve-by-link", json={"token": token_in(mail.text_body or "")}
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "active"
    assert_problem(
        await client.post(
            "/v1/delegations/approve-by-link", json={"token": token_in(mail.text_body or "")}
        ),
        409,
        "invalid_state_transition",
    )

    second = await client.post(
        f"/v1/hubs/{hub.id}/delegations", json=body, headers=facilitator.headers
    )
    declined = await client.post(
        f"/v1/delegations/{second.json()['id']}/decline", headers=owner.headers
    )
    assert declined.json()["status"] == "declined"
    assert_problem(
        await client.post(
            f"/v1/delegations/{second.json()['id']}/revoke", headers=stranger.headers
        ),
        404,
        "delegation_not_found",
    )
    # The facilitator may give up a delegation she holds.
    given_up = await client.post(
        f"/v1/delegations/{first.json()['id']}/revoke", headers=facilitator.headers
    )
    assert given_up.json()["status"] == "revoked"
    held = await client.get("/v1/me/delegations", headers=facilitator.headers)
    assert {d["status"] for d in held.json()["data"]} == {"revoked", "declined"}
    assert (await client.get("/v1/me/delegations", headers=stranger.headers)).json()["data"] == []


async def test_an_expired_request_cannot_be_approved(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    hub = await make_hub(session)
    facilitator = await make_user(session, "creative")
    await make_staff(session, hub, facilitator)
    owner = await make_user(session, "owner")
    late = await make_delegation(
        session, hub, facilitator, owner, status=DelegationStatus.pending, days=-1
    )
    assert_problem(
        await client.post(f"/v1/delegations/{late.id}/approve", headers=owner.headers),
        409,
        "delegation_expired",
    )


async def test_payment_requests_need_acting_and_a_pending_milestone(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    deal = await make_deal(session)
    hub = await make_hub(session)
    facilitator = await make_user(session, "creative", "Rina Pendamping")
    await make_staff(session, hub, facilitator)
    url = f"/v1/milestones/{deal.milestone_id}/payment-requests"
    assert_problem(await client.post(url, headers=deal.owner.headers), 403, "acting_required")
    assert_problem(
        await client.post(url, headers=acting(facilitator, deal.owner.id)),
        403,
        "delegation_required",
    )
    await make_delegation(session, hub, facilitator, deal.owner, scopes=["proposals:read"])
    assert_problem(
        await client.post(url, headers=acting(facilitator, deal.owner.id)),
        403,
        "delegation_scope_missing",
    )
    await make_delegation(session, hub, facilitator, deal.owner, scopes=["proposals:accept"])
    assert_problem(
        await client.post(
            f"/v1/milestones/{uuid.uuid4()}/payment-requests",
            headers=acting(facilitator, deal.owner.id),
        ),
        404,
        "milestone_not_found",
    )
    sent = await client.post(url, headers=acting(facilitator, deal.owner.id))
    assert sent.status_code == 201, sent.text
    mail = await queued_mail(client, deal.owner.email, "payment_request")
    assert "Rina Pendamping" in (mail.text_body or "")
