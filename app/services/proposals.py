"""Proposals: a creative's offer on an open gig, and the owner's shortlist/reject decisions.

Accepting a proposal creates a contract and lives in `app.services.contracts`.
"""

from __future__ import annotations

import uuid
from typing import Any, Literal

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from app.core.errors import (
    Conflict,
    Forbidden,
    InvalidCursor,
    InvalidTransition,
    NotFound,
    Unprocessable,
)
from app.core.event_types import EventType
from app.core.pagination import Page, PageParams, apply_keyset, paginate
from app.core.principal import Principal, require_role, require_verified_email
from app.core.state_machine import StateMachine
from app.models import (
    LIVE_PROPOSAL_STATUSES,
    CreativeProfile,
    Gig,
    GigStatus,
    Proposal,
    ProposalStatus,
    UserRole,
)
from app.schemas.proposals import ProposalCreate, ProposalRead, ProposalReject
from app.services.events import record_event
from app.services.gigs import GigNotFound, NotGigOwner, get_gig_for_update, is_gig_visible
from app.services.hubs.pool_access import ensure_open_to
from app.services.matching import loading as matching_loading
from app.services.matching.recommendations import score_creatives_for_gig

ProposalSort = Literal["newest", "match"]


class ProposalNotFound(NotFound):
    code, title = "proposal_not_found", "Proposal not found"


class GigNotOpen(InvalidTransition):
    code, title = "gig_not_open", "The gig is not open for proposals"


class ProposalExists(Conflict):
    code, title = "proposal_exists", "You already have a live proposal on this gig"


class ProfileRequired(Conflict):
    code, title = "profile_required", "Create your creative profile before sending proposals"


class OwnGig(Forbidden):
    code, title = "own_gig", "You cannot send a proposal to your own gig"


class NotProposalCreative(Forbidden):
    code, title = "not_proposal_creative", "Only the creative who sent the proposal can do this"


class ProposalPriceOutOfRange(Unprocessable):
    code, title = "proposal_price_out_of_range", "The price is outside the allowed range"


# accepted, rejected, withdrawn and declined are final: a creative whose proposal ended may
# send a new one while the gig is still open (the live-proposal unique index allows it).
PROPOSAL_TRANSITIONS: StateMachine[ProposalStatus] = StateMachine(
    "proposal",
    {
        ProposalStatus.submitted: frozenset(
            {
                ProposalStatus.shortlisted,
                ProposalStatus.accepted,
                ProposalStatus.rejected,
                ProposalStatus.withdrawn,
                ProposalStatus.declined,
            }
        ),
        ProposalStatus.shortlisted: frozenset(
            {
                ProposalStatus.accepted,
                ProposalStatus.rejected,
                ProposalStatus.withdrawn,
                ProposalStatus.declined,
            }
        ),
        ProposalStatus.accepted: frozenset(),
        ProposalStatus.rejected: frozenset(),
        ProposalStatus.withdrawn: frozenset(),
        ProposalStatus.declined: frozenset(),
    },
)


# The event each status a proposal moves to records (tests check every reachable one has one).
PROPOSAL_EVENTS: dict[ProposalStatus, EventType] = {
    ProposalStatus.submitted: EventType.proposal_submitted,
    ProposalStatus.shortlisted: EventType.proposal_shortlisted,
    ProposalStatus.accepted: EventType.proposal_accepted,
    ProposalStatus.rejected: EventType.proposal_rejected,
    ProposalStatus.withdrawn: EventType.proposal_withdrawn,
    ProposalStatus.declined: EventType.proposal_declined,
}


# sort=match scores every proposal of the gig with the matching service; a gig with more
# proposals than this is ranked on its newest ones.
MATCH_SORT_MAX_PROPOSALS = 1000


def proposal_event_payload(proposal: Proposal, **extra: object) -> dict[str, object]:
    return {
        "proposal_id": str(proposal.id),
        "gig_id": str(proposal.gig_id),
        "status": proposal.status.value,
        "price_idr": proposal.price_idr,
        **extra,
    }


def ensure_gig_visible(gig: Gig, principal: Principal) -> None:
    """Drafts exist only for their owner; everyone else gets the same 404 as a missing gig."""
    if not is_gig_visible(gig.status, gig.owner_id, principal, hidden=gig.hidden_at is not None):
        raise GigNotFound()


