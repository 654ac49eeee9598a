"""Acting for an owner (X-On-Behalf-Of): who may, for what, and what is never delegable."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.acting import DELEGABLE_ROUTES
from app.main import create_app
from app.models import DelegationStatus, HubStaff, HubStaffRole, HubStaffStatus
from tests.factories import make_business, make_deal, make_gig, make_user, partner_token
from tests.helpers import assert_problem
from tests.hubs.factories import acting, make_delegation, make_hub, make_staff


@pytest.fixture
async def pair(session: AsyncSession):  # type: ignore[no-untyped-def]
    hub = await make_hub(session)
    facilitator = await make_user(session, "owner", "Rina Pendamping")
    owner = await make_user(session, "owner", "Sri Wahyuni")
    await make_staff(session, hub, facilitator)
    return hub, facilitator, owner


async def test_a_facilitator_without_a_delegation_is_refused(
    client: httpx.AsyncClient, session: AsyncSession, pair
) -> None:
    _, facilitator, owner = pair
    response = await client.get("/v1/gigs?mine=true", headers=acting(facilitator, owner.id))
    assert_problem(response, 403, "delegation_required")


async def test_a_facilitator_of_another_hub_is_refused(
    client: httpx.AsyncClient, session: AsyncSession, pair
) -> None:
    hub, facilitator, owner = pair
    other_hub = await make_hub(session)
    other = await make_user(session, "creative", "Pendamping Hub Lain")
    await make_staff(session, other_hub, other)
    # The delegation names the first hub; the other facilitator works for another one.
    await make_delegation(session, hub, facilitator, owner)
    response = await client.get("/v1/gigs?mine=true", headers=acting(other, owner.id))
    assert_problem(response, 403, "delegation_required")
    # A delegation through a hub she no longer works for does not count either.
    lapsed = await make_delegation(session, other_hub, facilitator, await make_user(session))
    assert_problem(
        await client.get("/v1/gigs?mine=true", headers=acting(facilitator, lapsed.owner_user_id)),
        403,
        "delegation_required",
    )


@pytest.mark.parametrize("state", ["expired", "revoked", "pending", "declined", "staff_removed"])
async def test_expired_revoked_or_unapproved_delegations_are_refused(
    client: httpx.AsyncClient, session: AsyncSession, pair, state: str
) -> None:
    hub, facilitator, owner = pair
    delegation = await make_delegation(
        session,
        hub,
        facilitator,
        owner,
        days=-1 if state == "expired" else 30,
        status=DelegationStatus(state)
        if state in ("revoked", "pending", "declined")
        else DelegationStatus.active,
    )
    if state == "staff_removed":
        await session.execute(
            update(HubStaff)
            .where(HubStaff.hub_id == hub.id, HubStaff.user_id == facilitator.id)
            .values(status=HubStaffStatus.removed)
        )
    assert delegation.id is not None
    response = await client.get("/v1/gigs?mine=true", headers=acting(facilitator, owner.id))
    assert_problem(response, 403, "delegation_required")


async def test_revoking_through_the_api_stops_acting_at_once(
    client: httpx.AsyncClient, session: AsyncSession, pair
) -> None:
    hub, facilitator, owner = pair
    delegation = await make_delegation(session, hub, facilitator, owner)
    headers = acting(facilitator, owner.id)
    assert (await client.get("/v1/gigs?mine=true", headers=headers)).status_code == 200
    listed = await client.get("/v1/me/delegations", headers=owner.headers)
    assert [d["id"] for d in listed.json()["data"]] == [str(delegation.id)]
    revoked = await client.post(f"/v1/delegations/{delegation.id}/revoke", headers=owner.headers)
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["status"] == "revoked"
    assert_problem(
        await client.get("/v1/gigs?mine=true", headers=headers), 403, "delegation_required"
    )
    again = await client.post(f"/v1/delegations/{delegation.id}/revoke", headers=owner.headers)
    assert_problem(again, 409, "invalid_state_transition")


async def test_money_account_and_privacy_are_never_delegable(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    deal = await make_deal(session)
    hub = await make_hub(session)
    facilitator = await make_user(session, "creative", "Rina Pendamping")
    await make_staff(session, hub, facilitator)
    await make_delegation(session, hub, facilitator, deal.owner)
    headers = acting(facilitator, deal.owner.id)
    refused = [
        ("POST", f"/v1/milestones/{deal.milestone_id}/fund"),
        ("POST", f"/v1/milestones/{deal.milestone_id}/approve"),
        ("POST", f"/v1/milestones/{deal.milestone_id}/cancel"),
        ("POST", f"/v1/contracts/{deal.contract_id}/milestones"),
        ("GET", "/v1/creatives/me/earnings"),
        ("GET", "/v1/me"),
        ("PATCH", "/v1/me"),
        ("POST", "/v1/me/password"),
        ("GET", "/v1/me/export"),
        ("GET", "/v1/me/sessions"),
        ("GET", "/v1/me/delegations"),
        ("POST", "/v1/hubs/" + str(hub.id) + "/delegations"),
    ]
    for method, path in refused:
        response = await client.request(method, path, headers=headers, json={})
        assert_problem(response, 403, "not_delegable")
    for method, _ in DELEGABLE_ROUTES:
        assert method in {"GET", "POST", "PATCH"}
    assert not any("fund" in p or "approve" in p or "payout" in p for _, p in DELEGABLE_ROUTES)


async def test_every_delegable_route_exists() -> None:
    app = create_app()
    document = app.openapi()["paths"]
    for method, path in DELEGABLE_ROUTES:
        assert method.lower() in document.get(path, {}), (method, path)


async def test_scopes_limit_what_a_facilitator_may_do(
    client: httpx.AsyncClient, session: AsyncSession, pair
) -> None:
    hub, facilitator, owner = pair
    await make_delegation(session, hub, facilitator, owner, scopes=["proposals:read"])
    business = await make_business(session, owner)
    assert business.id
    gig = await make_gig(session, owner)
    headers = acting(facilitator, owner.id)
    listed = await client.get(f"/v1/gigs/{gig.id}/proposals", headers=headers)
    assert listed.status_code == 200, listed.text
    assert_problem(
        await client.post(f"/v1/gigs/{gig.id}/cancel", headers=headers),
        403,
        "delegation_scope_missing",
    )


async def test_bad_headers_and_partner_tokens_cannot_act(
    client: httpx.AsyncClient, session: AsyncSession, pair
) -> None:
    hub, facilitator, owner = pair
    await make_delegation(session, hub, facilitator, owner)
    assert_problem(
        await client.get("/v1/gigs?mine=true", headers=acting(facilitator, "not-a-uuid")),
        400,
        "on_behalf_of_invalid",
    )
    assert_problem(
        await client.get("/v1/gigs?mine=true", headers=acting(facilitator, uuid.uuid4())),
        403,
        "delegation_required",
    )
    token = await partner_token(session, facilitator.id, "gigs:read")
    response = await client.get(
        "/v1/gigs?mine=true",
        headers={"Authorization": f"Bearer {token}", "X-On-Behalf-Of": str(owner.id)},
    )
    assert_problem(response, 403)


async def test_a_hub_admin_role_alone_does_not_let_her_act(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    hub = await make_hub(session)
    admin_of_hub = await make_user(session, "owner", "Admin Hub")
    await make_staff(session, hub, admin_of_hub, HubStaffRole.hub_admin)
    owner = await make_user(session, "owner")
    assert_problem(
        await client.get("/v1/gigs?mine=true", headers=acting(admin_of_hub, owner.id)),
        403,
        "delegation_required",
    )
