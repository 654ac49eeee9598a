"""`pasar seed` (demo data), part two: the hubs of issue 13 with staff, talent pools, assisted
owners, affiliated creatives, delegations, training records and six months of completed work,
then the impact rollups rebuilt so the hub pages are populated at once.

Idempotent per hub: a hub whose slug exists is left alone. The history is written directly
(gigs, accepted proposals, completed contracts, released milestones, published reviews) with
no payments or ledger rows: it is there for the impact figures, not for balances.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import JAKARTA, jakarta_today
from app.models import (
    Availability,
    Business,
    BusinessScale,
    Contract,
    ContractStatus,
    CreativeProfile,
    Delegation,
    DelegationScope,
    DelegationStatus,
    Gig,
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
    Proposal,
    ProposalStatus,
    Review,
    TalentPool,
    TalentPoolMember,
    TrainingRecord,
    User,
    UserRole,
    WorkMode,
)
from app.reference.demo_hubs import (
    CREATIVE_NAMES,
    DEMO_HUB_DOMAIN,
    DEMO_HUBS,
    MONTHLY_JOBS,
    UMKM_PRODUCTS,
    DemoHub,
)
from app.services.impact.rollup import rebuild_impact

logger = logging.getLogger("app.seed")


def _month_start(months_back: int) -> date:
    today = jakarta_today()
    index = today.year * 12 + today.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=JAKARTA).astimezone(UTC)


def _user(email: str, name: str, role: UserRole, password_hash: str, phone: str) -> User:
    return User(
        email=email, password_hash=password_hash, full_name=name, role=role, phone=phone,
        email_verified_at=datetime.now(UTC),
    )  # fmt: skip


async def seed_demo_hubs(session: AsyncSession, password_hash: str) -> int:
    """Create the demo hubs that do not exist yet; returns how many accounts were created."""
    existing = set((await session.scalars(select(Hub.slug))).all())
    hubs: dict[str, Hub] = {}
    created = 0
    for number, demo in enumerate(DEMO_HUBS):
        if demo.slug in existing:
            hubs[demo.slug] = (
                await session.scalars(select(Hub).where(Hub.slug == demo.slug))
            ).one()
            continue
        parent = hubs.get(demo.parent_slug) if demo.parent_slug else None
        hub = Hub(
            slug=demo.slug, name=demo.name, kind=HubKind(demo.kind),
            region_code=demo.region_code, parent_id=parent.id if parent else None,
            description=demo.description, contact_email=f"halo@{demo.slug}.{DEMO_HUB_DOMAIN}",
        )  # fmt: skip
        session.add(hub)
        await session.flush()
        hubs[demo.slug] = hub
        created += await _seed_hub(session, hub, demo, number, password_hash)
    await session.flush()
    if created:
        await rebuild_impact(session)
    logger.info("demo hubs loaded", extra={"accounts_created": created})
    return created


async def _seed_hub(
    session: AsyncSession, hub: Hub, demo: DemoHub, number: int, password_hash: str
) -> int:
    phone = 812_3000_0000 + number * 100
    people = [
        _user(f"admin.{demo.slug}@{DEMO_HUB_DOMAIN}", f"Admin {demo.name}", UserRole.owner,
              password_hash, f"+62{phone}"),
        _user(f"pendamping.{demo.slug}@{DEMO_HUB_DOMAIN}", f"Pendamping {demo.name}",
              UserRole.owner, password_hash, f"+62{phone + 1}"),
    ]  # fmt: skip
    session.add_all(people)
    await session.flush()
    admin, facilitator = people
    for person, role in ((admin, HubStaffRole.hub_admin), (facilitator, HubStaffRole.facilitator)):
        session.add(
            HubStaff(hub_id=hub.id, user_id=person.id, role=role, status=HubStaffStatus.active,
                     accepted_at=datetime.now(UTC))
        )  # fmt: skip
    if not demo.members:
        await session.flush()
        return len(people)

    first_month = _month_start(len(MONTHLY_JOBS))
    joined = _at(first_month, 8)
    businesses: list[Business] = []
    for i, (product, owner_name) in enumerate(UMKM_PRODUCTS):
        owner = _user(f"umkm{i + 1}.{demo.slug}@{DEMO_HUB_DOMAIN}", f"Ibu {owner_name}",
                      UserRole.owner, password_hash, f"+62{phone + 10 + i}")  # fmt: skip
        session.add(owner)
        await session.flush()
        business = Business(
            owner_id=owner.id, name=f"{product} Bu {owner_name}", sector=product,
            scale=BusinessScale.mikro, region_code=demo.region_code,
            description=f"UMKM binaan {demo.name}.",
        )  # fmt: skip
        session.add(business)
        await session.flush()
        businesses.append(business)
        link = HubBusiness(
            hub_id=hub.id, business_id=business.id, facilitator_user_id=facilitator.id
        )
        session.add(link)
        await session.flush()
        link.created_at = joined
        if i < 2:
            session.add(
                Delegation(
                    hub_id=hub.id, facilitator_user_id=facilitator.id, owner_user_id=owner.id,
                    scopes=[DelegationScope.gigs_write.value, DelegationScope.proposals_read.value],
                    status=DelegationStatus.active, approved_at=datetime.now(UTC),
                    expires_at=datetime.now(UTC) + timedelta(days=180),
                )
            )  # fmt: skip
    pool = TalentPool(
        hub_id=hub.id, slug=f"pool-{demo.slug}", name=demo.pool_name,
        category_slug=demo.pool_category, description=f"Kreator terkurasi {demo.name}.",
    )  # fmt: skip
    session.add(pool)
    await session.flush()
    creatives: list[CreativeProfile] = []
    for i, name in enumerate(CREATIVE_NAMES):
        account = _user(f"kreator{i + 1}.{demo.slug}@{DEMO_HUB_DOMAIN}", name,
                        UserRole.creative, password_hash, f"+62{phone + 30 + i}")  # fmt: skip
        session.add(account)
        await session.flush()
        profile = CreativeProfile(
            user_id=account.id, display_name=name, headline=f"Alumni pelatihan {demo.name}",
            bio=f"Kreator binaan {demo.name}.", region_code=demo.region_code,
            rate_min_idr=400_000, availability=Availability.available,
        )  # fmt: skip
        session.add(profile)
        await session.flush()
        creatives.append(profile)
        session.add_all([
            HubCreative(hub_id=hub.id, creative_id=profile.id, status=HubCreativeStatus.active,
                        decided_by_user_id=admin.id, verified_at=joined),
            TalentPoolMember(pool_id=pool.id, creative_id=profile.id, reviewed_by_user_id=admin.id,
                             reviewed_on=first_month, note="Portofolio ditinjau."),
            TrainingRecord(hub_id=hub.id, creative_id=profile.id,
                           title=f"Pelatihan {demo.pool_name}", days=3,
                           completed_on=first_month, recorded_by_user_id=admin.id),
        ])  # fmt: skip
    await session.flush()
    await _seed_history(session, demo, businesses, creatives)
    return len(people) + len(businesses) + len(creatives)


async def _seed_history(
    session: AsyncSession,
    demo: DemoHub,
    businesses: list[Business],
    creatives: list[CreativeProfile],
) -> None:
    for back, jobs in zip(range(len(MONTHLY_JOBS), 0, -1), MONTHLY_JOBS, strict=True):
        month = _month_start(back)
        for j in range(jobs):
            business = businesses[(j + back) % len(businesses)]
            creative = creatives[j % len(creatives)]
            posted = _at(month + timedelta(days=1 + j), 9)
            awarded = posted + timedelta(hours=20 + 4 * j)
            done = posted + timedelta(days=7 + j)
            price = 750_000 + 250_000 * (j % 4)
            gig = Gig(
                business_id=business.id, owner_id=business.owner_id,
                title=f"{demo.pool_name.split(' EJSC')[0]} untuk {business.name}",
                description=f"Pekerjaan untuk {business.name}, didampingi {demo.name}.",
                category_slug=demo.pool_category, budget_min_idr=price, budget_max_idr=price,
                deadline=done.date(), region_code=demo.region_code, work_mode=WorkMode.remote,
                status=GigStatus.completed, published_at=posted, created_at=posted,
            )  # fmt: skip
            session.add(gig)
            await session.flush()
            proposal = Proposal(
                gig_id=gig.id, creative_id=creative.id, creative_user_id=creative.user_id,
                cover_letter="Saya alumni pelatihan hub ini dan siap mengerjakan.",
                price_idr=price, delivery_days=7, status=ProposalStatus.accepted,
            )  # fmt: skip
            session.add(proposal)
            await session.flush()
            contract = Contract(
                gig_id=gig.id, proposal_id=proposal.id, business_id=business.id,
                owner_id=business.owner_id, creative_id=creative.id,
                creative_user_id=creative.user_id, title=gig.title, price_idr=price,
                delivery_days=7, status=ContractStatus.completed, completed_at=done,
                created_at=awarded,
            )  # fmt: skip
            session.add(contract)
            await session.flush()
            session.add_all([
                Milestone(contract_id=contract.id, position=1, title="Desain final",
                          amount_idr=price, status=MilestoneStatus.released,
                          deliverable_urls=[], revision_count=0, funded_at=awarded,
                          submitted_at=done, approved_at=done, released_at=done,
                          released_idr=price),
                Review(contract_id=contract.id, author_user_id=business.owner_id,
                       subject_user_id=creative.user_id, creative_id=creative.id,
                       rating=5 if j % 3 else 4, comment="Hasilnya rapi dan tepat waktu.",
                       publish_due_at=done, published_at=done),
            ])  # fmt: skip
    await session.flush()
