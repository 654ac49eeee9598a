"""The one list of event types the marketplace records in the outbox (app/services/events.py).

Each type says which scopes let a partner token see it (any one of them is enough; none means
first-party tokens only) and what it means in one line. The feed and webhook fan-out filter by
these scopes (app/services/partners/feed.py), endpoint subscriptions are checked against them
(app/services/partners/webhooks.py), and the OpenAPI document lists them as the `EventType`
enum and as one `webhooks` entry each (app/core/webhook_docs.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from app.core.scopes import Scope


class EventType(StrEnum):
    gig_published = "gig.published"
    gig_cancelled = "gig.cancelled"
    gig_deadline_approaching = "gig.deadline_approaching"
    proposal_submitted = "proposal.submitted"
    proposal_shortlisted = "proposal.shortlisted"
    proposal_accepted = "proposal.accepted"
    proposal_rejected = "proposal.rejected"
    proposal_withdrawn = "proposal.withdrawn"
    proposal_declined = "proposal.declined"
    invitation_created = "invitation.created"
    invitation_accepted = "invitation.accepted"
    invitation_declined = "invitation.declined"
    contract_created = "contract.created"
    contract_completed = "contract.completed"
    contract_cancelled = "contract.cancelled"
    milestone_created = "milestone.created"
    milestone_funded = "milestone.funded"
    milestone_submitted = "milestone.submitted"
    milestone_changes_requested = "milestone.changes_requested"
    milestone_approved = "milestone.approved"
    milestone_released = "milestone.released"
    milestone_refunded = "milestone.refunded"
    milestone_disputed = "milestone.disputed"
    milestone_cancelled = "milestone.cancelled"
    milestone_unfrozen = "milestone.unfrozen"
    milestone_review_due = "milestone.review_due"
    milestone_payment_requested = "milestone.payment_requested"
    dispute_opened = "dispute.opened"
    dispute_responded = "dispute.responded"
    dispute_withdrawn = "dispute.withdrawn"
    dispute_resolved = "dispute.resolved"
    dispute_response_due = "dispute.response_due"
    payout_paid = "payout.paid"
    payout_failed = "payout.failed"
    review_published = "review.published"
    creative_profile_updated = "creative_profile.updated"
    webhook_endpoint_disabled = "webhook_endpoint.disabled"
    message_posted = "message.posted"
    message_retracted = "message.retracted"
    user_erased = "user.erased"


@dataclass(frozen=True)
class EventTypeInfo:
    # Any one of these lets a partner token see the event; empty: first-party tokens only.
    scopes: tuple[Scope, ...]
    description: str


_GIGS = (Scope.gigs_read,)
_PROPOSALS = (Scope.proposals_read, Scope.proposals_write)
_INVITATIONS = (Scope.invitations_write, Scope.proposals_read)
_CONTRACTS = (Scope.contracts_read,)
_PROFILE = (Scope.profile_read,)
_MESSAGES = (Scope.messages_read,)

E = EventType
EVENT_TYPES: dict[EventType, EventTypeInfo] = {
    E.gig_published: EventTypeInfo(_GIGS, "A gig was published and takes proposals"),
    E.gig_cancelled: EventTypeInfo(_GIGS, "The owner cancelled a gig; its open proposals close"),
    E.gig_deadline_approaching: EventTypeInfo(
        _GIGS, "Reminder: an open gig's deadline is in 2 days and no proposal is accepted yet"
    ),
    E.proposal_submitted: EventTypeInfo(_PROPOSALS, "A creative sent a proposal on a gig"),
    E.proposal_shortlisted: EventTypeInfo(_PROPOSALS, "The gig's owner shortlisted a proposal"),
    E.proposal_accepted: EventTypeInfo(
        _PROPOSALS, "The gig's owner accepted a proposal (a contract follows)"
    ),
    E.proposal_rejected: EventTypeInfo(_PROPOSALS, "The gig's owner rejected a proposal"),
    E.proposal_withdrawn: EventTypeInfo(_PROPOSALS, "The creative withdrew their proposal"),
    E.proposal_declined: EventTypeInfo(
        _PROPOSALS, "A proposal closed because another was accepted or the gig ended"
    ),
    E.invitation_created: EventTypeInfo(
        _INVITATIONS, "A gig's owner invited a creative to send a proposal"
    ),
    E.invitation_accepted: EventTypeInfo(_INVITATIONS, "The creative accepted an invitation"),
    E.invitation_declined: EventTypeInfo(_INVITATIONS, "The creative declined an invitation"),
    E.contract_created: EventTypeInfo(_CONTRACTS, "A contract was made from an accepted proposal"),
    E.contract_completed: EventTypeInfo(
        _CONTRACTS, "A contract ended with every milestone settled"
    ),
    E.contract_cancelled: EventTypeInfo(
        _CONTRACTS, "A contract ended with none of its money paid to the creative"
    ),
    E.milestone_created: EventTypeInfo(_CONTRACTS, "A milestone was added to a contract"),
    E.milestone_funded: EventTypeInfo(_CONTRACTS, "A milestone's payment is held in escrow"),
    E.milestone_submitted: EventTypeInfo(_CONTRACTS, "The creative delivered a milestone's work"),
    E.milestone_changes_requested: EventTypeInfo(
        _CONTRACTS, "The owner asked for changes to delivered work"
    ),
    E.milestone_approved: EventTypeInfo(
        _CONTRACTS, "The owner approved a milestone (or it was approved automatically)"
    ),
    E.milestone_released: EventTypeInfo(
        _CONTRACTS, "A milestone's money was released to the creative's balance"
    ),
    E.milestone_refunded: EventTypeInfo(_CONTRACTS, "A milestone's payment was refunded"),
    E.milestone_disputed: EventTypeInfo(
        _CONTRACTS, "A milestone is frozen by a dispute or a chargeback"
    ),
    E.milestone_cancelled: EventTypeInfo(_CONTRACTS, "An unfunded milestone was cancelled"),
    E.milestone_unfrozen: EventTypeInfo(
        _CONTRACTS, "A dispute ended and the milestone went back to its earlier status"
    ),
    E.milestone_review_due: EventTypeInfo(
        _CONTRACTS, "Reminder: delivered work is released automatically in 3 days unless reviewed"
    ),
    E.milestone_payment_requested: EventTypeInfo(
        (),
        "A hub facilitator acting for the owner asked her to pay a milestone herself",
    ),
    E.dispute_opened: EventTypeInfo(_CONTRACTS, "A party opened a dispute on a milestone"),
    E.dispute_responded: EventTypeInfo(_CONTRACTS, "The other party answered a dispute"),
    E.dispute_withdrawn: EventTypeInfo(_CONTRACTS, "The party who opened a dispute withdrew it"),
    E.dispute_resolved: EventTypeInfo(_CONTRACTS, "An admin resolved a dispute"),
    E.dispute_response_due: EventTypeInfo(
        _CONTRACTS, "Reminder: the other party's answer to a dispute is due tomorrow"
    ),
    E.payout_paid: EventTypeInfo(_CONTRACTS, "A payout of the creative's earnings was paid"),
    E.payout_failed: EventTypeInfo(
        _CONTRACTS, "A payout could not be paid; the money is back in the available balance"
    ),
    E.review_published: EventTypeInfo(_PROFILE, "A review of a completed contract was published"),
    E.creative_profile_updated: EventTypeInfo(_PROFILE, "A creative changed their profile"),
    E.webhook_endpoint_disabled: EventTypeInfo(
        (Scope.webhooks_manage,), "A webhook endpoint was disabled after failing for days"
    ),
    E.message_posted: EventTypeInfo(
        _MESSAGES, "A party wrote in a conversation (ids only: read the message itself)"
    ),
    E.message_retracted: EventTypeInfo(_MESSAGES, "A sender retracted a message"),
    # Sent to each app the user had connected as a notice about the app (subject_type
    # `partner_app`), which reaches the app whatever its grants: the grant ends with erasure.
    E.user_erased: EventTypeInfo(
        tuple(Scope),
        "A user who connected the app erased their account; delete your copy of their data",
    ),
}
del E

# A new member without its row fails at import, not when the feed is first read.
if set(EVENT_TYPES) != set(EventType):
    raise RuntimeError(f"Event types without a row: {set(EventType) - set(EVENT_TYPES)}")

# Subscribing to `*` means every type, present and future.
ALL_EVENTS = "*"
_NAMES = frozenset(t.value for t in EventType)


def is_event_type(name: str) -> bool:
    return name in _NAMES


def event_scopes(name: str) -> tuple[Scope, ...]:
    """The scopes that may see an event of this type (none for unregistered names)."""
    return EVENT_TYPES[EventType(name)].scopes if is_event_type(name) else ()


def types_visible_with(scopes: Iterable[str]) -> list[EventType]:
    """The types a token holding `scopes` may see (partner tokens; `*` is checked apart)."""
    held = set(scopes)
    return [t for t, info in EVENT_TYPES.items() if held & set(info.scopes)]


def types_by_scopes() -> dict[tuple[Scope, ...], list[EventType]]:
    """Types grouped by the scopes that see them, for SQL that checks a grant row's scopes."""
    groups: dict[tuple[Scope, ...], list[EventType]] = {}
    for event_type, info in EVENT_TYPES.items():
        if info.scopes:
            groups.setdefault(info.scopes, []).append(event_type)
    return groups