async def submit_proposal(
    session: AsyncSession, *, principal: Principal, gig_id: uuid.UUID, data: ProposalCreate
) -> ProposalRead:
    """A creative with a profile sends one live proposal to an open gig they do not own."""
    # The gig row lock serialises this with an accept on the same gig, so no proposal can
    # slip in after the others were declined.
    gig = await get_gig_for_update(session, gig_id)
    ensure_gig_visible(gig, principal)
    if gig.owner_id == principal.id:
        raise OwnGig()
    await ensure_open_to(
        session,
        pool_id=gig.pool_id,
        exclusive_until=gig.pool_exclusive_until,
        owner_id=gig.owner_id,
        viewer=principal,
    )
    require_role(principal, UserRole.creative)
    require_verified_email(principal)
    creative = await session.scalar(
        select(CreativeProfile).where(CreativeProfile.user_id == principal.id)
    )
    if creative is None:
        raise ProfileRequired()
    if gig.status is not GigStatus.open:
        raise GigNotOpen(f"Gig is {gig.status.value}", current_status=gig.status.value)
    settings = get_settings()
    if not settings.min_gig_budget_idr <= data.price_idr <= settings.max_gig_budget_idr:
        raise ProposalPriceOutOfRange(
            f"price_idr must be between {settings.min_gig_budget_idr} and "
            f"{settings.max_gig_budget_idr}"
        )
    live = await session.scalar(
        select(Proposal.id).where(
            Proposal.gig_id == gig.id,
            Proposal.creative_id == creative.id,
            Proposal.status.in_(LIVE_PROPOSAL_STATUSES),
        )
    )
    if live is not None:
        raise ProposalExists(existing_proposal_id=str(live))
    proposal = Proposal(
        gig_id=gig.id,
        creative_id=creative.id,
        creative_user_id=principal.id,
        cover_letter=data.cover_letter,
        price_idr=data.price_idr,
        delivery_days=data.delivery_days,
        status=ProposalStatus.submitted,
    )
    try:
        async with session.begin_nested():
            session.add(proposal)
    except IntegrityError as exc:
        # Backstop for a race the gig lock should already prevent.
        if "uq_proposals_gig_id_creative_id_live" in str(exc.orig):
            raise ProposalExists() from exc
        raise
    # Counts proposals received, so withdrawals do not lower it.
    gig.proposal_count += 1
    await record_event(
        session,
        type=EventType.proposal_submitted,
        subject_type="proposal",
        subject_id=proposal.id,
        actor_user_id=principal.actor_id,
        principal_user_id=principal.on_behalf_of_id,
        audience=[gig.owner_id, principal.id],
        payload=proposal_event_payload(proposal, delivery_days=proposal.delivery_days),
    )
    await session.refresh(proposal)
    return ProposalRead.from_row(proposal, creative)


async def list_gig_proposals(
    session: AsyncSession,
    *,
    principal: Principal,
    gig_id: uuid.UUID,
    status: ProposalStatus | None,
    page: PageParams,
    sort: ProposalSort = "newest",
) -> Page[ProposalRead]:
    """The gig's owner sees every proposal, a creative only their own: newest first, or with
    sort=match best-matching creative first (the score of GET /v1/gigs/{id}/matches)."""
    gig = await session.get(Gig, gig_id)
    if gig is None:
        raise GigNotFound()
    ensure_gig_visible(gig, principal)
    stmt = (
        select(Proposal, CreativeProfile)
        .join(CreativeProfile, CreativeProfile.id == Proposal.creative_id)
        .where(Proposal.gig_id == gig.id)
    )
    if principal.role is UserRole.creative:
        stmt = stmt.where(Proposal.creative_user_id == principal.id)
    elif gig.owner_id != principal.id:
        raise NotGigOwner()
    if status is not None:
        stmt = stmt.where(Proposal.status == status)
    if sort == "match":
        return await _by_match_score(session, gig.id, stmt, page)
    stmt = apply_keyset(stmt, [Proposal.created_at.expression, Proposal.id.expression], page)
    rows = (await session.execute(stmt)).tuples().all()
    return paginate(
        rows,
        page.limit,
        key=lambda row: (row[0].created_at, str(row[0].id)),
        read=lambda row: ProposalRead.from_row(*row),
    )


class ProposalsMineRequired(Unprocessable):
    code, title = "mine_required", "Only your own proposals can be listed: pass mine=true"


async def list_my_proposals(
    session: AsyncSession,
    *,
    principal: Principal,
    mine: bool,
    status: ProposalStatus | None,
    page: PageParams,
) -> Page[ProposalRead]:
    """A creative's own proposals across every gig, newest first."""
    if not mine:
        raise ProposalsMineRequired()
    require_role(principal, UserRole.creative)
    stmt = (
        select(Proposal, CreativeProfile)
        .join(CreativeProfile, CreativeProfile.id == Proposal.creative_id)
        .where(Proposal.creative_user_id == principal.id)
    )
    if status is not None:
        stmt = stmt.where(Proposal.status == status)
    stmt = apply_keyset(stmt, [Proposal.created_at.expression, Proposal.id.expression], page)
    rows = (await session.execute(stmt)).tuples().all()
    return paginate(
        rows,
        page.limit,
        key=lambda row: (row[0].created_at, str(row[0].id)),
        read=lambda row: ProposalRead.from_row(*row),
    )


