"""Invitations: a gig's owner asks a creative to send a proposal; the creative accepts or
declines.

States: pending -> accepted | declined. A pending invitation whose gig is no longer open, or
whose deadline has come, reads as `expired` and can no longer be answered. Expiry is computed
on read rather than stored: gigs close through several services (cancel, accepting a
proposal, contracts) and none of them has to know that invitations exist, and an expired
invitation can never come back to life because a gig never reopens.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import jakarta_today
from app.core.errors import (
    Conflict,
    Forbidden,
    InvalidTransition,
    NotFound,
    RoleRequired,
    Unprocessable,
)
from app.core.event_types import EventType
from app.core.pagination import Page, PageParams, apply_keyset, paginate
from app.core.principal import Principal
from app.core.state_machine import StateMachine
from app.models import (
    LIVE_PROPOSAL_STATUSES,
    CreativeProfile,
    Gig,
    GigStatus,
    Invitation,
    InvitationStatus,
    Proposal,
    User,
    UserRole,
)
from app.schemas.invitations import (
    InvitationAccepted,
    InvitationCreate,
    InvitationRead,
    ProposalForm,
)
from app.services.creatives import CreativeNotFound
from app.services.events import record_event
from app.services.gigs import get_gig_for_update, require_gig_owner
from app.services.hubs.pool_access import ensure_invitable
from app.services.invitation_caps import ensure_daily_invitation_caps
from app.services.proposals import GigNotOpen

MAX_INVITATIONS_PER_GIG = 20


class InvitationNotFound(NotFound):
    code, title = "invitation_not_found", "Invitation not found"


class InvitationExists(Conflict):
    code, title = "invitation_exists", "This creative has already been invited to this gig"


class InvitationLimitReached(Conflict):
    code, title = "invitation_limit_reached", "This gig has sent as many invitations as allowed"


class AlreadyProposed(Conflict):
    code, title = "already_proposed", "The creative already has a live proposal on this gig"


class InvitationExpired(InvalidTransition):
    code, title = "invitation_expired", "The gig is no longer open, so the invitation has expired"


class NotInvitedCreative(Forbidden):
    code, title = "not_invited_creative", "Only the invited creative can answer an invitation"


class NotAnInvitationParty(RoleRequired):
    code, title = "invitations_role_required", "Only owners and creatives have invitations"


class MineRequired(Unprocessable):
    code, title = "mine_required", "Only your own invitations can be listed: pass mine=true"


INVITATION_TRANSITIONS: StateMachine[InvitationStatus] = StateMachine(
    "invitation",
    {
        InvitationStatus.pending: frozenset({InvitationStatus.accepted, InvitationStatus.declined}),
        InvitationStatus.accepted: frozenset(),
        InvitationStatus.declined: frozenset(),
        InvitationStatus.expired: frozenset(),
    },
)
# The event each answer records.
INVITATION_EVENTS: dict[InvitationStatus, EventType] = {
    InvitationStatus.accepted: EventType.invitation_accepted,
    InvitationStatus.declined: EventType.invitation_declined,
}


def effective_status(
    stored: InvitationStatus, gig_status: GigStatus, deadline: date, today: date
) -> InvitationStatus:
    """A pending invitation is expired once its gig is not open or its deadline has come."""
    if stored is InvitationStatus.pending and (
        gig_status is not GigStatus.open or deadline <= today
    ):
        return InvitationStatus.expired
    return stored


def _effective_status_sql(today: date) -> ColumnElement[Any]:
    return case(
        (
            (Invitation.status == InvitationStatus.pending)
            & or_(Gig.status != GigStatus.open, Gig.deadline <= today),
            literal(InvitationStatus.expired.value),
        ),
        else_=Invitation.status,
    )


def _view_query() -> Select[Any]:
    return (
        select(Invitation, Gig, CreativeProfile)
        .join(Gig, Gig.id == Invitation.gig_id)
        .join(CreativeProfile, CreativeProfile.id == Invitation.creative_id)
    )


def _read(invitation: Invitation, gig: Gig, creative: CreativeProfile) -> InvitationRead:
    status = effective_status(invitation.status, gig.status, gig.deadline, jakarta_today())
    return InvitationRead.from_row(invitation, gig, creative, status=status)


def _payload(invitation: Invitation, status: InvitationStatus) -> dict[str, object]:
    return {
        "invitation_id": str(invitation.id),
        "gig_id": str(invitation.gig_id),
        "creative_id": str(invitation.creative_id),
        "status": status.value,
    }


async def invite_creative(
    session: AsyncSession, principal: Principal, gig_id: uuid.UUID, data: InvitationCreate
) -> InvitationRead:
    """The owner of an open gig invites an active creative, once, up to the per-gig limit."""
    # The gig row lock serialises invitations to one gig, so the limit cannot be overrun.
    gig = await get_gig_for_update(session, gig_id)
    require_gig_owner(gig, principal)
    if gig.status is not GigStatus.open or gig.deadline <= jakarta_today():
        raise GigNotOpen(f"Gig is {gig.status.value}", current_status=gig.status.value)
    creative = await session.scalar(
        select(CreativeProfile)
        .join(User, User.id == CreativeProfile.user_id)
        .where(CreativeProfile.id == data.creative_id, User.is_active.is_(True))
    )
    if creative is None:
        raise CreativeNotFound()
    await ensure_invitable(
        session,
        pool_id=gig.pool_id,
        exclusive_until=gig.pool_exclusive_until,
        creative_id=creative.id,
    )
    existing = await session.scalar(
        select(Invitation).where(Invitation.gig_id == gig.id, Invitation.creative_id == creative.id)
    )
    if existing is not None:
        raise InvitationExists(
            existing_invitation_id=str(existing.id), existing_status=existing.status.value
        )
    proposed = await session.scalar(
        select(Proposal.id).where(
            Proposal.gig_id == gig.id,
            Proposal.creative_id == creative.id,
            Proposal.status.in_(LIVE_PROPOSAL_STATUSES),
        )
    )
    if proposed is not None:
        raise AlreadyProposed(proposal_id=str(proposed))
    sent = await session.scalar(
        select(func.count()).select_from(Invitation).where(Invitation.gig_id == gig.id)
    )
    if (sent or 0) >= MAX_INVITATIONS_PER_GIG:
        raise InvitationLimitReached(
            f"A gig can invite at most {MAX_INVITATIONS_PER_GIG} creatives",
            limit=MAX_INVITATIONS_PER_GIG,
        )
    await ensure_daily_invitation_caps(session, owner_id=gig.owner_id, creative_id=creative.id)
    invitation = Invitation(
        gig_id=gig.id,
        creative_id=creative.id,
        owner_id=gig.owner_id,
        creative_user_id=creative.user_id,
        message=data.message or None,
        status=InvitationStatus.pending,
    )
    session.add(invitation)
    await session.flush()
    await record_event(
        session,
        type=EventType.invitation_created,
        subject_type="invitation",
        subject_id=invitation.id,
        actor_user_id=principal.id,
        audience=[gig.owner_id, creative.user_id],
        payload={**_payload(invitation, invitation.status), "gig_title": gig.title},
    )
    await session.refresh(invitation)
    return _read(invitation, gig, creative)


async def list_invitations(
    session: AsyncSession,
    principal: Principal,
    *,
    mine: bool,
    status: InvitationStatus | None,
    gig_id: uuid.UUID | None,
    page: PageParams,
) -> Page[InvitationRead]:
    """Owners see the invitations they sent, creatives those they received; newest first."""
    if not mine:
        raise MineRequired()
    stmt = _view_query()
    if principal.role is UserRole.owner:
        stmt = stmt.where(Invitation.owner_id == principal.id)
    elif principal.role is UserRole.creative:
        stmt = stmt.where(Invitation.creative_user_id == principal.id)
    else:
        raise NotAnInvitationParty()
    if status is not None:
        stmt = stmt.where(_effective_status_sql(jakarta_today()) == status.value)
    if gig_id is not None:
        stmt = stmt.where(Invitation.gig_id == gig_id)
    stmt = apply_keyset(stmt, [Invitation.created_at.expression, Invitation.id.expression], page)
    rows = (await session.execute(stmt)).tuples().all()
    return paginate(
        rows,
        page.limit,
        key=lambda row: (row[0].created_at, str(row[0].id)),
        read=lambda row: _read(*row),
    )


async def _load_for_creative(
    session: AsyncSession, principal: Principal, invitation_id: uuid.UUID
) -> tuple[Invitation, Gig, CreativeProfile]:
    """The invitation (row-locked) for its creative; the owner gets 403, anyone else 404."""
    stmt = (
        _view_query()
        .where(Invitation.id == invitation_id)
        .with_for_update(of=Invitation)
        .execution_options(populate_existing=True)
    )
    row = (await session.execute(stmt)).first()
    if row is None:
        raise InvitationNotFound()
    invitation: Invitation = row[0]
    gig: Gig = row[1]
    creative: CreativeProfile = row[2]
    if principal.id not in (invitation.owner_id, invitation.creative_user_id):
        raise InvitationNotFound()
    if principal.id != invitation.creative_user_id:
        raise NotInvitedCreative()
    return invitation, gig, creative


async def _answer(
    session: AsyncSession,
    principal: Principal,
    invitation_id: uuid.UUID,
    target: InvitationStatus,
    *,
    action: str,
) -> tuple[Invitation, Gig, CreativeProfile]:
    invitation, gig, creative = await _load_for_creative(session, principal, invitation_id)
    current = effective_status(invitation.status, gig.status, gig.deadline, jakarta_today())
    if current is InvitationStatus.expired:
        raise InvitationExpired(current_status=current.value, gig_status=gig.status.value)
    INVITATION_TRANSITIONS.ensure(current, target, action=action)
    invitation.status = target
    invitation.responded_at = datetime.now(UTC)
    await session.flush()
    await record_event(
        session,
        type=INVITATION_EVENTS[target],
        subject_type="invitation",
        subject_id=invitation.id,
        actor_user_id=principal.id,
        audience=[invitation.owner_id, invitation.creative_user_id],
        payload=_payload(invitation, target),
    )
    await session.refresh(invitation)
    return invitation, gig, creative


async def accept_invitation(
    session: AsyncSession, principal: Principal, invitation_id: uuid.UUID
) -> InvitationAccepted:
    """The invited creative accepts a pending invitation and gets the proposal form's details."""
    invitation, gig, creative = await _answer(
        session, principal, invitation_id, InvitationStatus.accepted, action="accept"
    )
    return InvitationAccepted(
        invitation=_read(invitation, gig, creative),
        proposal_form=ProposalForm(
            gig_id=gig.id,
            href=f"/v1/gigs/{gig.id}/proposals",
            budget_min_idr=gig.budget_min_idr,
            budget_max_idr=gig.budget_max_idr,
            deadline=gig.deadline,
        ),
    )


async def decline_invitation(
    session: AsyncSession, principal: Principal, invitation_id: uuid.UUID
) -> InvitationRead:
    """The invited creative declines a pending invitation; they will not be asked again."""
    return _read(
        *await _answer(
            session, principal, invitation_id, InvitationStatus.declined, action="decline"
        )
    )
