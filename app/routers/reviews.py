import uuid

from fastapi import APIRouter, status

from app.core.auth import ContractReader, CurrentUser
from app.core.db import SessionDep
from app.core.errors import InsufficientScope, InvalidCursor, InvalidToken
from app.core.idempotency import Idempotency, IdempotencyKeyInProgress, IdempotencyKeyReused
from app.core.pagination import Page, PageParamsDep
from app.core.problems import problem_responses
from app.schemas.reviews import ContractReviewsRead, ReviewCreate, ReviewRead
from app.services import reviews
from app.services.contracts import ContractNotFound
from app.services.reviews import ContractNotCompleted, ReviewAlreadySubmitted, ReviewWindowClosed

router = APIRouter(tags=["reviews"])


@router.post(
    "/v1/contracts/{contract_id}/reviews",
    status_code=status.HTTP_201_CREATED,
    summary="Review the other party of a completed contract",
    responses=problem_responses(
        InvalidToken,
        ContractNotFound,
        ContractNotCompleted,
        ReviewWindowClosed,
        ReviewAlreadySubmitted,
        IdempotencyKeyReused,
        IdempotencyKeyInProgress,
    ),
)
async def create_review(
    contract_id: uuid.UUID,
    body: ReviewCreate,
    principal: CurrentUser,
    session: SessionDep,
    idempotency: Idempotency,
) -> ReviewRead:
    """Once per party, within 7 days of completion; hidden until both are in or the window ends."""
    review = await reviews.submit_review(
        session,
        principal=principal,
        contract_id=contract_id,
        rating=body.rating,
        comment=body.comment,
    )
    return await idempotency.complete(review, status_code=status.HTTP_201_CREATED)


@router.get(
    "/v1/contracts/{contract_id}/reviews",
    summary="A contract's reviews",
    responses=problem_responses(InvalidToken, InsufficientScope, ContractNotFound),
)
async def list_contract_reviews(
    contract_id: uuid.UUID, principal: ContractReader, session: SessionDep
) -> ContractReviewsRead:
    """Your own review, and the other party's once it is published."""
    return await reviews.reviews_for_party(session, principal=principal, contract_id=contract_id)


@router.get(
    "/v1/creatives/{creative_id}/reviews",
    summary="A creative's published reviews",
    responses=problem_responses(InvalidCursor),
)
async def list_creative_reviews(
    creative_id: uuid.UUID, session: SessionDep, page: PageParamsDep
) -> Page[ReviewRead]:
    """Business owners' published reviews of the creative (by profile id), newest first."""
    return await reviews.creative_reviews(session, creative_id=creative_id, page=page)
