import uuid
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, UploadFile, status
from fastapi.responses import StreamingResponse

from app.core.auth import OptionalUser, scoped
from app.core.db import SessionDep
from app.core.errors import InsufficientScope, InvalidToken, PayloadTooLarge
from app.core.idempotency import Idempotency, IdempotencyKeyInProgress, IdempotencyKeyReused
from app.core.principal import Principal
from app.core.problems import problem_responses
from app.core.scopes import Scope
from app.models import FilePurpose
from app.schemas.files import FileRead
from app.services.files import access, uploads
from app.services.files.access import DownloadLinkExpired, FileNotFound
from app.services.files.images import ImageTooLarge, ImageUnreadable
from app.services.files.links import Variant
from app.services.files.uploads import (
    EmptyFile,
    FileInUse,
    FileTooLarge,
    TooManyPendingUploads,
    UnsupportedMediaType,
)

router = APIRouter(tags=["files"])

Uploader = Annotated[Principal, scoped(Scope.messages_write)]


@router.post(
    "/v1/files",
    status_code=status.HTTP_201_CREATED,
    summary="Upload a file",
    openapi_extra={
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "example": {"purpose": "deliverable", "file": "kemasan-final.pdf (binary)"}
                }
            }
        }
    },
    responses=problem_responses(
        InvalidToken,
        InsufficientScope,
        PayloadTooLarge,
        FileTooLarge,
        UnsupportedMediaType,
        EmptyFile,
        ImageTooLarge,
        ImageUnreadable,
        TooManyPendingUploads,
        IdempotencyKeyReused,
        IdempotencyKeyInProgress,
    ),
)
async def upload_file(
    principal: Uploader,
    session: SessionDep,
    idempotency: Idempotency,
    file: Annotated[UploadFile, File(description="The file; its type is read from its content")],
    purpose: Annotated[FilePurpose, Form(description="What the file is for (limits differ)")],
) -> FileRead:
    """Upload for a purpose (message_attachment 25 MB, deliverable 50 MB incl. PDF/AI/PSD/SVG/
    ZIP, portfolio_image 10 MB, dispute_evidence 25 MB, avatar 5 MB, training_certificate
    10 MB image or PDF); then use its id in a message, a milestone delivery, a portfolio item
    or a hub's training record within a day."""
    stored = await uploads.upload_file(
        session, principal, purpose=purpose, filename=file.filename, stream=file.file
    )
    return await idempotency.complete(stored, status_code=status.HTTP_201_CREATED)


@router.get(
    "/v1/files/{file_id}",
    summary="Get a file's details and download links",
    responses=problem_responses(InvalidToken, FileNotFound),
)
async def get_file(file_id: uuid.UUID, principal: OptionalUser, session: SessionDep) -> FileRead:
    """For whoever may see the file: its parties, anyone for a used portfolio image or
    avatar, admins; links expire after a few minutes (ask again for fresh ones)."""
    return await access.get_file(session, principal, file_id)


@router.get(
    "/v1/files/{file_id}/download",
    summary="Download through a signed link",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"application/octet-stream": {"schema": {"type": "string"}}}},
        **problem_responses(FileNotFound, DownloadLinkExpired),
    },
)
async def download_file(
    file_id: uuid.UUID,
    session: SessionDep,
    expires: Annotated[int, Query(ge=0, le=2**40)],
    signature: Annotated[str, Query(min_length=64, max_length=64, pattern=r"^[0-9a-f]+$")],
    variant: Annotated[Variant, Query()] = Variant.original,
) -> StreamingResponse:
    """The link from `GET /v1/files/{id}` is the authorisation: no token needed."""
    found = await access.download(session, file_id, variant, expires, signature)
    return StreamingResponse(found.chunks, media_type=found.content_type, headers=found.headers)


@router.delete(
    "/v1/files/{file_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete my unused upload",
    responses=problem_responses(InvalidToken, InsufficientScope, FileNotFound, FileInUse),
)
async def delete_file(file_id: uuid.UUID, principal: Uploader, session: SessionDep) -> None:
    """Only uploads nothing uses yet; used files are kept (messages are immutable, deliveries
    are evidence)."""
    await uploads.delete_upload(session, principal, file_id)
