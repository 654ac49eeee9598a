from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Gig, GigStatus, Proposal, ProposalStatus
from tests.factories import Creative, partner_headers
from tests.helpers import Actor, assert_problem, signup
from tests.proposals.factories import COVER_LETTER, events_for, make_gig, propose, reload


async def test_creative_sends_a_proposal_and_the_owner_is_told(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor, gig: Gig, creative: Creative
) -> None:
    response = await propose(client, creative, gig.id, price_idr=2_750_000, delivery_days=10)

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "submitted"
    assert body["gig_id"] == str(gig.id)
    assert body["price_idr"] == 2_750_000
    assert body["delivery_days"] == 10
    assert body["cover_letter"] == COVER_LETTER
    assert body["creative"] == {
        "id": str(creative.profile.id),
        "display_name": "Dimas Prasetyo",
        "headline": "Desainer kemasan untuk UMKM makanan",
        "rating_avg": None,
        "rating_count": 0,
    }
    assert (await reload(session, Gig, gig.id)).proposal_count == 1
    proposal = await reload(session, Proposal, body["id"])
    assert proposal.creative_user_id == creative.user_id
    [event] = await events_for(session, body["id"])
    assert event.type == "proposal.submitted"
    assert set(event.audience_user_ids) == {owner.id, creative.user_id}
    assert event.actor_user_id == creative.user_id


@pytest.mark.parametrize(
    "status", [GigStatus.in_progress, GigStatus.completed, GigStatus.cancelled]
)
async def test_only_open_gigs_take_proposals(
    client: httpx.AsyncClient,
    session: AsyncSession,
    owner: Actor,
    creative: Creative,
    status: GigStatus,
) -> None:
    gig = await make_gig(session, owner, status=status)
    body = assert_problem(await propose(client, creative, gig.id), 409, "gig_not_open")
    assert body["current_status"] == status.value


async def test_a_draft_gig_is_invisible_to_creatives(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor, creative: Creative
) -> None:
    draft = await make_gig(session, owner, status=GigStatus.draft)
    assert_problem(await propose(client, creative, draft.id), 404, "gig_not_found")
    assert_problem(await propose(client, creative, uuid.uuid4()), 404, "gig_not_found")


async def test_the_gig_owner_cannot_propose(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor, gig: Gig
) -> None:
    assert_problem(await propose(client, owner, gig.id), 403, "own_gig")
    draft = await make_gig(session, owner, status=GigStatus.draft)
    assert_problem(await propose(client, owner, draft.id), 403, "own_gig")


async def test_another_owner_cannot_propose(
    client: httpx.AsyncClient, gig: Gig, stranger_owner: Actor
) -> None:
    assert_problem(await propose(client, stranger_owner, gig.id), 403, "role_required")


async def test_a_creative_needs_a_profile_first(client: httpx.AsyncClient, gig: Gig) -> None:
    no_profile = await signup(client, "creative")
    assert_problem(await propose(client, no_profile, gig.id), 409, "profile_required")


async def test_anonymous_callers_get_401(client: httpx.AsyncClient, gig: Gig) -> None:
    response = await client.post(
        f"/v1/gigs/{gig.id}/proposals",
        json={"cover_letter": COVER_LETTER, "price_idr": 2_500_000, "delivery_days": 14},
    )
    assert_problem(response, 401, "invalid_token")


async def test_a_partner_token_needs_the_proposals_write_scope(
    client: httpx.AsyncClient, session: AsyncSession, gig: Gig, creative: Creative
) -> None:
    headers = await partner_headers(session, creative.user_id, "proposals:read")
    response = await client.post(
        f"/v1/gigs/{gig.id}/proposals",
        json={"cover_letter": COVER_LETTER, "price_idr": 2_500_000, "delivery_days": 14},
        headers=headers,
    )
    assert_problem(response, 403, "insufficient_scope")


async def test_one_live_proposal_per_creative_per_gig(
    client: httpx.AsyncClient, session: AsyncSession, gig: Gig, creative: Creative
) -> None:
    first = await propose(client, creative, gig.id)
    assert first.status_code == 201
    again = assert_problem(await propose(client, creative, gig.id), 409, "proposal_exists")
    assert again["existing_proposal_id"] == first.json()["id"]

    withdrawn = await client.post(
        f"/v1/proposals/{first.json()['id']}/withdraw", headers=creative.headers
    )
    assert withdrawn.status_code == 200
    # A withdrawn proposal is not live: the creative may try again with a new offer.
    second = await propose(client, creative, gig.id, price_idr=2_000_000)
    assert second.status_code == 201, second.text
    assert (await reload(session, Gig, gig.id)).proposal_count == 2


async def test_price_must_be_within_the_marketplace_bounds(
    client: httpx.AsyncClient, gig: Gig, creative: Creative
) -> None:
    too_low = await propose(client, creative, gig.id, price_idr=9_999)
    assert_problem(too_low, 422, "proposal_price_out_of_range")
    too_high = await propose(client, creative, gig.id, price_idr=1_000_000_001)
    assert_problem(too_high, 422, "proposal_price_out_of_range")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("cover_letter", "Terlalu pendek ya."),  # 18 characters
        ("cover_letter", "x" * 5001),
        ("cover_letter", COVER_LETTER + "\x00"),
        ("cover_letter", None),
        ("price_idr", 0),
        ("price_idr", -5),
        ("price_idr", 2**63),
        ("price_idr", 10**30),
        ("price_idr", "dua juta"),
        ("price_idr", 2_500_000.5),
        ("delivery_days", 0),
        ("delivery_days", 366),
        ("delivery_days", 2**64),
        ("unknown_field", "ignored?"),
    ],
)
async def test_invalid_input_is_a_422(
    client: httpx.AsyncClient, gig: Gig, creative: Creative, field: str, value: object
) -> None:
    response = await propose(client, creative, gig.id, **{field: value})
    body = assert_problem(response, 422, "validation_error")
    assert any(error["loc"].endswith(field) for error in body["errors"]), body


async def test_a_malformed_gig_id_is_a_422(client: httpx.AsyncClient, creative: Creative) -> None:
    assert_problem(await propose(client, creative, "not-a-uuid"), 422, "validation_error")  # type: ignore[arg-type]


async def test_the_database_backs_up_one_live_proposal_per_gig(
    session: AsyncSession, gig: Gig, creative: Creative
) -> None:
    # The service maps this constraint, by name, to 409 proposal_exists.
    def live_proposal() -> Proposal:
        return Proposal(
            gig_id=gig.id,
            creative_id=creative.profile.id,
            creative_user_id=creative.user_id,
            cover_letter=COVER_LETTER,
            price_idr=2_000_000,
            delivery_days=7,
            status=ProposalStatus.shortlisted,
        )

    session.add(live_proposal())
    await session.flush()
    with pytest.raises(IntegrityError, match="uq_proposals_gig_id_creative_id_live"):
        async with session.begin_nested():
            session.add(live_proposal())
