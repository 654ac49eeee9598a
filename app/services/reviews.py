"""Double-blind reviews: each party of a completed contract rates the other once, within
REVIEW_WINDOW_DAYS (7) of completion. A review stays hidden from the other party until both
are in or the window closes; then both are published together, and the owner's rating of
the creative feeds the creative profile's `rating_avg` / `rating_count`."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from app.core.errors import Conflict, InvalidTransition
from app.core.event_types import EventType
from app.core.pagination import Page, PageParams, apply_keyset, paginate
from app.core.principal import Principal
from app.models import Contract, ContractStatus, CreativeProfile, Review
from app.schemas.reviews import ContractReviewsRead, ReviewRead
from app.services.contracts import ContractNotFound, contract_audience, is_party, lock_contract
from app.services.events import record_event


class ContractNotCompleted(InvalidTransition):
    code, title = "contract_not_completed", "Reviews open once the contract is completed"


class ReviewWindowClosed(InvalidTransition):
    code, title = "review_window_closed", "The review window of this contract has closed"


class ReviewAlreadySubmitted(Conflict):
    code, title = "review_already_submitted", "You already reviewed this contract"


def review_window_end(contract: Contract) -> datetime:
    assert contract.completed_at is not None
    return contract.completed_at + timedelta(days=get_settings().review_window_days)


async def submit_review(
    session: AsyncSession,
    *,
    principal: Principal,
    contract_id: uuid.UUID,
    rating: int,
    comment: str,
) -> ReviewRead:
    """A party reviews the other once; the second review publishes both."""
    # The contract lock serialises the two parties, so "both are in" is never missed.
    contract = await lock_contract(session, contract_id)
    if contract is None or not is_party(principal, contract):
        raise ContractNotFound()
    if contract.status is not ContractStatus.completed:
        raise ContractNotCompleted(
            f"Contract is {contract.status.value}", current_status=contract.status.value
        )
    window_end = review_window_end(contract)
    if datetime.now(UTC) >= window_end:
        raise ReviewWindowClosed(f"Reviews closed at {window_end.isoformat()}")
    by_owner = principal.id == contract.owner_id
    review = Review(
        contract_id=contract.id,
        author_user_id=principal.id,
        subject_user_id=contract.creative_user_id if by_owner else contract.owner_id,
        creative_id=contract.creative_id if by_owner else None,
        rating=rating,
        comment=comment,
        publish_due_at=window_end,
    )
    try:
        async with session.begin_nested():
            session.add(review)
    except IntegrityError as exc:
        if "uq_reviews_contract_author" in str(exc.orig):
            raise ReviewAlreadySubmitted() from exc
        raise
    reviews = await _contract_reviews(session, contract.id)
    if len(reviews) == 2:
        await publish_reviews(session, contract, reviews)
    await session.refresh(review)
    return ReviewRead.model_validate(review)


async def _contract_reviews(session: AsyncSession, contract_id: uuid.UUID) -> list[Review]:
    return list(
        (
            await session.scalars(
                select(Review)
                .where(Review.contract_id == contract_id)
                .order_by(Review.created_at, Review.id)
                .execution_options(populate_existing=True)
            )
        ).all()
    )


async def publish_reviews(session: AsyncSession, contract: Contract, reviews: list[Review]) -> None:
    """Reveal the contract's reviews and refresh the creative's rating summary."""
    now = datetime.now(UTC)
    newly = [r for r in reviews if r.published_at is None]
    for review in newly:
        review.published_at = now
    await session.flush()
    if any(r.creative_id is not None for r in newly):
        await refresh_creative_rating(session, contract.creative_id)
    for review in newly:
        await record_event(
            session,
            type=EventType.review_published,
            subject_type="review",
            subject_id=review.id,
            actor_user_id=None,
            audience=contract_audience(contract),
            payload={
                "review_id": str(review.id),
                "contract_id": str(contract.id),
                "subject_user_id": str(review.subject_user_id),
                "rating": review.rating,
            },
        )


async def refresh_creative_rating(session: AsyncSession, creative_id: uuid.UUID) -> None:
    # Lock the profile first, then aggregate in a fresh statement: concurrent publications
    # for one creative then each see the other's committed review.
    profile = await session.get_one(
        CreativeProfile, creative_id, with_for_update=True, populate_existing=True
    )
    average, count = (
        await session.execute(
            select(func.avg(Review.rating), func.count()).where(
                Review.creative_id == creative_id, Review.published_at.is_not(None)
            )
        )
    ).one()
    profile.rating_count = int(count)
    profile.rating_avg = round(float(average), 2) if count else None
    await session.flush()


async def publish_due_reviews(session: AsyncSession) -> int:
    """Worker task: publish reviews whose window closed without the other party's review."""
    contract_ids = (
        await session.scalars(
            select(Review.contract_id)
            .where(Review.published_at.is_(None), Review.publish_due_at <= datetime.now(UTC))
            .distinct()
            .limit(100)
        )
    ).all()
    for contract_id in contract_ids:
        contract = await lock_contract(session, contract_id)
        if contract is not None:
            await publish_reviews(session, contract, await _contract_reviews(session, contract_id))
    return len(contract_ids)


async def reviews_for_party(
    session: AsyncSession, *, principal: Principal, contract_id: uuid.UUID
) -> ContractReviewsRead:
    """Your own review, and the other party's once it is published; and when the window
    closes (None before the contract completes)."""
    contract = await session.get(Contract, contract_id)
    if contract is None or not is_party(principal, contract):
        raise ContractNotFound()
    visible = [
        r
        for r in await _contract_reviews(session, contract_id)
        if r.author_user_id == principal.id or r.published_at is not None
    ]
    return ContractReviewsRead(
        reviews=[ReviewRead.model_validate(r) for r in visible],
        window_closes_at=review_window_end(contract) if contract.completed_at else None,
    )


async def creative_reviews(
    session: AsyncSession, *, creative_id: uuid.UUID, page: PageParams
) -> Page[ReviewRead]:
    """Published reviews of a creative by business owners, newest first (public)."""
    stmt = select(Review).where(Review.creative_id == creative_id, Review.published_at.is_not(None))
    stmt = apply_keyset(stmt, [Review.published_at.expression, Review.id.expression], page)
    rows = list((await session.scalars(stmt)).all())
    return paginate(
        rows, page.limit, key=lambda r: (r.published_at, str(r.id)), read=ReviewRead.model_validate
    )
