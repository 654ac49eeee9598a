import uuid

from fastapi import APIRouter, status

from app.core.auth import CurrentUser
from app.core.db import SessionDep
from app.core.errors import InvalidCursor, InvalidToken
from app.core.idempotency import Idempotency, IdempotencyKeyInProgress, IdempotencyKeyReused
from app.core.pagination import Page, PageParamsDep
from app.core.problems import problem_responses
from app.schemas.training import TrainingRecordCreate, TrainingRecordRead
from app.services.creatives import CreativeNotFound
from app.services.files.attach import AttachmentNotFound
from app.services.hubs import training
from app.services.hubs.access import HubNotFound, HubRoleRequired
from app.services.hubs.pools import CreativeNotAffiliated
from app.services.hubs.training import TrainingRecordNotFound

router = APIRouter(tags=["training"])


@router.post(
    "/v1/hubs/{hub_id}/training-records",
    status_code=status.HTTP_201_CREATED,
    summary="Record a completed programme",
    responses=problem_responses(
        InvalidToken,
        HubNotFound,
        HubRoleRequired,
        CreativeNotFound,
        CreativeNotAffiliated,
        AttachmentNotFound,
        IdempotencyKeyReused,
        IdempotencyKeyInProgress,
    ),
)
async def record_training(
    hub_id: uuid.UUID,
    body: TrainingRecordCreate,
    principal: CurrentUser,
    session: SessionDep,
    idempotency: Idempotency,
) -> TrainingRecordRead:
    """The hub's staff record that an affiliated creative completed a programme, optionally
    with a certificate uploaded with purpose `training_certificate`."""
    record = await training.record_training(session, principal, hub_id, body)
    return await idempotency.complete(record, status_code=status.HTTP_201_CREATED)


@router.get(
    "/v1/hubs/{hub_id}/training-records",
    summary="A hub's training records",
    responses=problem_responses(InvalidToken, InvalidCursor, HubNotFound, HubRoleRequired),
)
async def list_hub_training_records(
    hub_id: uuid.UUID, principal: CurrentUser, session: SessionDep, page: PageParamsDep
) -> Page[TrainingRecordRead]:
    """The hub's staff list its records, newest completion first."""
    return await training.list_hub_records(session, principal, hub_id, page)


@router.delete(
    "/v1/hubs/{hub_id}/training-records/{record_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a training record",
    responses=problem_responses(InvalidToken, HubNotFound, HubRoleRequired, TrainingRecordNotFound),
)
async def delete_training_record(
    hub_id: uuid.UUID, record_id: uuid.UUID, principal: CurrentUser, session: SessionDep
) -> None:
    """The hub's staff delete one of its records; the certificate becomes private again."""
    await training.delete_record(session, principal, hub_id, record_id)


@router.get(
    "/v1/creatives/{creative_id}/training-records",
    summary="A creative's training records",
    responses=problem_responses(InvalidCursor, CreativeNotFound),
)
async def list_creative_training_records(
    creative_id: uuid.UUID, session: SessionDep, page: PageParamsDep
) -> Page[TrainingRecordRead]:
    """Public: programmes the creative completed, each verified by its hub, newest first."""
    return await training.list_creative_records(session, creative_id, page)
