"""All ORM models, imported here so Alembic and the mappers see every table."""

from app.models.account_token import AccountToken, AccountTokenPurpose
from app.models.audit import AdminAuditEntry
from app.models.auth import AuthToken, LoginFailure, TokenKind
from app.models.base import Base
from app.models.business import Business, BusinessScale
from app.models.contract import Contract, ContractStatus, Milestone, MilestoneStatus
from app.models.conversation import (
    Conversation,
    ConversationEventPosition,
    ConversationRead,
    Message,
    MessageKind,
    MessageStatus,
)
from app.models.creative import (
    Availability,
    CreativeProfile,
    PortfolioItem,
    creative_categories,
    creative_skills,
)
from app.models.dispute import Dispute, DisputeKind, DisputeStatus
from app.models.event import Event
from app.models.file import FilePurpose, FileStatus, StoredFile
from app.models.gig import Gig, GigStatus, WorkMode, gig_skills
from app.models.hub import (
    Delegation,
    DelegationScope,
    DelegationStatus,
    Hub,
    HubBusiness,
    HubCreative,
    HubCreativeStatus,
    HubKind,
    HubStaff,
    HubStaffRole,
    HubStaffStatus,
    TalentPool,
    TalentPoolMember,
    TrainingRecord,
)
from app.models.idempotency import IdempotencyKey, IdempotencyStatus
from app.models.invitation import Invitation, InvitationStatus
from app.models.invoice import ContractDocument, DocumentKind, InvoiceCounter
from app.models.ledger import LedgerEntry, LedgerKind, LedgerTransaction
from app.models.mail import OutboundEmail, OutboundEmailStatus
from app.models.partner import (
    DeliveryStatus,
    OAuthAuthorizationCode,
    PartnerApp,
    PartnerAppStatus,
    PartnerGrant,
    RateLimitTier,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEndpointStatus,
    WebhookFanoutPosition,
)
from app.models.payment import (
    ExternalEvent,
    Payment,
    PaymentMethod,
    PaymentProvider,
    PaymentStatus,
    Payout,
    PayoutAccount,
    PayoutMethod,
    PayoutStatus,
    Refund,
    RefundReason,
    RefundStatus,
)
from app.models.proposal import LIVE_PROPOSAL_STATUSES, Proposal, ProposalStatus
from app.models.rate_limit import RateLimitCounter
from app.models.reference import Category, Region, RegionLevel, Skill
from app.models.review import Review
from app.models.search import SearchWord
from app.models.stream import StreamSlot
from app.models.user import Locale, User, UserRole

__all__ = [
    "LIVE_PROPOSAL_STATUSES",
    "AccountToken",
    "AccountTokenPurpose",
    "AdminAuditEntry",
    "AuthToken",
    "Availability",
    "Base",
    "Business",
    "BusinessScale",
    "Category",
    "Contract",
    "ContractDocument",
    "ContractStatus",
    "Conversation",
    "ConversationEventPosition",
    "ConversationRead",
    "CreativeProfile",
    "Delegation",
    "DelegationScope",
    "DelegationStatus",
    "DeliveryStatus",
    "Dispute",
    "DisputeKind",
    "DisputeStatus",
    "DocumentKind",
    "Event",
    "ExternalEvent",
    "FilePurpose",
    "FileStatus",
    "Gig",
    "GigStatus",
    "Hub",
    "HubBusiness",
    "HubCreative",
    "HubCreativeStatus",
    "HubKind",
    "HubStaff",
    "HubStaffRole",
    "HubStaffStatus",
    "IdempotencyKey",
    "IdempotencyStatus",
    "Invitation",
    "InvitationStatus",
    "InvoiceCounter",
    "LedgerEntry",
    "LedgerKind",
    "LedgerTransaction",
    "Locale",
    "LoginFailure",
    "Message",
    "MessageKind",
    "MessageStatus",
    "Milestone",
    "MilestoneStatus",
    "OAuthAuthorizationCode",
    "OutboundEmail",
    "OutboundEmailStatus",
    "PartnerApp",
    "PartnerAppStatus",
    "PartnerGrant",
    "Payment",
    "PaymentMethod",
    "PaymentProvider",
    "PaymentStatus",
    "Payout",
    "PayoutAccount",
    "PayoutMethod",
    "PayoutStatus",
    "PortfolioItem",
    "Proposal",
    "ProposalStatus",
    "RateLimitCounter",
    "RateLimitTier",
    "Refund",
    "RefundReason",
    "RefundStatus",
    "Region",
    "RegionLevel",
    "Review",
    "SearchWord",
    "Skill",
    "StoredFile",
    "StreamSlot",
    "TalentPool",
    "TalentPoolMember",
    "TokenKind",
    "TrainingRecord",
    "User",
    "UserRole",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEndpointStatus",
    "WebhookFanoutPosition",
    "WorkMode",
    "creative_categories",
    "creative_skills",
    "gig_skills",
]
