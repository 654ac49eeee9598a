"""GET /v1/creatives/me/recommended-gigs: open gigs a creative fits, best first, with reasons."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import jakarta_today
from app.models import GigStatus, Proposal, ProposalStatus, WorkMode
from tests.factories import Creative, make_creative, make_gig, make_user, partner_headers
from tests.helpers import Actor, assert_problem

PATH = "/v1/creatives/me/recommended-gigs"


async def _recommended(client: httpx.AsyncClient, creative: Creative) -> list[dict[str, Any]]:
    response = await client.get(PATH, headers=creative.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["creative_id"] == str(creative.profile_id)
    data: list[dict[str, Any]] = body["data"]
    return data


async def test_fitting_open_gigs_come_first_with_reasons(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor
) -> None:
    creative = await make_creative(
        session,
        skills=["pouch-design", "label-design"],
        headline="Desainer kemasan standing pouch",
        region_code="35.78",
    )
    pouch = await make_gig(session, owner, skills=["pouch-design"])
    hampers = await make_gig(
        session,
        owner,
        title="Desain hampers lebaran",
        description="Box hampers kue kering untuk lebaran, siap cetak.",
        skills=["hampers-design"],
    )
    logo = await make_gig(
        session,
        owner,
        title="Logo kedai kopi",
        description="Butuh logo baru untuk kedai kopi.",
        category="logo-branding",
        skills=["logo-design"],
    )
    data = await _recommended(client, creative)
    ids = [entry["gig"]["id"] for entry in data]
    assert ids[:2] == [str(pouch.id), str(hampers.id)]
    assert str(logo.id) not in ids  # not in the creative's fields at all
    first = data[0]
    assert first["gig"]["title"] == pouch.title and "excerpt" in first["gig"]
    assert first["score"] == round(sum(r["contribution"] for r in first["reasons"]), 4)
    skills = next(r for r in first["reasons"] if r["signal"] == "skills")
    assert "Desain Standing Pouch" in skills["text_id"]


async def test_closed_far_onsite_passed_and_already_proposed_gigs_are_left_out(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor
) -> None:
    creative = await make_creative(session, region_code="35.78")
    visible = await make_gig(session, owner)
    hidden = [
        await make_gig(session, owner, status=GigStatus.draft),
        await make_gig(session, owner, status=GigStatus.cancelled),
        await make_gig(session, owner, status=GigStatus.in_progress),
        await make_gig(session, owner, work_mode=WorkMode.onsite, region_code="12.71"),
        await make_gig(session, owner, deadline=jakarta_today()),
    ]
    proposed = await make_gig(session, owner)
    session.add(
        Proposal(
            gig_id=proposed.id,
            creative_id=creative.profile.id,
            creative_user_id=creative.actor.id,
            cover_letter="Saya tertarik dan siap mengerjakan kemasan ini dengan rapi.",
            price_idr=1_000_000,
            delivery_days=7,
            status=ProposalStatus.submitted,
        )
    )
    near_onsite = await make_gig(session, owner, work_mode=WorkMode.onsite, region_code="35.73")
    ids = {entry["gig"]["id"] for entry in await _recommended(client, creative)}
    assert ids == {str(visible.id), str(near_onsite.id)}
    assert not ids & {str(g.id) for g in [*hidden, proposed]}


async def test_nearby_onsite_work_ranks_above_the_same_work_elsewhere(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor
) -> None:
    creative = await make_creative(session, region_code="33.26")
    same = {"work_mode": WorkMode.hybrid, "deadline": jakarta_today() + timedelta(days=20)}
    near = await make_gig(session, owner, region_code="33.26", **same)
    far = await make_gig(session, owner, region_code="31.74", **same)
    ids = [entry["gig"]["id"] for entry in await _recommended(client, creative)]
    assert ids.index(str(near.id)) < ids.index(str(far.id))


async def test_who_may_ask_for_recommendations(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor
) -> None:
    assert_problem(await client.get(PATH), 401, "invalid_token")
    assert_problem(await client.get(PATH, headers=owner.headers), 403, "role_required")
    no_profile = await make_user(session, "creative")
    assert_problem(await client.get(PATH, headers=no_profile.headers), 404, "profile_missing")
    creative = await make_creative(session)
    headers = await partner_headers(session, creative.actor.id, "gigs:read")
    assert_problem(await client.get(PATH, headers=headers), 403, "insufficient_scope")
    headers = await partner_headers(session, creative.actor.id, "gigs:read", "profile:read")
    assert (await client.get(PATH, headers=headers)).status_code == 200
    assert_problem(await client.get(PATH, headers=creative.headers, params={"limit": 0}), 422)
