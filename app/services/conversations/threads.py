"""Opening, finding and listing threads; who is a party to which.

A thread belongs to (gig, creative). Either side may open it once the creative has proposed
on the gig or been invited to it (so a creative can never cold-message an owner); the worker
also opens it on those events, and attaches it to the contract when one is signed, so the
talk before the contract carries over.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, literal, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app.core.errors import Forbidden, InvalidRequest, NotFound
from app.core.pagination import PageParams, apply_keyset, paginate_rows
from app.core.principal import Principal
from app.models import (
    Conversation,
    ConversationRead,
    CreativeProfile,
    Gig,
    Invitation,
    Message,
    Proposal,
)
from app.models.base import new_id
from app.schemas.conversations import ConversationCreate, ConversationSummary
from app.services.conversations.rendering import message_read
from app.services.creatives import CreativeNotFound
from app.services.gigs import GigNotFound

_NO_MESSAGE = uuid.UUID(int=0)


class ConversationNotFound(NotFound):
    code, title = "conversation_not_found", "Conversation not found"


class NoProposalOrInvitation(Forbidden):
    code, title = (
        "conversation_not_allowed",
        "A conversation needs the creative's proposal on the gig or an invitation to it",
    )


class MineRequired(InvalidRequest):
    code, title = "mine_required", "Pass mine=true: conversations are listed for their parties"


def is_party(conversation: Conversation, user_id: uuid.UUID) -> bool:
    return user_id in (conversation.owner_id, conversation.creative_user_id)


def parties(conversation: Conversation) -> list[uuid.UUID]:
    return [conversation.owner_id, conversation.creative_user_id]


async def get_conversation_for_party(
    session: AsyncSession, principal: Principal, conversation_id: uuid.UUID
) -> Conversation:
    """The thread, if the caller is one of its two parties; 404 for everyone else."""
    conversation = await session.get(Conversation, conversation_id)
    if conversation is None or not is_party(conversation, principal.id):
        raise ConversationNotFound()
    return conversation


async def _may_talk(session: AsyncSession, gig_id: uuid.UUID, creative_id: uuid.UUID) -> bool:
    proposed = select(literal(1)).where(
        Proposal.gig_id == gig_id, Proposal.creative_id == creative_id
    )
    invited = select(literal(1)).where(
        Invitation.gig_id == gig_id, Invitation.creative_id == creative_id
    )
    return bool(await session.scalar(select(or_(proposed.exists(), invited.exists()))))


async def ensure_conversation(
    session: AsyncSession,
    *,
    gig_id: uuid.UUID,
    creative_id: uuid.UUID,
    owner_id: uuid.UUID,
    creative_user_id: uuid.UUID,
) -> Conversation:
    """The (gig, creative) thread, created if it does not exist yet (race-safe)."""
    await session.execute(
        insert(Conversation)
        .values(
            id=new_id(),
            gig_id=gig_id,
            creative_id=creative_id,
            owner_id=owner_id,
            creative_user_id=creative_user_id,
        )
        .on_conflict_do_nothing(constraint="uq_conversations_gig_id_creative_id")
    )
    conversation = await session.scalar(
        select(Conversation)
        .where(Conversation.gig_id == gig_id, Conversation.creative_id == creative_id)
        .execution_options(populate_existing=True)
    )
    assert conversation is not None
    return conversation


async def open_conversation(
    session: AsyncSession, principal: Principal, data: ConversationCreate
) -> ConversationSummary:
    """A gig's owner, or the creative, opens (or finds) their thread about the gig; only once
    the creative has proposed on it or been invited (403 `conversation_not_allowed`)."""
    gig = await session.get(Gig, data.gig_id)
    creative = await session.get(CreativeProfile, data.creative_id)
    if gig is None:
        raise GigNotFound()
    if creative is None:
        raise CreativeNotFound()
    if principal.id not in (gig.owner_id, creative.user_id):
        # Someone else's pair: say nothing about whether they talk.
        raise ConversationNotFound()
    if not await _may_talk(session, gig.id, creative.id):
        raise NoProposalOrInvitation()
    conversation = await ensure_conversation(
        session,
        gig_id=gig.id,
        creative_id=creative.id,
        owner_id=gig.owner_id,
        creative_user_id=creative.user_id,
    )
    return await conversation_summary(session, principal.id, conversation.id)


async def conversation_summary(
    session: AsyncSession, user_id: uuid.UUID, conversation_id: uuid.UUID
) -> ConversationSummary:
    """One thread as `user_id` sees it in their list."""
    return (await _summaries(session, user_id, [conversation_id]))[0]


async def list_conversations(
    session: AsyncSession, principal: Principal, *, mine: bool, page: PageParams
) -> tuple[list[ConversationSummary], str | None]:
    """The caller's threads, most recently active first, with unread counts."""
    if not mine:
        raise MineRequired()
    stmt = select(Conversation.id, Conversation.last_message_at).where(
        or_(Conversation.owner_id == principal.id, Conversation.creative_user_id == principal.id)
    )
    keyset: list[ColumnElement[Any]] = [
        Conversation.last_message_at.expression,
        Conversation.id.expression,
    ]
    rows = (await session.execute(apply_keyset(stmt, keyset, page))).all()
    rows, next_cursor = paginate_rows(rows, page.limit, lambda r: [r[1], r[0]])
    return await _summaries(session, principal.id, [r[0] for r in rows]), next_cursor


def _summary_query(user_id: uuid.UUID, ids: list[uuid.UUID]) -> Select[Any]:
    read = aliased(ConversationRead)
    last = (
        select(Message)
        .where(Message.conversation_id == Conversation.id)
        .order_by(Message.id.desc())
        .limit(1)
        .lateral()
    )
    unread = (
        select(func.count())
        .select_from(Message)
        .where(
            Message.conversation_id == Conversation.id,
            Message.id > func.coalesce(read.last_read_message_id, _NO_MESSAGE),
            Message.sender_user_id.is_distinct_from(user_id),
        )
        .scalar_subquery()
    )
    last_message = aliased(Message, last)
    return (
        select(Conversation, last_message, unread)
        .outerjoin(read, and_(read.conversation_id == Conversation.id, read.user_id == user_id))
        .outerjoin(last, literal(True))
        .where(Conversation.id.in_(ids))
        .order_by(Conversation.last_message_at.desc(), Conversation.id.desc())
    )


async def _summaries(
    session: AsyncSession, user_id: uuid.UUID, ids: list[uuid.UUID]
) -> list[ConversationSummary]:
    if not ids:
        return []
    rows = (await session.execute(_summary_query(user_id, ids))).all()
    return [
        ConversationSummary(
            id=conversation.id,
            gig_id=conversation.gig_id,
            creative_id=conversation.creative_id,
            owner_id=conversation.owner_id,
            creative_user_id=conversation.creative_user_id,
            contract_id=conversation.contract_id,
            created_at=conversation.created_at,
            last_message_at=conversation.last_message_at,
            last_message=message_read(last) if last is not None else None,
            unread_count=unread,
        )
        for conversation, last, unread in rows
    ]
