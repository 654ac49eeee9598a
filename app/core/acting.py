"""A hub facilitator acting for an owner (`X-On-Behalf-Of: <owner user id>`).

The one table `DELEGABLE_ROUTES` says which endpoints a facilitator may call for an owner and
which delegation scope each needs; every other endpoint is refused while acting (default deny),
so money (funding, approving a delivery, payouts), account settings and privacy can never be
reached on a facilitator's word. The delegation must be active and unexpired, and the
facilitator active staff of the delegation's hub: a facilitator removed from her hub loses
every delegation she held through it at once.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import BadRequest, Forbidden
from app.models import Delegation, DelegationScope, DelegationStatus, HubStaff, HubStaffStatus, User

ON_BEHALF_OF_HEADER = "X-On-Behalf-Of"


@dataclass(frozen=True)
class DelegableRoute:
    scope: DelegationScope
    # Allowed before the owner claimed her account (drafts only: nothing that reaches others).
    while_unclaimed: bool = False


_GIGS = DelegableRoute(DelegationScope.gigs_write, while_unclaimed=True)
_PROPOSALS_READ = DelegableRoute(DelegationScope.proposals_read)

# (method, path template) -> what it needs. Reading gigs and the owner's businesses comes with
# gigs:write (a facilitator posting gigs must see them); contracts are read with proposals:read
# (the accepted proposal's contract); a payment request belongs with accepting a proposal.
DELEGABLE_ROUTES: dict[tuple[str, str], DelegableRoute] = {
    ("GET", "/v1/businesses"): _GIGS,
    ("GET", "/v1/businesses/{business_id}"): _GIGS,
    ("GET", "/v1/gigs"): _GIGS,
    ("GET", "/v1/gigs/{gig_id}"): _GIGS,
    ("POST", "/v1/gigs"): _GIGS,
    ("PATCH", "/v1/gigs/{gig_id}"): _GIGS,
    ("POST", "/v1/gigs/{gig_id}/publish"): DelegableRoute(DelegationScope.gigs_write),
    ("POST", "/v1/gigs/{gig_id}/cancel"): DelegableRoute(DelegationScope.gigs_write),
    ("GET", "/v1/gigs/{gig_id}/proposals"): _PROPOSALS_READ,
    ("GET", "/v1/proposals/{proposal_id}"): _PROPOSALS_READ,
    ("GET", "/v1/contracts"): _PROPOSALS_READ,
    ("GET", "/v1/contracts/{contract_id}"): _PROPOSALS_READ,
    ("POST", "/v1/proposals/{proposal_id}/shortlist"): DelegableRoute(
        DelegationScope.proposals_shortlist
    ),
    ("POST", "/v1/proposals/{proposal_id}/accept"): DelegableRoute(
        DelegationScope.proposals_accept
    ),
    ("POST", "/v1/milestones/{milestone_id}/payment-requests"): DelegableRoute(
        DelegationScope.proposals_accept
    ),
    ("POST", "/v1/conversations"): DelegableRoute(DelegationScope.messages_write),
    ("GET", "/v1/conversations"): DelegableRoute(DelegationScope.messages_write),
    ("GET", "/v1/conversations/{conversation_id}/messages"): DelegableRoute(
        DelegationScope.messages_write
    ),
    ("POST", "/v1/conversations/{conversation_id}/messages"): DelegableRoute(
        DelegationScope.messages_write
    ),
    ("POST", "/v1/conversations/{conversation_id}/read"): DelegableRoute(
        DelegationScope.messages_write
    ),
}


class OnBehalfOfInvalid(BadRequest):
    code, title = "on_behalf_of_invalid", "X-On-Behalf-Of must be the owner's user id"


class NotDelegable(Forbidden):
    code, title = "not_delegable", "This cannot be done on someone else's behalf"


class DelegationRequired(Forbidden):
    code, title = (
        "delegation_required",
        "You hold no active delegation from this person (or no longer work for its hub)",
    )


class DelegationScopeMissing(Forbidden):
    code, title = "delegation_scope_missing", "The owner's delegation does not cover this"


class OwnerClaimPending(Forbidden):
    code, title = (
        "owner_claim_pending",
        "Until the owner claims her account, only drafts can be made for her",
    )


ACTING_ERRORS = (
    OnBehalfOfInvalid,
    NotDelegable,
    DelegationRequired,
    DelegationScopeMissing,
    OwnerClaimPending,
)


@dataclass(frozen=True)
class Acting:
    """Who acts (the facilitator) and what the owner's delegations allow her."""

    facilitator: User
    scopes: frozenset[str]
    delegation_ids: tuple[uuid.UUID, ...]


def parse_on_behalf_of(raw: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw.strip())
    except ValueError:
        raise OnBehalfOfInvalid() from None


async def resolve_acting(
    session: AsyncSession,
    *,
    facilitator: User,
    owner_user_id: uuid.UUID,
    method: str,
    path: str | None,
) -> tuple[User, Acting]:
    """The owner and the facilitator's rights for this request, or the reason it is refused."""
    route = DELEGABLE_ROUTES.get((method, path)) if path else None
    if route is None:
        raise NotDelegable()
    now = datetime.now(UTC)
    delegations = list(
        (
            await session.scalars(
                select(Delegation)
                .join(
                    HubStaff,
                    (HubStaff.hub_id == Delegation.hub_id)
                    & (HubStaff.user_id == Delegation.facilitator_user_id)
                    & (HubStaff.status == HubStaffStatus.active),
                )
                .where(
                    Delegation.facilitator_user_id == facilitator.id,
                    Delegation.owner_user_id == owner_user_id,
                    Delegation.status == DelegationStatus.active,
                    Delegation.expires_at > now,
                )
            )
        ).all()
    )
    owner = await session.get(User, owner_user_id) if delegations else None
    if owner is None or not owner.is_active:
        raise DelegationRequired()
    scopes = frozenset(scope for d in delegations for scope in d.scopes)
    if route.scope.value not in scopes:
        raise DelegationScopeMissing(f"Needs the delegation scope {route.scope.value}")
    if owner.claim_pending and not route.while_unclaimed:
        raise OwnerClaimPending()
    return owner, Acting(
        facilitator=facilitator,
        scopes=scopes,
        delegation_ids=tuple(d.id for d in delegations),
    )
