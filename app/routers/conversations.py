import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from app.core.acting import ACTING_ERRORS
from app.core.auth import AdminUser, scoped
from app.core.db import SessionDep
from app.core.errors import (
    InsufficientScope,
    InvalidCursor,
    InvalidToken,
    InvalidTransition,
    RoleRequired,
)
from app.core.idempotency import Idempotency, IdempotencyKeyInProgress, IdempotencyKeyReused
from app.core.pagination import Page, PageParamsDep
from app.core.principal import Principal
from app.core.problems import problem_responses
from app.core.scopes import Scope
from app.schemas.conversations import (
    ConversationCreate,
    ConversationSummary,
    DisputeEvidence,
    MessageCreate,
    MessagePage,
    MessageRead,
    ReadMark,
)
from app.services.conversations import evidence, messages, threads
from app.services.conversations.attachments import AttachmentNotFound
from app.services.conversations.messages import (
    BlankMessage,
    MessageNotFound,
    NotMessageSender,
    RetractWindowClosed,
)
from app.services.conversations.threads import (
    ConversationNotFound,
    MineRequired,
    NoProposalOrInvitation,
)
from app.services.creatives import CreativeNotFound
from app.services.escrow.disputes import DisputeNotFound
from app.services.gigs import GigNotFound

router = APIRouter(tags=["conversations"])

# Partner apps acting for a linked creative read and write with these scopes.
Reader = Annotated[Principal, scoped(Scope.messages_read)]
Writer = Annotated[Principal, scoped(Scope.messages_write)]


@router.post(
    "/v1/conversations",
    status_code=status.HTTP_201_CREATED,
    summary="Open the conversation about a gig with a creative",
    responses=problem_responses(
        *ACTING_ERRORS,
        InvalidToken,
        InsufficientScope,
        GigNotFound,
        CreativeNotFound,
        ConversationNotFound,
        NoProposalOrInvitation,
    ),
)
async def open_conversation(
    body: ConversationCreate, principal: Writer, session: SessionDep
) -> ConversationSummary:
    """The gig's owner or the creative opens their thread (or gets it if it exists); the
    creative must have proposed on the gig or been invited to it."""
    return await threads.open_conversation(session, principal, body)


@router.get(
    "/v1/conversations",
    summary="List my conversations",
    responses=problem_responses(
        *ACTING_ERRORS, InvalidToken, InsufficientScope, InvalidCursor, MineRequired
    ),
)
async def list_conversations(
    principal: Reader,
    session: SessionDep,
    page: PageParamsDep,
    mine: Annotated[bool, Query(description="Must be true: your own conversations")] = True,
) -> Page[ConversationSummary]:
    """Threads you are a party to, most recently active first, with unread counts."""
    data, next_cursor = await threads.list_conversations(session, principal, mine=mine, page=page)
    return Page(data=data, next_cursor=next_cursor)


@router.get(
    "/v1/conversations/{conversation_id}/messages",
    summary="Read a conversation's messages",
    responses=problem_responses(
        *ACTING_ERRORS, InvalidToken, InsufficientScope, ConversationNotFound
    ),
)
async def list_messages(
    conversation_id: uuid.UUID,
    principal: Reader,
    session: SessionDep,
    before: Annotated[
        uuid.UUID | None, Query(description="Older than this message (newest first)")
    ] = None,
    after: Annotated[
        uuid.UUID | None, Query(description="Newer than this message (oldest first; polling)")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="Page size (1-100)")] = 50,
) -> MessagePage:
    """Newest first by default; `after` returns what arrived since a message you have."""
    return await messages.list_messages(
        session, principal, conversation_id, before=before, after=after, limit=limit
    )


@router.post(
    "/v1/conversations/{conversation_id}/messages",
    status_code=status.HTTP_201_CREATED,
    summary="Write a message",
    responses=problem_responses(
        *ACTING_ERRORS,
        InvalidToken,
        InsufficientScope,
        ConversationNotFound,
        BlankMessage,
        AttachmentNotFound,
        IdempotencyKeyReused,
        IdempotencyKeyInProgress,
    ),
)
async def post_message(
    conversation_id: uuid.UUID,
    body: MessageCreate,
    principal: Writer,
    session: SessionDep,
    idempotency: Idempotency,
) -> MessageRead:
    """Plain text (links stay text), optionally with files uploaded for messages. A retry
    with the same `Idempotency-Key` posts nothing new and gets the first answer."""
    message = await messages.post_message(session, principal, conversation_id, body)
    return await idempotency.complete(message, status_code=status.HTTP_201_CREATED)


@router.post(
    "/v1/conversations/{conversation_id}/messages/{message_id}/retract",
    summary="Retract my message",
    responses=problem_responses(
        InvalidToken,
        InsufficientScope,
        ConversationNotFound,
        MessageNotFound,
        NotMessageSender,
        RetractWindowClosed,
        InvalidTransition,
    ),
)
async def retract_message(
    conversation_id: uuid.UUID, message_id: uuid.UUID, principal: Writer, session: SessionDep
) -> MessageRead:
    """Within 10 minutes of sending: the other party then sees that it was retracted, not
    what it said (admins still can, in a dispute)."""
    return await messages.retract_message(session, principal, conversation_id, message_id)


@router.post(
    "/v1/conversations/{conversation_id}/read",
    summary="Mark a conversation read",
    responses=problem_responses(
        *ACTING_ERRORS, InvalidToken, InsufficientScope, ConversationNotFound, MessageNotFound
    ),
)
async def mark_read(
    conversation_id: uuid.UUID, body: ReadMark, principal: Reader, session: SessionDep
) -> ConversationSummary:
    """Everything up to this message counts as read (the position never moves back)."""
    return await messages.mark_read(session, principal, conversation_id, body)


@router.get(
    "/v1/admin/disputes/{dispute_id}/evidence",
    tags=["admin"],
    summary="Read a dispute's evidence",
    responses=problem_responses(InvalidToken, RoleRequired, DisputeNotFound),
)
async def dispute_evidence(
    dispute_id: uuid.UUID, principal: AdminUser, session: SessionDep
) -> DisputeEvidence:
    """The contract's thread in order, retracted messages with their original text, and the
    files exchanged in it."""
    return await evidence.dispute_evidence(session, principal, dispute_id)
