"""Matching with hubs: the pool filter, and the hub-verification and training signals with the
reasons they show."""

from __future__ import annotations

from datetime import date

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import TrainingRecord
from app.services.matching.ranking import WEIGHTS
from app.services.matching.signals import OTHER_TRAINING_VALUE, Signal
from tests.factories import make_business, make_creative, make_gig, make_user
from tests.gigs.factories import gig_body
from tests.helpers import assert_problem
from tests.hubs.pool_factories import affiliate, make_hub, make_pool


async def test_verified_and_trained_creatives_say_so_and_score_for_it(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_user(session, "owner")
    gig = await make_gig(session, owner)
    hub = await make_hub(session, "CAK eMus")
    trained = await make_creative(session, name="Dimas Lulusan")
    plain = await make_creative(session, name="Dimas Biasa")
    await affiliate(session, hub, trained.profile_id)
    session.add(
        TrainingRecord(
            hub_id=hub.id,
            creative_id=trained.profile_id,
            title="Pelatihan desain kemasan",
            days=3,
            completed_on=date(2026, 10, 17),
        )
    )
    await session.flush()

    response = await client.get(f"/v1/gigs/{gig.id}/matches", headers=owner.headers)
    assert response.status_code == 200, response.text
    matches = {m["creative"]["id"]: m for m in response.json()["data"]}
    reasons = {r["signal"]: r for r in matches[str(trained.profile_id)]["reasons"]}
    weights = WEIGHTS[gig.work_mode]
    assert reasons["hub_verified"]["text_id"] == "Terverifikasi oleh CAK eMus."
    assert reasons["hub_verified"]["text_en"] == "Verified by CAK eMus."
    assert reasons["hub_verified"]["contribution"] == weights[Signal.hub_verified]
    assert reasons["training"]["text_id"] == "Lulus Pelatihan desain kemasan (CAK eMus)."
    # The brief asks for "desain kemasan", which the course names: full value.
    assert reasons["training"]["contribution"] == weights[Signal.training]
    # Signals that do not apply give no reason at all.
    plain_signals = {r["signal"] for r in matches[str(plain.profile_id)]["reasons"]}
    assert not plain_signals & {"hub_verified", "training"}
    # Otherwise alike, the trained, verified creative ranks higher by exactly those two.
    difference = matches[str(trained.profile_id)]["score"] - matches[str(plain.profile_id)]["score"]
    expected = weights[Signal.hub_verified] + weights[Signal.training]
    assert abs(difference - expected) < 1e-3


async def test_an_unrelated_programme_counts_for_less(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_user(session, "owner")
    gig = await make_gig(session, owner)
    hub = await make_hub(session, "Cimahi Technopark")
    creative = await make_creative(session)
    await affiliate(session, hub, creative.profile_id)
    session.add(
        TrainingRecord(
            hub_id=hub.id,
            creative_id=creative.profile_id,
            title="Pelatihan animasi 3D",
            days=5,
            completed_on=date(2026, 9, 1),
        )
    )
    await session.flush()
    response = await client.get(f"/v1/gigs/{gig.id}/matches", headers=owner.headers)
    (match,) = [
        m for m in response.json()["data"] if m["creative"]["id"] == str(creative.profile_id)
    ]
    training = next(r for r in match["reasons"] if r["signal"] == "training")
    assert training["contribution"] == round(
        OTHER_TRAINING_VALUE * WEIGHTS[gig.work_mode][Signal.training], 4
    )
    assert training["text_en"] == "Completed Pelatihan animasi 3D (Cimahi Technopark)."


async def test_owners_rank_only_a_pools_members_when_they_ask(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_user(session, "owner")
    gig = await make_gig(session, owner)
    inside = [await make_creative(session) for _ in range(3)]
    outside = [await make_creative(session) for _ in range(3)]
    pool = await make_pool(session, await make_hub(session), members=[c.profile_id for c in inside])

    everyone = await client.get(f"/v1/gigs/{gig.id}/matches", headers=owner.headers)
    ids = {m["creative"]["id"] for m in everyone.json()["data"]}
    assert {str(c.profile_id) for c in inside + outside} <= ids
    assert everyone.json()["pool_id"] is None

    filtered = await client.get(
        f"/v1/gigs/{gig.id}/matches", params={"pool": str(pool.id)}, headers=owner.headers
    )
    assert filtered.status_code == 200, filtered.text
    assert {m["creative"]["id"] for m in filtered.json()["data"]} == {
        str(c.profile_id) for c in inside
    }
    assert filtered.json()["pool_id"] == str(pool.id)

    unknown = await client.get(
        f"/v1/gigs/{gig.id}/matches", params={"pool": str(owner.id)}, headers=owner.headers
    )
    assert_problem(unknown, 404, "pool_not_found")
    stranger = await make_user(session, "owner")
    refused = await client.get(
        f"/v1/gigs/{gig.id}/matches", params={"pool": str(pool.id)}, headers=stranger.headers
    )
    assert_problem(refused, 403, "not_gig_owner")


async def test_during_the_window_the_gigs_own_pool_is_ranked(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await make_user(session, "owner")
    member = await make_creative(session)
    await make_creative(session)
    pool = await make_pool(session, await make_hub(session), members=[member.profile_id])
    business = await make_business(session, owner)
    posted = await client.post(
        "/v1/gigs",
        headers=owner.headers,
        json=gig_body(business.id, work_mode="remote", pool_id=str(pool.id)),
    )
    gig_id = posted.json()["id"]
    response = await client.get(f"/v1/gigs/{gig_id}/matches", headers=owner.headers)
    assert response.json()["pool_id"] == str(pool.id)
    assert [m["creative"]["id"] for m in response.json()["data"]] == [str(member.profile_id)]
