"""`pasar seed`: load the Indonesian demo data set (owners, creatives, open gigs).

Idempotent: accounts that already exist are left alone, so running it twice changes nothing.
Rows are written directly (not through the API) because the demo data is already validated
by tests/reference; the passwords are hashed like any other account's.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.db import session_scope
from app.core.security import hash_password
from app.models import (
    Availability,
    Business,
    BusinessScale,
    CreativeProfile,
    Gig,
    GigStatus,
    PortfolioItem,
    User,
    UserRole,
    WorkMode,
    creative_categories,
    creative_skills,
    gig_skills,
)
from app.reference.demo import DEMO_CREATIVES, DEMO_GIGS, DEMO_OWNERS, DEMO_PASSWORD
from app.seed_hubs import seed_demo_hubs
from app.services.search.vocabulary import remember_title_words

logger = logging.getLogger("app.seed")


async def load_demo_data() -> int:
    """Insert the demo set in one transaction; returns how many accounts were created."""
    async with session_scope() as session:
        created = await seed_demo(session)
        return created + await seed_demo_hubs(session, hash_password(DEMO_PASSWORD))


async def seed_demo(session: AsyncSession) -> int:
    existing = set(
        (
            await session.scalars(
                select(User.email).where(
                    User.email.in_(
                        [o.email for o in DEMO_OWNERS] + [c.email for c in DEMO_CREATIVES]
                    )
                )
            )
        ).all()
    )
    password_hash = hash_password(DEMO_PASSWORD)
    # Demo accounts can publish, propose and pay at once.
    verified_at = datetime.now(UTC)
    created = 0
    businesses: dict[str, Business] = {}
    for owner in DEMO_OWNERS:
        if owner.email in existing:
            continue
        user = User(
            email=owner.email,
            password_hash=password_hash,
            full_name=owner.full_name,
            role=UserRole.owner,
            phone=owner.phone,
            email_verified_at=verified_at,
        )
        session.add(user)
        await session.flush()
        demo_business = owner.business
        business = Business(
            owner_id=user.id,
            name=demo_business.name,
            sector=demo_business.sector,
            scale=BusinessScale(demo_business.scale),
            region_code=demo_business.region_code,
            description=demo_business.description,
            nib=demo_business.nib,
        )
        session.add(business)
        businesses[demo_business.name] = business
        created += 1
    await session.flush()

    for creative in DEMO_CREATIVES:
        if creative.email in existing:
            continue
        user = User(
            email=creative.email,
            password_hash=password_hash,
            full_name=creative.full_name,
            role=UserRole.creative,
            phone=creative.phone,
            email_verified_at=verified_at,
        )
        session.add(user)
        await session.flush()
        profile = CreativeProfile(
            user_id=user.id,
            display_name=creative.full_name,
            headline=creative.headline,
            bio=creative.bio,
            region_code=creative.region_code,
            rate_min_idr=creative.rate_min_idr,
            availability=Availability(creative.availability),
        )
        session.add(profile)
        await session.flush()
        if creative.skills:
            await session.execute(
                insert(creative_skills),
                [{"creative_id": profile.id, "skill_slug": s} for s in creative.skills],
            )
        if creative.categories:
            await session.execute(
                insert(creative_categories),
                [{"creative_id": profile.id, "category_slug": c} for c in creative.categories],
            )
        session.add_all(
            PortfolioItem(
                creative_id=profile.id,
                position=i,
                title=item.title,
                url=item.url,
                description=item.description,
                category_slug=item.category,
            )
            for i, item in enumerate(creative.portfolio)
        )
        created += 1

    today = datetime.now(UTC).date()
    for demo_gig in DEMO_GIGS:
        gig_business = businesses.get(demo_gig.business_name)
        if gig_business is None:  # its owner existed already, so its gigs were seeded before
            continue
        gig = Gig(
            business_id=gig_business.id,
            owner_id=gig_business.owner_id,
            title=demo_gig.title,
            description=demo_gig.description,
            category_slug=demo_gig.category,
            budget_min_idr=demo_gig.budget_min_idr,
            budget_max_idr=demo_gig.budget_max_idr,
            deadline=today + timedelta(days=demo_gig.deadline_in_days),
            region_code=demo_gig.region_code,
            work_mode=WorkMode(demo_gig.work_mode),
            status=GigStatus.open,
            published_at=datetime.now(UTC),
        )
        session.add(gig)
        await session.flush()
        await remember_title_words(session, gig.title)
        if demo_gig.skills:
            await session.execute(
                insert(gig_skills), [{"gig_id": gig.id, "skill_slug": s} for s in demo_gig.skills]
            )
    await session.flush()
    logger.info("demo data loaded", extra={"accounts_created": created})
    return created
