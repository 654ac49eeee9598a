"""Marketplace activity at chosen times, with the outbox events the services would record,
and hubs built directly (hub CRUD belongs to the hubs feature)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.event_types import EventType
from app.models import (
    Business,
    ContractStatus,
    Dispute,
    DisputeKind,
    DisputeStatus,
    GigStatus,
    Hub,
    HubBusiness,
    HubCreative,
    HubCreativeStatus,
    HubKind,
    HubStaff,
    HubStaffRole,
    HubStaffStatus,
    Milestone,
    MilestoneStatus,
    Review,
)
from app.services.events import record_event
from tests.factories import make_business, make_gig, make_user, numbers, sign_contract
from tests.helpers import Actor


def at(year: int, month: int, day: int = 10, hour: int = 5) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


@dataclass
class Job:
    gig_id: uuid.UUID
    business: Business
    contract_id: uuid.UUID | None = None


async def post_gig(
    session: AsyncSession,
    business: Business,
    owner: Actor,
    posted: datetime,
    *,
    category: str = "packaging-design",
) -> Job:
    gig = await make_gig(
        session, owner, business=business, category=category, skills=(),
        status=GigStatus.open, region_code=business.region_code,
    )  # fmt: skip
    gig.published_at = posted
    await session.flush()
    await record_event(
        session, type=EventType.gig_published, subject_type="gig", subject_id=gig.id,
        actor_user_id=owner.id, audience=[owner.id], payload={},
    )  # fmt: skip
    return Job(gig.id, business)


async def hire(
    session: AsyncSession,
    job: Job,
    creative_profile: object,
    awarded: datetime,
    *,
    released: datetime | None = None,
    amount_idr: int = 1_000_000,
    disputed: datetime | None = None,
    rating: int | None = None,
) -> Job:
    """Award the gig; optionally release one milestone (completing the contract), open a
    dispute, publish the owner's review of the creative."""
    from app.models import CreativeProfile, Gig

    assert isinstance(creative_profile, CreativeProfile)
    gig = await session.get(Gig, job.gig_id)
    assert gig is not None
    contract = await sign_contract(
        session, gig, creative_profile, price_idr=amount_idr, cover_letter="Siap membantu."
    )
    contract.created_at = awarded
    await record_event(
        session, type=EventType.contract_created, subject_type="contract",
        subject_id=contract.id, actor_user_id=gig.owner_id, audience=[gig.owner_id], payload={},
    )  # fmt: skip
    job.contract_id = contract.id
    milestone = Milestone(
        contract_id=contract.id, position=1, title="Desain", amount_idr=amount_idr,
        status=MilestoneStatus.funded, deliverable_urls=[], revision_count=0,
    )  # fmt: skip
    session.add(milestone)
    await session.flush()
    if released is not None:
        milestone.status = MilestoneStatus.released
        milestone.released_at = released
        milestone.released_idr = amount_idr
        contract.status = ContractStatus.completed
        contract.completed_at = released
        await record_event(
            session, type=EventType.milestone_released, subject_type="milestone",
            subject_id=milestone.id, actor_user_id=None, audience=[gig.owner_id], payload={},
        )  # fmt: skip
    if disputed is not None:
        dispute = Dispute(
            milestone_id=milestone.id, contract_id=contract.id, kind=DisputeKind.platform,
            status=DisputeStatus.open, opened_by_user_id=gig.owner_id, reason="Terlambat",
            frozen_from_status=MilestoneStatus.funded, respond_by=disputed, decide_by=disputed,
        )  # fmt: skip
        session.add(dispute)
        await session.flush()
        dispute.created_at = disputed
        await record_event(
            session, type=EventType.dispute_opened, subject_type="dispute",
            subject_id=dispute.id, actor_user_id=gig.owner_id, audience=[gig.owner_id],
            payload={},
        )  # fmt: skip
    if rating is not None and released is not None:
        review = Review(
            contract_id=contract.id, author_user_id=gig.owner_id,
            subject_user_id=creative_profile.user_id, creative_id=creative_profile.id,
            rating=rating, publish_due_at=released, published_at=released,
        )  # fmt: skip
        session.add(review)
        await session.flush()
        await record_event(
            session, type=EventType.review_published, subject_type="review",
            subject_id=review.id, actor_user_id=gig.owner_id, audience=[gig.owner_id],
            payload={},
        )  # fmt: skip
    await session.flush()
    return job


async def make_owner_business(
    session: AsyncSession, region: str = "35.78"
) -> tuple[Actor, Business]:
    owner = await make_user(session, "owner")
    return owner, await make_business(session, owner, region)


async def make_hub(session: AsyncSession, name: str = "CAK eMus Surabaya", **fields: object) -> Hub:
    hub = Hub(
        slug=f"hub-{next(numbers)}-{uuid.uuid4().hex[:6]}", name=name,
        kind=HubKind.coworking, region_code="35.78", **fields,
    )  # fmt: skip
    session.add(hub)
    await session.flush()
    return hub


async def add_staff(
    session: AsyncSession, hub: Hub, role: HubStaffRole = HubStaffRole.facilitator
) -> Actor:
    person = await make_user(session, "owner")
    session.add(HubStaff(hub_id=hub.id, user_id=person.id, role=role, status=HubStaffStatus.active))
    await session.flush()
    return person


async def assist(session: AsyncSession, hub: Hub, business: Business, since: datetime) -> None:
    link = HubBusiness(hub_id=hub.id, business_id=business.id)
    session.add(link)
    await session.flush()
    link.created_at = since
    await session.flush()


async def affiliate(
    session: AsyncSession, hub: Hub, profile_id: uuid.UUID, since: datetime
) -> None:
    session.add(
        HubCreative(
            hub_id=hub.id, creative_id=profile_id, status=HubCreativeStatus.active,
            verified_at=since,
        )
    )  # fmt: skip
    await session.flush()
