"""UU PDP right to erasure: pseudonymise an account whose money and work are settled.

Refused (409) while the user has an active contract, money held in escrow (or a payment or
refund still on its way) or an unpaid payable balance: those are obligations to someone else,
and erasing their counterparty would leave them unanswerable. Otherwise, in one transaction:
open gigs are cancelled and live proposals withdrawn through their state machines, every token
is revoked, the name, email, phone, profile, portfolio, business contact details and free text
the user wrote are overwritten, the personal fields of stored provider events about their money
are emptied, and each partner app the user had connected receives a
`user.erased` event. Messages and uploads outside contracts go
(app/services/privacy/conversation_erasure.py). Contracts with their threads and files,
milestones, payments, payouts, disputes, reviews and the ledger stay (financial records and
the other party's history) and point to the pseudonym.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import delete, exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import Conflict, Forbidden
from app.core.event_types import EventType
from app.core.principal import Principal
from app.core.security import hash_password, verify_password
from app.models import (
    AccountToken,
    AuthToken,
    Business,
    Contract,
    ContractStatus,
    CreativeProfile,
    Gig,
    GigStatus,
    IdempotencyKey,
    Invitation,
    InvitationStatus,
    LoginFailure,
    Milestone,
    Notification,
    NotificationEmailBatch,
    NotificationPreference,
    OutboundEmail,
    PartnerGrant,
    Payment,
    PaymentStatus,
    Payout,
    PayoutAccount,
    PayoutStatus,
    PortfolioItem,
    Proposal,
    ProposalStatus,
    Refund,
    RefundStatus,
    User,
    WebhookEndpoint,
    WebhookEndpointStatus,
    creative_categories,
    creative_skills,
)
from app.models.creative import Availability
from app.schemas.privacy import AccountErased
from app.services import gigs, login_throttle, proposals
from app.services.events import record_event
from app.services.ledger import HELD_STATUSES, account_balance, creative_payable_account
from app.services.privacy.conversation_erasure import erase_conversations_and_files
from app.services.privacy.creative_hubs import erase_creative_hub_data
from app.services.privacy.hub_data import erase_hub_data
from app.services.privacy.lockdown import hide_gigs, revoke_all_tokens
from app.services.privacy.provider_payloads import redact_provider_payloads
from app.services.suspension import ACCOUNT_TRANSITIONS, AccountStatus, account_status

FORMER_MEMBER = "Mantan anggota"
ERASED_EMAIL_DOMAIN = "erased.invalid"  # RFC 2606: .invalid never resolves, so never mailed


class PasswordIncorrect(Forbidden):
    code, title = "password_incorrect", "The current password is incorrect"


class ErasureBlockedActiveContract(Conflict):
    code, title = (
        "erasure_blocked_active_contract",
        "Finish or cancel your active contracts before erasing the account",
    )


class ErasureBlockedEscrow(Conflict):
    code, title = (
        "erasure_blocked_escrow",
        "Money is held in escrow or a payment or refund is still on its way",
    )


class ErasureBlockedUnpaidBalance(Conflict):
    code, title = (
        "erasure_blocked_unpaid_balance",
        "You have earnings not yet paid out; receive them before erasing the account",
    )


def erased_email(user_id: uuid.UUID) -> str:
    """Unique (the id is) and unroutable, so the unique email constraint still holds."""
    return f"erased-{user_id.hex}@{ERASED_EMAIL_DOMAIN}"


async def erase_account(
    session: AsyncSession, principal: Principal, *, password: str
) -> AccountErased:
    """Pseudonymise the caller's account for good, once nothing is owed either way."""
    user = await session.scalar(
        select(User)
        .where(User.id == principal.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert user is not None  # the token resolved to this user in this request
    await login_throttle.ensure_login_allowed(session, user.email, None)
    if not verify_password(user.password_hash, password):
        # Committed before the 403, like a failed sign-in: a stolen access token must not
        # give unlimited guesses at the password.
        await login_throttle.record_login_failure(session, user.email, None)
        await session.commit()
        raise PasswordIncorrect()
    ACCOUNT_TRANSITIONS.ensure(account_status(user), AccountStatus.erased, action="erase")
    await ensure_nothing_owed(session, user.id)

    now = datetime.now(UTC)
    await _withdraw_public_work(session, principal)
    await _notify_connected_apps(session, user.id, now)
    await revoke_all_tokens(session, user.id, now)
    await hide_gigs(session, user.id, now)
    await _scrub_personal_data(session, user, now)
    return AccountErased(id=user.id, erased_at=now)


async def ensure_nothing_owed(session: AsyncSession, user_id: uuid.UUID) -> None:
    """Raise the first obligation that blocks erasure, if any."""
    party = or_(Contract.owner_id == user_id, Contract.creative_user_id == user_id)
    if await session.scalar(
        select(exists().where(party, Contract.status == ContractStatus.active))
    ):
        raise ErasureBlockedActiveContract()
    held = exists().where(
        Milestone.contract_id == Contract.id, party, Milestone.status.in_(HELD_STATUSES)
    )
    paying = exists().where(
        Payment.owner_id == user_id,
        Payment.status.in_([PaymentStatus.created, PaymentStatus.pending]),
    )
    refunding = exists().where(
        Refund.contract_id == Contract.id,
        party,
        Refund.status.in_([RefundStatus.created, RefundStatus.pending]),
    )
    if await session.scalar(select(held | paying | refunding)):
        raise ErasureBlockedEscrow()
    payable = await account_balance(session, creative_payable_account(user_id))
    in_transit = exists().where(
        Payout.creative_user_id == user_id,
        Payout.status.in_([PayoutStatus.awaiting_account, PayoutStatus.created]),
    )
    if payable != 0 or await session.scalar(select(in_transit)):
        raise ErasureBlockedUnpaidBalance(payable_idr=payable)


async def _withdraw_public_work(session: AsyncSession, principal: Principal) -> None:
    """Open gigs cancelled and live proposals withdrawn, each through its state machine (so
    the other side hears of it through the usual events)."""
    for gig_id in await session.scalars(
        select(Gig.id).where(
            Gig.owner_id == principal.id, Gig.status.in_([GigStatus.draft, GigStatus.open])
        )
    ):
        await gigs.cancel_gig(session, principal, gig_id)
    for proposal_id in await session.scalars(
        select(Proposal.id).where(
            Proposal.creative_user_id == principal.id,
            Proposal.status.in_([ProposalStatus.submitted, ProposalStatus.shortlisted]),
        )
    ):
        await proposals.withdraw_proposal(session, principal=principal, proposal_id=proposal_id)
    # Pending invitations to the creative will never be answered now.
    await session.execute(
        update(Invitation)
        .where(
            Invitation.creative_user_id == principal.id,
            Invitation.status == InvitationStatus.pending,
        )
        .values(status=InvitationStatus.declined, responded_at=datetime.now(UTC))
        .execution_options(synchronize_session=False)
    )


async def _notify_connected_apps(session: AsyncSession, user_id: uuid.UUID, now: datetime) -> None:
    """One `user.erased` notice per app the user had connected, addressed to the app (its grant
    ends below, and a notice about the app reaches it whatever its grants), then the grants
    end. Apps must delete what they copied about the user."""
    grants = list(
        await session.scalars(
            select(PartnerGrant).where(
                PartnerGrant.user_id == user_id, PartnerGrant.revoked_at.is_(None)
            )
        )
    )
    for grant in grants:
        await record_event(
            session,
            type=EventType.user_erased,
            subject_type="partner_app",
            subject_id=grant.app_id,
            actor_user_id=user_id,
            audience=[user_id],
            payload={"user_id": str(user_id), "erased_at": now.isoformat()},
        )
        grant.revoked_at = now
    await session.execute(
        update(WebhookEndpoint)
        .where(WebhookEndpoint.user_id == user_id)
        .values(status=WebhookEndpointStatus.disabled, disabled_at=now, disabled_reason="erased")
        .execution_options(synchronize_session=False)
    )


async def _scrub_personal_data(session: AsyncSession, user: User, now: datetime) -> None:
    old_email = user.email
    user.email = erased_email(user.id)
    user.full_name = FORMER_MEMBER
    user.phone = None
    user.pending_email = None
    # A hash of a random secret nobody holds: no password can ever match it again.
    user.password_hash = hash_password(uuid.uuid4().hex + uuid.uuid4().hex)
    user.is_active = False
    user.erased_at = now
    user.suspended_at = None

    profile = await session.scalar(
        select(CreativeProfile).where(CreativeProfile.user_id == user.id)
    )
    if profile is not None:
        profile.display_name = FORMER_MEMBER
        profile.headline = FORMER_MEMBER
        profile.bio = ""
        profile.rate_min_idr = None
        profile.availability = Availability.busy
        await session.execute(delete(PortfolioItem).where(PortfolioItem.creative_id == profile.id))
        await session.execute(
            delete(creative_skills).where(creative_skills.c.creative_id == profile.id)
        )
        await session.execute(
            delete(creative_categories).where(creative_categories.c.creative_id == profile.id)
        )
        await erase_creative_hub_data(session, profile.id)
    await session.execute(
        update(Business)
        .where(Business.owner_id == user.id)
        .values(name=FORMER_MEMBER, description="", nib=None, npwp=None)
        .execution_options(synchronize_session=False)
    )
    # Free text the user wrote for others to read. Contract titles, milestone notes, dispute
    # statements and review comments stay: they are the other party's record too.
    await session.execute(
        update(Gig)
        .where(Gig.owner_id == user.id)
        .values(description="")
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(Proposal)
        .where(Proposal.creative_user_id == user.id)
        .values(cover_letter="")
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(Invitation)
        .where(Invitation.owner_id == user.id)
        .values(message=None)
        .execution_options(synchronize_session=False)
    )
    await erase_conversations_and_files(session, user.id, now)
    # Before the payout account goes: its Stripe account id finds the Connect events.
    await redact_provider_payloads(session, user.id)
    await session.execute(delete(PayoutAccount).where(PayoutAccount.user_id == user.id))
    await session.execute(delete(IdempotencyKey).where(IdempotencyKey.user_id == user.id))
    await session.execute(
        delete(LoginFailure).where(LoginFailure.throttle_key == f"account:{old_email}")
    )
    # Mailed links and copies of mail to the old address (bodies hold names and links).
    await session.execute(delete(AccountToken).where(AccountToken.user_id == user.id))
    await session.execute(
        delete(OutboundEmail).where(
            or_(OutboundEmail.user_id == user.id, OutboundEmail.to_address == old_email)
        )
    )
    # What the user was told and how they wanted to hear it (deliveries go with notifications).
    await session.execute(delete(Notification).where(Notification.user_id == user.id))
    await session.execute(
        delete(NotificationPreference).where(NotificationPreference.user_id == user.id)
    )
    await session.execute(
        delete(NotificationEmailBatch).where(NotificationEmailBatch.user_id == user.id)
    )
    await erase_hub_data(session, user.id, old_email, profile.id if profile else None)
    # Session records stay as revoked tokens (security history) but say nothing of devices.
    await session.execute(
        update(AuthToken)
        .where(AuthToken.user_id == user.id)
        .values(user_agent=None)
        .execution_options(synchronize_session=False)
    )
    await session.flush()
