"""All ORM models, imported here so Alembic and the mappers see every table."""

from app.models.auth import AuthToken, LoginFailure, TokenKind
from app.models.base import Base
from app.models.business import Business, BusinessScale
from app.models.contract import Contract, ContractStatus, Milestone, MilestoneStatus
from app.models.creative import (
    Availability,
    CreativeProfile,
    PortfolioItem,
    creative_categories,
    creative_skills,
)
from app.models.event import Event
from app.models.gig import Gig, GigStatus, WorkMode, gig_skills
from app.models.proposal import LIVE_PROPOSAL_STATUSES, Proposal, ProposalStatus
from app.models.reference import Category, Region, RegionLevel, Skill
from app.models.user import User, UserRole

__all__ = [
    "LIVE_PROPOSAL_STATUSES",
    "AuthToken",
    "Availability",
    "Base",
    "Business",
    "BusinessScale",
    "Category",
    "Contract",
    "ContractStatus",
    "CreativeProfile",
    "Event",
    "Gig",
    "GigStatus",
    "LoginFailure",
    "Milestone",
    "MilestoneStatus",
    "PortfolioItem",
    "Proposal",
    "ProposalStatus",
    "Region",
    "RegionLevel",
    "Skill",
    "TokenKind",
    "User",
    "UserRole",
    "WorkMode",
    "creative_categories",
    "creative_skills",
    "gig_skills",
]