async def _by_match_score(
    session: AsyncSession, gig_id: uuid.UUID, stmt: Select[Any], page: PageParams
) -> Page[ProposalRead]:
    """Proposals ordered by (match score, id) descending; the cursor is ["match", score, id].

    Scores are computed for the gig's proposals on every page (they are few), so a cursor
    stays valid while the scores do not change.
    """
    after: tuple[float, str] | None = None
    if page.cursor is not None:
        match page.cursor:
            case ["match", float() | int() as score, str() as last_id] if not isinstance(
                score, bool
            ):
                after = (float(score), last_id)
            case _:
                raise InvalidCursor("The cursor belongs to a different sort or is malformed")
    ordered = stmt.order_by(Proposal.created_at.desc()).limit(MATCH_SORT_MAX_PROPOSALS)
    rows = (await session.execute(ordered)).tuples().all()
    gig = await matching_loading.load_gig(session, gig_id)
    assert gig is not None
    scored = await score_creatives_for_gig(session, gig, [creative.id for _, creative in rows])
    score_of = {item.pair.creative.id: item.score for item in scored}
    reads = sorted(
        (ProposalRead.from_row(p, c, score_of.get(c.id, 0.0)) for p, c in rows),
        key=lambda r: (r.match_score or 0.0, str(r.id)),
        reverse=True,
    )
    if after is not None:
        reads = [r for r in reads if (r.match_score or 0.0, str(r.id)) < after]
    return paginate(
        reads, page.limit, key=lambda r: ("match", r.match_score, str(r.id)), read=lambda r: r
    )


async def load_proposal_for_party(
    session: AsyncSession,
    principal: Principal,
    proposal_id: uuid.UUID,
    *,
    for_update: bool = False,
) -> tuple[Proposal, Gig]:
    """The proposal and its gig, visible only to its creative and the gig's owner (else 404)."""
    stmt = (
        select(Proposal, Gig).join(Gig, Gig.id == Proposal.gig_id).where(Proposal.id == proposal_id)
    )
    if for_update:
        stmt = stmt.with_for_update(of=Proposal).execution_options(populate_existing=True)
    row = (await session.execute(stmt)).tuples().first()
    if row is None:
        raise ProposalNotFound()
    proposal, gig = row
    if principal.id not in (proposal.creative_user_id, gig.owner_id):
        raise ProposalNotFound()
    return proposal, gig


async def _read(session: AsyncSession, proposal: Proposal) -> ProposalRead:
    creative = await session.get_one(CreativeProfile, proposal.creative_id)
    return ProposalRead.from_row(proposal, creative)


async def get_proposal(
    session: AsyncSession, *, principal: Principal, proposal_id: uuid.UUID
) -> ProposalRead:
    """A proposal, for its creative or the gig's owner only."""
    proposal, _ = await load_proposal_for_party(session, principal, proposal_id)
    return await _read(session, proposal)


async def withdraw_proposal(
    session: AsyncSession, *, principal: Principal, proposal_id: uuid.UUID
) -> ProposalRead:
    """The creative takes back a proposal that is still submitted or shortlisted."""
    proposal, gig = await load_proposal_for_party(session, principal, proposal_id, for_update=True)
    if proposal.creative_user_id != principal.id:
        raise NotProposalCreative()
    await _move(session, principal, proposal, gig, ProposalStatus.withdrawn, action="withdraw")
    return await _read(session, proposal)


async def shortlist_proposal(
    session: AsyncSession, *, principal: Principal, proposal_id: uuid.UUID
) -> ProposalRead:
    """The gig's owner marks a submitted proposal as a favourite."""
    proposal, gig = await _load_for_gig_owner(session, principal, proposal_id)
    await _move(session, principal, proposal, gig, ProposalStatus.shortlisted, action="shortlist")
    return await _read(session, proposal)


async def reject_proposal(
    session: AsyncSession,
    *,
    principal: Principal,
    proposal_id: uuid.UUID,
    data: ProposalReject | None,
) -> ProposalRead:
    """The gig's owner turns down a submitted or shortlisted proposal, optionally saying why."""
    proposal, gig = await _load_for_gig_owner(session, principal, proposal_id)
    reason = data.reason if data is not None else None
    await _move(
        session, principal, proposal, gig, ProposalStatus.rejected, action="reject", reason=reason
    )
    return await _read(session, proposal)


async def _load_for_gig_owner(
    session: AsyncSession, principal: Principal, proposal_id: uuid.UUID
) -> tuple[Proposal, Gig]:
    proposal, gig = await load_proposal_for_party(session, principal, proposal_id, for_update=True)
    if gig.owner_id != principal.id:
        raise NotGigOwner()
    return proposal, gig


async def _move(
    session: AsyncSession,
    principal: Principal,
    proposal: Proposal,
    gig: Gig,
    target: ProposalStatus,
    *,
    action: str,
    **payload: object,
) -> None:
    PROPOSAL_TRANSITIONS.ensure(proposal.status, target, action=action)
    proposal.status = target
    await session.flush()
    await record_event(
        session,
        type=PROPOSAL_EVENTS[target],
        subject_type="proposal",
        subject_id=proposal.id,
        actor_user_id=principal.actor_id,
        principal_user_id=principal.on_behalf_of_id,
        audience=[gig.owner_id, proposal.creative_user_id],
        payload=proposal_event_payload(proposal, **payload),
    )
    await session.refresh(proposal, ["updated_at"])
