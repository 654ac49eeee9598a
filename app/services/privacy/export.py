"""UU PDP right of access: everything the platform holds about one account, as one document.

`EXPORTED_TABLES` and `NOT_EXPORTED_TABLES` together name every table with a column that points
at a user; tests/privacy/test_export_coverage.py fails when a new one is in neither, so a
table with personal data cannot be added without deciding whether the export shows it.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import UTC, datetime
from typing import TypeVar

from pydantic import BaseModel
from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.principal import Principal
from app.models import (
    AdminAuditEntry,
    AuthToken,
    Base,
    Business,
    Contract,
    CreativeProfile,
    Dispute,
    Event,
    Gig,
    Invitation,
    Message,
    Milestone,
    Notification,
    NotificationDelivery,
    NotificationPreference,
    PartnerApp,
    PartnerGrant,
    Payment,
    Payout,
    PayoutAccount,
    PortfolioItem,
    Proposal,
    Review,
    StoredFile,
    User,
    WebhookEndpoint,
    creative_categories,
    creative_skills,
)
from app.schemas.privacy import (
    ExportedAdminAction,
    ExportedBusiness,
    ExportedContract,
    ExportedCreativeProfile,
    ExportedDispute,
    ExportedEvent,
    ExportedFile,
    ExportedGig,
    ExportedGrant,
    ExportedInvitation,
    ExportedMessage,
    ExportedMilestone,
    ExportedNotification,
    ExportedNotificationDelivery,
    ExportedNotificationPreference,
    ExportedPayment,
    ExportedPayout,
    ExportedPayoutAccount,
    ExportedPortfolioItem,
    ExportedProposal,
    ExportedReview,
    ExportedSession,
    ExportedUser,
    ExportedWebhookEndpoint,
    PersonalDataExport,
)
from app.services.privacy.creative_hubs import exported_hub_sections
from app.services.privacy.hub_data import HUB_EXPORTED_TABLES, export_hub_data

S = TypeVar("S", bound=BaseModel)

# Table -> the section of the export that shows its rows.
EXPORTED_TABLES: dict[str, str] = {
    "users": "user",
    "creative_profiles": "creative_profile",
    "portfolio_items": "creative_profile.portfolio",
    "creative_skills": "creative_profile.skills",
    "creative_categories": "creative_profile.categories",
    "businesses": "businesses",
    "gigs": "gigs",
    "proposals": "proposals",
    "contracts": "contracts",
    "milestones": "contracts.milestones",
    "disputes": "disputes",
    "reviews": "reviews_written, reviews_received",
    "invitations": "invitations",
    "payments": "payments",
    "payouts": "payouts",
    "payout_accounts": "payout_account",
    "auth_tokens": "sessions",
    "partner_grants": "connected_apps",
    "webhook_endpoints": "webhook_endpoints",
    "events": "events",
    "admin_audit_log": "admin_actions",
    "messages": "messages",
    "files": "files",
    "notifications": "notifications",
    "notification_deliveries": "notifications.deliveries",
    "notification_preferences": "notification_preferences",
    "talent_pool_members": "creative_profile.talent_pools",
    "training_records": "creative_profile.training",
    **HUB_EXPORTED_TABLES,
}

# Table -> why its user-linked rows are not in the export.
NOT_EXPORTED_TABLES: dict[str, str] = {
    "ledger_transactions": "bookkeeping of the payments, payouts and milestones exported above; "
    "actor_user_id only says who pressed the button",
    "partner_apps": "created_by_user_id names the administrator who registered an app, not "
    "data about a member",
    "oauth_authorization_codes": "single-use codes valid for 60 seconds, stored hashed; the "
    "consent they carried is exported as connected_apps",
    "idempotency_keys": "a 24-hour replay cache of responses the user already received",
    "login_failures": "keyed by email or address, not user; purged after the login window",
    "conversations": "the threads of the messages exported above (ids of gig, contract and the "
    "two parties)",
    "conversation_reads": "how far the user has read each thread: a pointer, no content",
    "stream_slots": "open live-stream connections, removed when they close",
    "refunds": "refunds of the payments exported above; the user column names the administrator "
    "who settled a refused refund by hand",
    "account_tokens": "single-use verification, reset and email-change links, stored hashed; "
    "the pending address is exported on user",
    "notification_email_batches": "when the last new-message email of a conversation went to "
    "the user: a timestamp that spaces those emails, no content",
    "outbound_emails": "the mail outbox: copies of messages already delivered to the user's "
    "inbox (bodies are cleared once sent)",
}


def _last4(number: str | None) -> str | None:
    return number[-4:] if number else None


async def export_personal_data(session: AsyncSession, principal: Principal) -> PersonalDataExport:
    """Everything the platform holds about the caller, in one JSON document."""
    user = await session.get_one(User, principal.id)
    uid = user.id
    profile = await session.scalar(select(CreativeProfile).where(CreativeProfile.user_id == uid))
    contracts = list(
        await session.scalars(
            select(Contract)
            .where(or_(Contract.owner_id == uid, Contract.creative_user_id == uid))
            .order_by(Contract.created_at)
        )
    )
    contract_ids = [c.id for c in contracts]
    milestones: dict[uuid.UUID, list[ExportedMilestone]] = defaultdict(list)
    for milestone in await session.scalars(
        select(Milestone)
        .where(Milestone.contract_id.in_(contract_ids))
        .order_by(Milestone.contract_id, Milestone.position)
    ):
        milestones[milestone.contract_id].append(ExportedMilestone.model_validate(milestone))
    reviews = list(
        await session.scalars(
            select(Review)
            .where(or_(Review.author_user_id == uid, Review.subject_user_id == uid))
            .order_by(Review.created_at)
        )
    )
    payout_account = await session.scalar(select(PayoutAccount).where(PayoutAccount.user_id == uid))
    grants = await session.execute(
        select(PartnerGrant, PartnerApp)
        .join(PartnerApp, PartnerApp.id == PartnerGrant.app_id)
        .where(PartnerGrant.user_id == uid)
        .order_by(PartnerGrant.created_at)
    )
    return PersonalDataExport(
        generated_at=datetime.now(UTC),
        user=ExportedUser.model_validate(user),
        creative_profile=await _creative_profile(session, profile) if profile else None,
        businesses=await _rows(session, ExportedBusiness, Business, Business.owner_id == uid),
        gigs=await _rows(session, ExportedGig, Gig, Gig.owner_id == uid),
        proposals=await _rows(
            session, ExportedProposal, Proposal, Proposal.creative_user_id == uid
        ),
        contracts=[
            ExportedContract.model_validate(
                {
                    **_columns(contract),
                    "your_role": "owner" if contract.owner_id == uid else "creative",
                    "milestones": milestones[contract.id],
                }
            )
            for contract in contracts
        ],
        disputes=[
            ExportedDispute.model_validate(
                {**_columns(dispute), "opened_by_you": dispute.opened_by_user_id == uid}
            )
            for dispute in await session.scalars(
                select(Dispute)
                .where(Dispute.contract_id.in_(contract_ids))
                .order_by(Dispute.created_at)
            )
        ],
        reviews_written=[
            ExportedReview.model_validate(r) for r in reviews if r.author_user_id == uid
        ],
        reviews_received=[
            # The other party's review is theirs until published (double-blind).
            ExportedReview.model_validate(r)
            for r in reviews
            if r.subject_user_id == uid and r.published_at is not None
        ],
        invitations=await _rows(
            session,
            ExportedInvitation,
            Invitation,
            or_(Invitation.owner_id == uid, Invitation.creative_user_id == uid),
        ),
        payments=await _rows(session, ExportedPayment, Payment, Payment.owner_id == uid),
        payouts=await _rows(session, ExportedPayout, Payout, Payout.creative_user_id == uid),
        payout_account=(
            ExportedPayoutAccount.model_validate(
                {
                    **_columns(payout_account),
                    "account_number_last4": _last4(payout_account.bank_account_number),
                }
            )
            if payout_account
            else None
        ),
        sessions=await _rows(session, ExportedSession, AuthToken, AuthToken.user_id == uid),
        messages=await _rows(session, ExportedMessage, Message, Message.sender_user_id == uid),
        files=await _rows(session, ExportedFile, StoredFile, StoredFile.owner_id == uid),
        notifications=await _notifications(session, uid),
        notification_preferences=[
            ExportedNotificationPreference.model_validate(p)
            for p in await session.scalars(
                select(NotificationPreference)
                .where(NotificationPreference.user_id == uid)
                .order_by(NotificationPreference.kind, NotificationPreference.channel)
            )
        ],
        connected_apps=[
            ExportedGrant(
                client_id=app.client_id,
                app_name=app.name,
                scopes=list(grant.scopes),
                created_at=grant.created_at,
                revoked_at=grant.revoked_at,
            )
            for grant, app in grants.tuples()
        ],
        webhook_endpoints=await _rows(
            session, ExportedWebhookEndpoint, WebhookEndpoint, WebhookEndpoint.user_id == uid
        ),
        # Including what a hub facilitator did on the user's behalf.
        events=[
            ExportedEvent.model_validate(event)
            for event in await session.scalars(
                select(Event)
                .where(or_(Event.actor_user_id == uid, Event.principal_user_id == uid))
                .order_by(Event.cursor)
            )
        ],
        hubs=await export_hub_data(session, uid, profile.id if profile else None),
        admin_actions=[
            ExportedAdminAction.model_validate(entry)
            for entry in await session.scalars(
                select(AdminAuditEntry)
                .where(
                    AdminAuditEntry.target_type == "user",
                    AdminAuditEntry.target_id == str(uid),
                )
                .order_by(AdminAuditEntry.created_at, AdminAuditEntry.id)
            )
        ],
    )


async def _notifications(session: AsyncSession, uid: uuid.UUID) -> list[ExportedNotification]:
    deliveries: dict[uuid.UUID, list[ExportedNotificationDelivery]] = defaultdict(list)
    for delivery in await session.scalars(
        select(NotificationDelivery)
        .where(NotificationDelivery.user_id == uid)
        .order_by(NotificationDelivery.created_at, NotificationDelivery.channel)
    ):
        deliveries[delivery.notification_id].append(
            ExportedNotificationDelivery.model_validate(delivery)
        )
    return [
        ExportedNotification.model_validate(
            {**_columns(notification), "deliveries": deliveries[notification.id]}
        )
        for notification in await session.scalars(
            select(Notification).where(Notification.user_id == uid).order_by(Notification.id)
        )
    ]


def _columns(row: object) -> dict[str, object]:
    table = row.__table__  # type: ignore[attr-defined]
    return {column.key: getattr(row, column.key) for column in table.columns}


async def _rows(
    session: AsyncSession, schema: type[S], model: type[Base], where: ColumnElement[bool]
) -> list[S]:
    rows = await session.scalars(select(model).where(where).order_by(model.__table__.c.created_at))
    return [schema.model_validate(row) for row in rows]


async def _creative_profile(
    session: AsyncSession, profile: CreativeProfile
) -> ExportedCreativeProfile:
    skills = await session.scalars(
        select(creative_skills.c.skill_slug)
        .where(creative_skills.c.creative_id == profile.id)
        .order_by(creative_skills.c.skill_slug)
    )
    categories = await session.scalars(
        select(creative_categories.c.category_slug)
        .where(creative_categories.c.creative_id == profile.id)
        .order_by(creative_categories.c.category_slug)
    )
    portfolio = await session.scalars(
        select(PortfolioItem)
        .where(PortfolioItem.creative_id == profile.id)
        .order_by(PortfolioItem.position)
    )
    return ExportedCreativeProfile.model_validate(
        {
            **_columns(profile),
            "skills": list(skills),
            "categories": list(categories),
            "portfolio": [ExportedPortfolioItem.model_validate(p) for p in portfolio],
            **await exported_hub_sections(session, profile.id),
        }
    )
