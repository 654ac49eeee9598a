"""Gigs: posting, editing, publishing, cancelling and finding them; the gig state machine.

States: draft -> open | cancelled; open -> in_progress | cancelled; in_progress -> completed |
cancelled. The owner's cancel action only covers draft and open gigs: once a contract exists
(in_progress) cancelling belongs to the contracts service, which ends the contract and then
moves the gig to cancelled through `transition_gig`.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import jakarta_today
from app.core.config import get_settings
from app.core.errors import (
    Conflict,
    Forbidden,
    InvalidTransition,
    NotFound,
    Unprocessable,
    Violations,
)
from app.core.event_types import EventType
from app.core.principal import Principal, require_role, require_verified_email
from app.core.state_machine import StateMachine
from app.models import Gig, GigStatus, UserRole
from app.repositories import gigs as repository
from app.schemas.gigs import GigCreate, GigRead, GigUpdate, gig_rule_errors
from app.services.events import record_event
from app.services.hubs.pool_access import ensure_open_to, ensure_pool_exists
from app.services.reference import (
    ensure_categories_exist,
    ensure_region_exists,
    ensure_skills_exist,
)
from app.services.search.vocabulary import remember_title_words


class GigNotFound(NotFound):
    code, title = "gig_not_found", "Gig not found"


class BusinessNotFound(NotFound):
    code, title = "business_not_found", "Business not found"


class NotBusinessOwner(Forbidden):
    code, title = "not_business_owner", "Gigs can only be posted for your own business"


class NotGigOwner(Forbidden):
    code, title = "not_gig_owner", "Only the gig's owner can do this"


class GigNotEditable(InvalidTransition):
    code, title = "gig_not_editable", "Only draft and open gigs can be edited"


class GigHasContract(InvalidTransition):
    code, title = "gig_has_contract", "A gig with a contract is cancelled through its contract"


class DeadlinePassed(Conflict):
    code, title = "deadline_passed", "The gig's deadline has passed; move it first"


class BudgetRangeInvalid(Unprocessable):
    code, title = "budget_range_invalid", "budget_min_idr must not exceed budget_max_idr"


class BudgetOutOfBounds(Unprocessable):
    code, title = "budget_out_of_bounds", "The budget is outside the allowed range"


class RegionRequired(Unprocessable):
    code, title = "region_required", "Onsite and hybrid gigs need a region_code"


GIG_TRANSITIONS: StateMachine[GigStatus] = StateMachine(
    "gig",
    {
        GigStatus.draft: frozenset({GigStatus.open, GigStatus.cancelled}),
        GigStatus.open: frozenset({GigStatus.in_progress, GigStatus.cancelled}),
        GigStatus.in_progress: frozenset({GigStatus.completed, GigStatus.cancelled}),
        GigStatus.completed: frozenset(),
        GigStatus.cancelled: frozenset(),
    },
)
EDITABLE_STATUSES = frozenset({GigStatus.draft, GigStatus.open})


def transition_gig(gig: Gig, target: GigStatus, *, action: str) -> None:
    """Move a (locked) gig to `target`, or raise 409 `invalid_state_transition`."""
    GIG_TRANSITIONS.ensure(gig.status, target, action=action)
    gig.status = target
    if target is GigStatus.open and gig.published_at is None:
        gig.published_at = datetime.now(UTC)
        _start_pool_window(gig)


def _start_pool_window(gig: Gig) -> None:
    """A gig offered to a pool is the pool's alone for POOL_EXCLUSIVE_HOURS after it was
    published (a draft's window starts when it is published); without a pool, nobody's."""
    if gig.pool_id is None or gig.published_at is None:
        gig.pool_exclusive_until = None
        return
    hours = get_settings().pool_exclusive_hours
    gig.pool_exclusive_until = gig.published_at + timedelta(hours=hours)


async def get_gig_for_update(session: AsyncSession, gig_id: uuid.UUID) -> Gig:
    """Load and row-lock a gig (SELECT ... FOR NO KEY UPDATE); 404 `gig_not_found` if it is
    missing. NO KEY: rows that merely reference the gig (a conversation's foreign key check
    takes FOR KEY SHARE) are not blocked, which a plain FOR UPDATE turned into deadlocks."""
    gig = await session.scalar(
        select(Gig)
        .where(Gig.id == gig_id)
        .with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    )
    if gig is None:
        raise GigNotFound()
    return gig


def is_gig_visible(
    gig_status: GigStatus, owner_id: uuid.UUID, viewer: Principal | None, *, hidden: bool = False
) -> bool:
    """Drafts, and every gig of a suspended or erased owner (`hidden`), are private to their
    owner; every other gig is public."""
    if viewer is not None and viewer.id == owner_id:
        return True
    return gig_status is not GigStatus.draft and not hidden


def require_gig_owner(gig: Gig, principal: Principal) -> None:
    """Strangers get 404 for a draft (they cannot see it) and 403 for a public gig."""
    if gig.owner_id == principal.id:
        return
    if not is_gig_visible(gig.status, gig.owner_id, principal, hidden=gig.hidden_at is not None):
        raise GigNotFound()
    raise NotGigOwner()


_RULE_ERRORS: dict[str, type[Unprocessable]] = {
    error.code: error for error in (BudgetRangeInvalid, BudgetOutOfBounds, RegionRequired)
}


async def _check_gig(
    session: AsyncSession,
    values: Mapping[str, Any],
    *,
    category: str | None,
    skills: list[str],
    region_code: str | None,
) -> None:
    """Every rule of the gig's fields together and every reference it names, checked before
    anything is written, so one 422 lists all that is wrong (`Violations`)."""
    violations = Violations()
    for rule in gig_rule_errors(values):
        violations.add(f"body.{rule.field}", _RULE_ERRORS[rule.code](rule.message, **rule.extra))
    if category is not None:
        with violations.collecting("body.category"):
            await ensure_categories_exist(session, [category])
    with violations.collecting("body.skills"):
        await ensure_skills_exist(session, skills)
    if region_code is not None:
        with violations.collecting("body.region_code"):
            await ensure_region_exists(session, region_code)
    violations.raise_any()


async def create_gig(session: AsyncSession, principal: Principal, data: GigCreate) -> GigRead:
    """Post a gig for one of the caller's own businesses, as a draft or published at once."""
    require_role(principal, UserRole.owner)
    business = await repository.get_business(session, data.business_id)
    if business is None:
        raise BusinessNotFound()
    if business.owner_id != principal.id:
        raise NotBusinessOwner()
    await _check_gig(
        session,
        data.model_dump(),
        category=data.category,
        skills=data.skills,
        region_code=data.region_code,
    )
    gig = Gig(
        business_id=business.id,
        owner_id=business.owner_id,
        title=data.title,
        description=data.description,
        category_slug=data.category,
        budget_min_idr=data.budget_min_idr,
        budget_max_idr=data.budget_max_idr,
        deadline=data.deadline,
        region_code=data.region_code,
        work_mode=data.work_mode,
        status=GigStatus.draft,
        proposal_count=0,
    )
    if data.pool_id is not None:
        gig.pool_id = (await ensure_pool_exists(session, data.pool_id)).id
    if data.status == "open":
        require_verified_email(principal)
        transition_gig(gig, GigStatus.open, action="publish")
    session.add(gig)
    await session.flush()
    await repository.replace_gig_skills(session, gig.id, data.skills)
    await remember_title_words(session, gig.title)
    if gig.status is GigStatus.open:
        await _record_published(session, gig, principal)
    return await _gig_read(session, gig.id)


async def update_gig(
    session: AsyncSession, principal: Principal, gig_id: uuid.UUID, data: GigUpdate
) -> GigRead:
    """Edit a draft or open gig; the merged result must pass the same rules as a new gig."""
    gig = await get_gig_for_update(session, gig_id)
    require_gig_owner(gig, principal)
    if gig.status not in EDITABLE_STATUSES:
        raise GigNotEditable(f"The gig is {gig.status.value}", current_status=gig.status.value)
    changes = data.model_dump(exclude_unset=True)
    merged = {
        "budget_min_idr": gig.budget_min_idr,
        "budget_max_idr": gig.budget_max_idr,
        "work_mode": gig.work_mode,
        "region_code": gig.region_code,
        **changes,
    }
    await _check_gig(
        session,
        merged,
        category=changes.get("category"),
        skills=changes.get("skills", []),
        region_code=changes.get("region_code"),
    )
    skills = changes.pop("skills", None)
    if "category" in changes:
        changes["category_slug"] = changes.pop("category")
    if "pool_id" in changes:
        pool_id = changes.pop("pool_id")
        gig.pool_id = None if pool_id is None else (await ensure_pool_exists(session, pool_id)).id
        _start_pool_window(gig)
    for name, value in changes.items():
        setattr(gig, name, value)
    await session.flush()
    if skills is not None:
        await repository.replace_gig_skills(session, gig.id, skills)
    if "title" in changes:
        await remember_title_words(session, gig.title)
    return await _gig_read(session, gig.id)


async def publish_gig(session: AsyncSession, principal: Principal, gig_id: uuid.UUID) -> GigRead:
    """Open a draft for proposals; its deadline must still be in the future."""
    gig = await get_gig_for_update(session, gig_id)
    require_gig_owner(gig, principal)
    require_verified_email(principal)
    GIG_TRANSITIONS.ensure(gig.status, GigStatus.open, action="publish")
    if gig.deadline <= jakarta_today():
        raise DeadlinePassed(f"The deadline {gig.deadline.isoformat()} is not in the future")
    transition_gig(gig, GigStatus.open, action="publish")
    await session.flush()
    await _record_published(session, gig, principal)
    return await _gig_read(session, gig.id)


async def cancel_gig(session: AsyncSession, principal: Principal, gig_id: uuid.UUID) -> GigRead:
    """Withdraw a draft or open gig; live proposals on it are declined."""
    gig = await get_gig_for_update(session, gig_id)
    require_gig_owner(gig, principal)
    if gig.status is GigStatus.in_progress:
        raise GigHasContract(current_status=gig.status.value)
    transition_gig(gig, GigStatus.cancelled, action="cancel")
    await session.flush()
    declined = await repository.decline_live_proposals(session, gig.id)
    for proposal_id, creative_user_id in declined:
        await record_event(
            session,
            type=EventType.proposal_declined,
            subject_type="proposal",
            subject_id=proposal_id,
            actor_user_id=principal.actor_id,
            principal_user_id=principal.on_behalf_of_id,
            audience=[creative_user_id, gig.owner_id],
            payload={
                "proposal_id": str(proposal_id),
                "gig_id": str(gig.id),
                "status": "declined",
                "reason": "gig_cancelled",
            },
        )
    await record_event(
        session,
        type=EventType.gig_cancelled,
        subject_type="gig",
        subject_id=gig.id,
        actor_user_id=principal.actor_id,
        principal_user_id=principal.on_behalf_of_id,
        audience=[gig.owner_id, *(creative_user_id for _, creative_user_id in declined)],
        payload={"gig_id": str(gig.id), "title": gig.title, "declined_proposals": len(declined)},
    )
    return await _gig_read(session, gig.id)


async def _record_published(session: AsyncSession, gig: Gig, principal: Principal) -> None:
    await record_event(
        session,
        type=EventType.gig_published,
        subject_type="gig",
        subject_id=gig.id,
        actor_user_id=principal.actor_id,
        principal_user_id=principal.on_behalf_of_id,
        audience=[gig.owner_id],
        payload={
            "gig_id": str(gig.id),
            "business_id": str(gig.business_id),
            "title": gig.title,
            "category": gig.category_slug,
            "budget_min_idr": gig.budget_min_idr,
            "budget_max_idr": gig.budget_max_idr,
            "deadline": gig.deadline.isoformat(),
            "work_mode": gig.work_mode.value,
            "region_code": gig.region_code,
            "pool_id": str(gig.pool_id) if gig.pool_id else None,
            "exclusive_until": (
                gig.pool_exclusive_until.isoformat() if gig.pool_exclusive_until else None
            ),
        },
    )


async def _gig_read(session: AsyncSession, gig_id: uuid.UUID) -> GigRead:
    """The gig as whoever just changed it sees it (they passed the owner's checks, possibly
    acting for the owner, so no visibility rule applies)."""
    row = await repository.get_gig_view(session, gig_id)
    assert row is not None
    return GigRead.model_validate({**repository.gig_fields(row), "description": row.description})


async def get_gig(session: AsyncSession, gig_id: uuid.UUID, viewer: Principal | None) -> GigRead:
    """A gig as its viewer may see it: drafts exist only for their owner, and during a pool's
    exclusive window only for the owner and the pool's members (403 `pool_exclusive_window`)."""
    row = await repository.get_gig_view(session, gig_id)
    if row is None or not is_gig_visible(
        row.status, row.owner_id, viewer, hidden=row.hidden_at is not None
    ):
        raise GigNotFound()
    await ensure_open_to(
        session,
        pool_id=row.pool_id,
        exclusive_until=row.pool_exclusive_until,
        owner_id=row.owner_id,
        viewer=viewer,
    )
    return GigRead.model_validate({**repository.gig_fields(row), "description": row.description})
