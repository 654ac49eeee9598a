"""GET /v1/gigs/{id}/matches: the shortlist's shape, truthful reasons, fair exposure, who may
see it, and that candidates come from PostgreSQL's bounded set."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Availability, GigStatus, User
from app.services.matching import candidates, loading
from app.services.matching.ranking import EXPOSURE_MAX_BONUS, WEIGHTS
from tests.factories import make_creative, make_gig, make_user, partner_headers
from tests.helpers import Actor, assert_problem


async def _matches(
    client: httpx.AsyncClient, owner: Actor, gig_id: object, **params: Any
) -> dict[str, Any]:
    response = await client.get(f"/v1/gigs/{gig_id}/matches", headers=owner.headers, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_owner_gets_a_ranked_shortlist_with_reasons_that_add_up(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor
) -> None:
    gig = await make_gig(session, owner)
    for n in range(5):
        await make_creative(session, rate_min_idr=400_000 * (n + 1), rating_count=n * 3)
    body = await _matches(client, owner, gig.id)
    assert body["gig_id"] == str(gig.id)
    assert body["candidates_considered"] == 5
    scores = [entry["score"] for entry in body["data"]]
    assert scores == sorted(scores, reverse=True)
    weights = WEIGHTS[gig.work_mode]
    for entry in body["data"]:
        contributions = [r["contribution"] for r in entry["reasons"]]
        assert entry["score"] == pytest.approx(sum(contributions), abs=1e-9)
        assert contributions == sorted(contributions, reverse=True)
        for r in entry["reasons"]:
            assert r["text_id"] and r["text_en"]
            if r["signal"] != "exposure":
                # A contribution never exceeds its signal's weight (values are in [0, 1]).
                assert 0 <= r["contribution"] <= weights[r["signal"]] + 1e-9
        assert {r["signal"] for r in entry["reasons"]} >= {"skills", "text", "price"}
        assert "email" not in str(entry["creative"])


async def test_limit_cuts_the_shortlist(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor
) -> None:
    gig = await make_gig(session, owner)
    for _ in range(4):
        await make_creative(session)
    assert len((await _matches(client, owner, gig.id, limit=2))["data"]) == 2
    for limit in (0, 51, "semua"):
        response = await client.get(
            f"/v1/gigs/{gig.id}/matches", headers=owner.headers, params={"limit": limit}
        )
        assert_problem(response, 422, "validation_error")


async def test_creatives_outside_the_gigs_skills_and_category_are_not_candidates(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor
) -> None:
    gig = await make_gig(session, owner)
    packaging = await make_creative(session)
    photographer = await make_creative(
        session,
        skills=["food-photography"],
        categories=["product-photography"],
        headline="Fotografer kemasan makanan",  # shares words, but not the field of work
    )
    ids = await candidates.creative_candidates(session, await _features(session, gig.id))
    assert packaging.profile_id in ids and photographer.profile_id not in ids
    body = await _matches(client, owner, gig.id)
    assert [e["creative"]["id"] for e in body["data"]] == [str(packaging.profile_id)]


async def test_the_candidate_pool_is_bounded_and_keeps_the_best_prescored(
    session: AsyncSession, owner: Actor
) -> None:
    gig = await make_gig(session, owner)
    weak = [await make_creative(session, skills=["packaging-mockup"]) for _ in range(3)]
    strong = [
        await make_creative(session, skills=["pouch-design", "label-design"]) for _ in range(2)
    ]
    ids = await candidates.creative_candidates(session, await _features(session, gig.id), pool=2)
    assert set(ids) == {c.profile_id for c in strong}
    assert not set(ids) & {c.profile_id for c in weak}


async def test_deactivated_creatives_are_left_out(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor
) -> None:
    gig = await make_gig(session, owner)
    active = await make_creative(session)
    gone = await make_creative(session)
    await session.execute(update(User).where(User.id == gone.actor.id).values(is_active=False))
    body = await _matches(client, owner, gig.id)
    assert [e["creative"]["id"] for e in body["data"]] == [str(active.profile_id)]


async def test_new_talent_is_lifted_into_the_top_ten_but_only_a_few(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor
) -> None:
    gig = await make_gig(session, owner)
    veterans = [
        await make_creative(session, rating_avg=4.9, rating_count=30, completed_contracts=40)
        for _ in range(10)
    ]
    newcomers = [
        await make_creative(session, rating_avg=None, rating_count=0, completed_contracts=0)
        for _ in range(4)
    ]
    data = (await _matches(client, owner, gig.id, limit=14))["data"]
    top = [e["creative"]["id"] for e in data[:10]]
    new_ids = {str(c.profile_id) for c in newcomers}
    lifted = [e for e in data if any(r["signal"] == "exposure" for r in e["reasons"])]
    # Two of ten slots are kept for new talent: exactly two newcomers are lifted, no more.
    assert len(lifted) == 2
    assert {e["creative"]["id"] for e in lifted} <= new_ids
    assert sum(i in new_ids for i in top) == 2
    for entry in lifted:
        bonus = next(r for r in entry["reasons"] if r["signal"] == "exposure")
        assert 0 < bonus["contribution"] <= EXPOSURE_MAX_BONUS
        assert "Talenta baru" in bonus["text_id"]
    # They take the last two slots; the eight best veterans keep theirs.
    assert set(top[8:]) == {e["creative"]["id"] for e in lifted}
    assert len({str(c.profile_id) for c in veterans} & set(top)) == 8


async def test_no_lift_when_new_talent_already_holds_its_share(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor
) -> None:
    gig = await make_gig(session, owner)
    # Better-fitting newcomers hold two of the top ten slots on merit.
    for _ in range(2):
        await make_creative(
            session, skills=["pouch-design", "label-design"], rating_count=0, completed_contracts=0
        )
    for _ in range(12):
        await make_creative(session, rating_avg=4.9, rating_count=30, completed_contracts=40)
    newcomer = await make_creative(session, rating_count=0, completed_contracts=0)
    data = (await _matches(client, owner, gig.id, limit=20))["data"]
    assert not any(r["signal"] == "exposure" for e in data for r in e["reasons"])
    assert data[-1]["creative"]["id"] == str(newcomer.profile_id)


async def test_new_talent_too_far_behind_is_not_lifted(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor
) -> None:
    gig = await make_gig(session, owner, skills=["pouch-design", "label-design"])
    for _ in range(10):
        await make_creative(
            session,
            skills=["pouch-design", "label-design"],
            rating_count=30,
            completed_contracts=40,
        )
    # Only the category, a busy schedule and a high rate: far more than the bonus behind.
    await make_creative(
        session,
        skills=["hampers-design"],
        rating_count=0,
        completed_contracts=0,
        availability=Availability.busy,
        rate_min_idr=5_000_000,
    )
    data = (await _matches(client, owner, gig.id))["data"]
    assert not any(r["signal"] == "exposure" for e in data for r in e["reasons"])


async def test_strangers_cannot_see_a_gigs_matches(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor
) -> None:
    gig = await make_gig(session, owner)
    draft = await make_gig(session, owner, status=GigStatus.draft)
    await make_creative(session)
    other_owner = await make_user(session, "owner")
    creative = await make_creative(session)
    path = f"/v1/gigs/{gig.id}/matches"
    assert_problem(await client.get(path, headers=other_owner.headers), 403, "not_gig_owner")
    assert_problem(await client.get(path, headers=creative.headers), 403, "not_gig_owner")
    assert_problem(await client.get(path), 401, "invalid_token")
    draft_path = f"/v1/gigs/{draft.id}/matches"
    assert_problem(await client.get(draft_path, headers=other_owner.headers), 404, "gig_not_found")
    missing = "/v1/gigs/01937b70-8c1d-7a2b-b3c4-d5e6f7a8b9c0/matches"
    assert_problem(await client.get(missing, headers=owner.headers), 404, "gig_not_found")
    # Partner tokens reach only endpoints naming a scope they hold; this one names none.
    headers = await partner_headers(session, owner.id, "gigs:read", "profile:read")
    assert_problem(await client.get(path, headers=headers), 403, "insufficient_scope")
    # The owner also sees matches for their draft.
    assert (await client.get(draft_path, headers=owner.headers)).status_code == 200


async def _features(session: AsyncSession, gig_id: Any) -> Any:
    features = await loading.load_gig(session, gig_id)
    assert features is not None
    return features
