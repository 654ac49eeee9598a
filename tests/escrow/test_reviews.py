"""Double-blind reviews after a completed contract, feeding the creative's rating."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Contract, CreativeProfile, Review
from app.services.reviews import publish_due_reviews
from tests.escrow.factories import act, fund, submit
from tests.factories import Deal, make_deal
from tests.helpers import Actor, assert_problem

OWNER_REVIEW = {"rating": 5, "comment": "Desainnya rapi, revisi cepat, file siap cetak."}
CREATIVE_REVIEW = {"rating": 4, "comment": "Brief jelas dan pembayaran lancar."}


async def _completed(client: httpx.AsyncClient, deal: Deal) -> None:
    await fund(client, deal)
    await submit(client, deal)
    assert (await act(client, deal.owner, deal.milestone_id, "approve")).status_code == 200


def _url(deal: Deal) -> str:
    return f"/v1/contracts/{deal.contract_id}/reviews"


async def test_reviews_stay_hidden_until_both_are_in_then_feed_the_rating(
    client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    await _completed(client, deal)
    mine = await client.post(_url(deal), json=OWNER_REVIEW, headers=deal.owner.headers)
    assert mine.status_code == 201, mine.text
    assert mine.json()["published_at"] is None
    hidden = (await client.get(_url(deal), headers=deal.creative.headers)).json()
    assert hidden["reviews"] == []
    assert hidden["window_closes_at"] is not None
    own = (await client.get(_url(deal), headers=deal.owner.headers)).json()
    assert [r["rating"] for r in own["reviews"]] == [5]
    public = f"/v1/creatives/{deal.creative_profile_id}/reviews"
    assert (await client.get(public)).json()["data"] == []

    theirs = await client.post(_url(deal), json=CREATIVE_REVIEW, headers=deal.creative.headers)
    assert theirs.json()["published_at"] is not None
    both = (await client.get(_url(deal), headers=deal.creative.headers)).json()["reviews"]
    assert sorted(r["rating"] for r in both) == [4, 5]
    listed = (await client.get(public)).json()["data"]
    assert [(r["rating"], r["author_user_id"]) for r in listed] == [(5, str(deal.owner.id))]
    profile = await session.get_one(
        CreativeProfile, deal.creative_profile_id, populate_existing=True
    )
    assert (profile.rating_avg, profile.rating_count) == (5.0, 1)

    twice = await client.post(_url(deal), json=OWNER_REVIEW, headers=deal.owner.headers)
    assert_problem(twice, 409, "review_already_submitted")


async def test_a_lone_review_is_published_when_the_window_closes(
    client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    await _completed(client, deal)
    await client.post(_url(deal), json={"rating": 3, "comment": ""}, headers=deal.owner.headers)
    assert await publish_due_reviews(session) == 0
    await session.execute(
        update(Review).values(publish_due_at=datetime.now(UTC) - timedelta(minutes=1))
    )
    assert await publish_due_reviews(session) == 1
    visible = (await client.get(_url(deal), headers=deal.creative.headers)).json()["reviews"]
    assert [r["rating"] for r in visible] == [3]
    profile = await session.get_one(
        CreativeProfile, deal.creative_profile_id, populate_existing=True
    )
    assert (profile.rating_avg, profile.rating_count) == (3.0, 1)


async def test_the_rating_averages_the_creatives_published_reviews(
    client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    second = await make_deal(session, creative=deal.creative)
    for each, rating in ((deal, 5), (second, 4)):
        await _completed(client, each)
        await client.post(_url(each), json={"rating": rating}, headers=each.owner.headers)
        await client.post(_url(each), json=CREATIVE_REVIEW, headers=each.creative.headers)
    profile = await session.get_one(
        CreativeProfile, deal.creative_profile_id, populate_existing=True
    )
    assert (profile.rating_avg, profile.rating_count) == (4.5, 2)


async def test_reviews_open_on_completion_and_close_after_seven_days(
    client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    early = await client.post(_url(deal), json=OWNER_REVIEW, headers=deal.owner.headers)
    assert_problem(early, 409, "contract_not_completed")
    await _completed(client, deal)
    await session.execute(
        update(Contract)
        .where(Contract.id == deal.contract_id)
        .values(completed_at=datetime.now(UTC) - timedelta(days=7, minutes=1))
    )
    late = await client.post(_url(deal), json=OWNER_REVIEW, headers=deal.owner.headers)
    assert_problem(late, 409, "review_window_closed")


async def test_strangers_see_no_reviews_and_ratings_are_one_to_five(
    client: httpx.AsyncClient, deal: Deal, stranger_owner: Actor, stranger_creative: Actor
) -> None:
    await _completed(client, deal)
    for stranger in (stranger_owner, stranger_creative):
        assert_problem(await client.get(_url(deal), headers=stranger.headers), 404)
        posted = await client.post(_url(deal), json=OWNER_REVIEW, headers=stranger.headers)
        assert_problem(posted, 404, "contract_not_found")
    assert_problem(await client.post(_url(deal), json=OWNER_REVIEW), 401, "invalid_token")
    for rating in (0, 6, "5", None):
        bad = await client.post(_url(deal), json={"rating": rating}, headers=deal.owner.headers)
        assert_problem(bad, 422, "validation_error")
