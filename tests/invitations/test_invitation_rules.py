"""Invitation rules: who may invite whom, how often, and which answers each state allows."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import jakarta_today
from app.models import Event, Gig, GigStatus, Invitation, Proposal, ProposalStatus, User
from app.services.invitations import MAX_INVITATIONS_PER_GIG
from tests.factories import Creative, make_creative, make_gig, make_user, partner_headers
from tests.helpers import Actor, assert_problem
from tests.invitations.conftest import invite, invited


async def _answer(
    client: httpx.AsyncClient, who: Actor | Creative, invitation: dict[str, Any], action: str
) -> httpx.Response:
    return await client.post(f"/v1/invitations/{invitation['id']}/{action}", headers=who.headers)


async def test_decline_is_final_and_the_creative_is_not_asked_again(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor, gig: Gig, creative: Creative
) -> None:
    invitation = await invited(client, owner, gig, creative)
    response = await _answer(client, creative, invitation, "decline")
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "declined"
    assert_problem(
        await _answer(client, creative, invitation, "accept"), 409, "invalid_state_transition"
    )
    assert_problem(
        await _answer(client, creative, invitation, "decline"), 409, "invalid_state_transition"
    )
    body = assert_problem(await invite(client, owner, gig, creative), 409, "invitation_exists")
    assert body["existing_status"] == "declined"
    types = await session.scalars(
        select(Event.type).where(Event.subject_id == uuid.UUID(invitation["id"]))
    )
    assert list(types) == ["invitation.created", "invitation.declined"]


async def test_accepted_invitations_cannot_be_answered_again(
    client: httpx.AsyncClient, owner: Actor, gig: Gig, creative: Creative
) -> None:
    invitation = await invited(client, owner, gig, creative)
    assert (await _answer(client, creative, invitation, "accept")).status_code == 200
    for action in ("accept", "decline"):
        assert_problem(
            await _answer(client, creative, invitation, action), 409, "invalid_state_transition"
        )
    assert_problem(await invite(client, owner, gig, creative), 409, "invitation_exists")


@pytest.mark.parametrize("closed", ["cancelled", "in_progress", "completed", "deadline"])
async def test_invitations_expire_with_their_gig(
    client: httpx.AsyncClient,
    session: AsyncSession,
    owner: Actor,
    gig: Gig,
    creative: Creative,
    closed: str,
) -> None:
    invitation = await invited(client, owner, gig, creative)
    other_pending = await invited(client, owner, gig, await make_creative(session))
    declined_by = await make_creative(session)
    declined = await invited(client, owner, gig, declined_by)
    assert (await _answer(client, declined_by, declined, "decline")).status_code == 200
    if closed == "cancelled":
        response = await client.post(f"/v1/gigs/{gig.id}/cancel", headers=owner.headers)
        assert response.status_code == 200, response.text
    elif closed == "deadline":
        await session.execute(update(Gig).where(Gig.id == gig.id).values(deadline=jakarta_today()))
    else:
        await session.execute(update(Gig).where(Gig.id == gig.id).values(status=GigStatus(closed)))
    listed = await client.get("/v1/invitations", headers=owner.headers)
    statuses = {i["id"]: i["status"] for i in listed.json()["data"]}
    assert statuses[invitation["id"]] == statuses[other_pending["id"]] == "expired"
    assert statuses[declined["id"]] == "declined"  # an answer stays what it was
    for action in ("accept", "decline"):
        assert_problem(
            await _answer(client, creative, invitation, action), 409, "invitation_expired"
        )
    expired = await client.get(
        "/v1/invitations", headers=creative.headers, params={"status": "expired"}
    )
    assert [i["id"] for i in expired.json()["data"]] == [invitation["id"]]
    pending = await client.get(
        "/v1/invitations", headers=owner.headers, params={"status": "pending"}
    )
    assert pending.json()["data"] == []
    assert_problem(
        await invite(client, owner, gig, await make_creative(session)), 409, "gig_not_open"
    )


async def test_only_open_gigs_take_invitations(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor, creative: Creative
) -> None:
    draft = await make_gig(session, owner, status=GigStatus.draft)
    assert_problem(await invite(client, owner, draft, creative), 409, "gig_not_open")
    past = await make_gig(session, owner)
    await session.execute(update(Gig).where(Gig.id == past.id).values(deadline=jakarta_today()))
    assert_problem(await invite(client, owner, past, creative), 409, "gig_not_open")


async def test_invitations_per_gig_are_limited(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor, gig: Gig
) -> None:
    creatives = [await make_creative(session) for _ in range(MAX_INVITATIONS_PER_GIG + 1)]
    for creative in creatives[:MAX_INVITATIONS_PER_GIG]:
        await invited(client, owner, gig, creative)
    body = assert_problem(
        await invite(client, owner, gig, creatives[-1]), 409, "invitation_limit_reached"
    )
    assert body["limit"] == MAX_INVITATIONS_PER_GIG
    count = await session.scalar(
        select(func.count()).select_from(Invitation).where(Invitation.gig_id == gig.id)
    )
    assert count == MAX_INVITATIONS_PER_GIG


async def test_creatives_who_already_proposed_or_left_cannot_be_invited(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor, gig: Gig, creative: Creative
) -> None:
    session.add(
        Proposal(
            gig_id=gig.id,
            creative_id=creative.profile.id,
            creative_user_id=creative.actor.id,
            cover_letter="Saya sudah mengirim penawaran untuk kemasan ini sebelumnya.",
            price_idr=1_000_000,
            delivery_days=7,
            status=ProposalStatus.submitted,
        )
    )
    await session.flush()
    assert_problem(await invite(client, owner, gig, creative), 409, "already_proposed")
    gone = await make_creative(session)
    await session.execute(update(User).where(User.id == gone.actor.id).values(is_active=False))
    assert_problem(await invite(client, owner, gig, gone), 404, "creative_not_found")
    response = await client.post(
        f"/v1/gigs/{gig.id}/invitations",
        headers=owner.headers,
        json={"creative_id": str(uuid.uuid4())},
    )
    assert_problem(response, 404, "creative_not_found")


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"creative_id": "bukan-uuid"},
        {"creative_id": "01937b70-9f8e-7d6c-8b5a-493827161504", "message": "x" * 5001},
        {"creative_id": "01937b70-9f8e-7d6c-8b5a-493827161504", "message": "halo\x00"},
        {"creative_id": "01937b70-9f8e-7d6c-8b5a-493827161504", "extra": 1},
    ],
)
async def test_malformed_invitations_are_422(
    client: httpx.AsyncClient, owner: Actor, gig: Gig, body: dict[str, object]
) -> None:
    response = await client.post(f"/v1/gigs/{gig.id}/invitations", headers=owner.headers, json=body)
    assert_problem(response, 422, "validation_error")


async def test_strangers_cannot_invite_or_answer(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor, gig: Gig, creative: Creative
) -> None:
    other_owner = await make_user(session, "owner")
    assert_problem(await invite(client, other_owner, gig, creative), 403, "not_gig_owner")
    draft = await make_gig(session, owner, status=GigStatus.draft)
    assert_problem(await invite(client, other_owner, draft, creative), 404, "gig_not_found")
    path = f"/v1/gigs/{gig.id}/invitations"
    body = {"creative_id": str(creative.profile_id)}
    assert_problem(await client.post(path, json=body), 401, "invalid_token")
    assert_problem(
        await client.post(path, json=body, headers=creative.headers), 403, "role_required"
    )

    invitation = await invited(client, owner, gig, creative)
    other_creative = await make_creative(session)
    for action in ("accept", "decline"):
        assert_problem(
            await _answer(client, owner, invitation, action), 403, "not_invited_creative"
        )
        assert_problem(
            await _answer(client, other_owner, invitation, action), 404, "invitation_not_found"
        )
        assert_problem(
            await _answer(client, other_creative, invitation, action), 404, "invitation_not_found"
        )
    missing = f"/v1/invitations/{uuid.uuid4()}/accept"
    assert_problem(
        await client.post(missing, headers=creative.headers), 404, "invitation_not_found"
    )
    assert_problem(
        await client.post(f"/v1/invitations/{invitation['id']}/accept"), 401, "invalid_token"
    )


async def test_partner_apps_answer_with_the_invitations_scope(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor, gig: Gig, creative: Creative
) -> None:
    invitation = await invited(client, owner, gig, creative)
    narrow = await partner_headers(session, creative.actor.id, "proposals:write")
    path = f"/v1/invitations/{invitation['id']}/accept"
    assert_problem(await client.post(path, headers=narrow), 403, "insufficient_scope")
    assert_problem(await client.get("/v1/invitations", headers=narrow), 403, "insufficient_scope")
    scoped = await partner_headers(session, creative.actor.id, "invitations:write")
    listed = await client.get("/v1/invitations", headers=scoped)
    assert [i["id"] for i in listed.json()["data"]] == [invitation["id"]]
    assert (await client.post(path, headers=scoped)).status_code == 200
    # Inviting is for the owner's own first-party clients only.
    owner_app = await partner_headers(session, owner.id, "invitations:write")
    response = await client.post(
        f"/v1/gigs/{gig.id}/invitations",
        headers=owner_app,
        json={"creative_id": str(creative.profile_id)},
    )
    assert_problem(response, 403, "insufficient_scope")
