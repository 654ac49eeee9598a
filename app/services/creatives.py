"""Creative profiles: a creative keeps one profile; anyone can read and search them."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import NotFound, Violations
from app.core.event_types import EventType
from app.core.pagination import Page, PageParams
from app.core.principal import Principal, require_role
from app.models import (
    Availability,
    CreativeProfile,
    PortfolioItem,
    User,
    UserRole,
    creative_categories,
    creative_skills,
)
from app.repositories import creatives as repository
from app.schemas.creatives import CreativeProfileRead, CreativeProfileWrite, CreativeSummary
from app.services.events import record_event
from app.services.files.portfolio import attach_portfolio_images
from app.services.hubs.affiliations import verified_hubs
from app.services.hubs.pool_access import ensure_pool_exists, members_of_pool
from app.services.reference import (
    ensure_categories_exist,
    ensure_region_exists,
    ensure_skills_exist,
)


class ProfileMissing(NotFound):
    code, title = "profile_missing", "You have not created a creative profile yet"


class CreativeNotFound(NotFound):
    code, title = "creative_not_found", "Creative profile not found"


async def put_own_profile(
    session: AsyncSession, principal: Principal, data: CreativeProfileWrite
) -> tuple[CreativeProfileRead, bool]:
    """A creative creates or wholly replaces their one profile; returns it and whether it is new.

    Skills, categories and portfolio are replaced by what is sent (portfolio items get new ids).
    """
    require_role(principal, UserRole.creative)
    # Serialises this user's concurrent PUTs: the first creates, the rest update.
    await session.execute(select(User.id).where(User.id == principal.id).with_for_update())
    violations = Violations()
    with violations.collecting("body.region_code"):
        await ensure_region_exists(session, data.region_code)
    with violations.collecting("body.skills"):
        await ensure_skills_exist(session, data.skills)
    with violations.collecting("body.categories"):
        await ensure_categories_exist(
            session, {*data.categories, *(item.category for item in data.portfolio)}
        )
    violations.raise_any()

    profile = await session.scalar(
        select(CreativeProfile).where(CreativeProfile.user_id == principal.id)
    )
    created = profile is None
    if profile is None:
        profile = CreativeProfile(user_id=principal.id, rating_count=0, completed_contracts=0)
        session.add(profile)
    profile.display_name = principal.user.full_name
    profile.headline = data.headline
    profile.bio = data.bio
    profile.region_code = data.region_code
    profile.rate_min_idr = data.rate_min_idr
    profile.availability = data.availability
    await session.flush()

    if not created:
        for table in (creative_skills, creative_categories):
            await session.execute(delete(table).where(table.c.creative_id == profile.id))
        await session.execute(delete(PortfolioItem).where(PortfolioItem.creative_id == profile.id))
    await session.execute(
        insert(creative_skills),
        [{"creative_id": profile.id, "skill_slug": slug} for slug in data.skills],
    )
    await session.execute(
        insert(creative_categories),
        [{"creative_id": profile.id, "category_slug": slug} for slug in data.categories],
    )
    await attach_portfolio_images(
        session, principal, [item.image_file_id for item in data.portfolio]
    )
    session.add_all(
        PortfolioItem(
            creative_id=profile.id,
            position=position,
            title=item.title,
            url=item.url,
            description=item.description,
            category_slug=item.category,
            image_file_id=item.image_file_id,
        )
        for position, item in enumerate(data.portfolio)
    )
    await session.flush()
    # updated_at and search_vector are computed by the database; reload, never lazy-load.
    await session.refresh(profile)

    await record_event(
        session,
        type=EventType.creative_profile_updated,
        subject_type="creative_profile",
        subject_id=profile.id,
        actor_user_id=principal.id,
        audience=[principal.id],
        payload={"creative_id": str(profile.id), "created": created},
    )
    record = await repository.load_record(session, user_id=principal.id)
    assert record is not None
    return CreativeProfileRead.from_record(
        record, await verified_hubs(session, record.profile.id)
    ), created


async def get_own_profile(session: AsyncSession, principal: Principal) -> CreativeProfileRead:
    """A creative's own profile; 404 `profile_missing` before the first PUT."""
    require_role(principal, UserRole.creative)
    record = await repository.load_record(session, user_id=principal.id)
    if record is None:
        raise ProfileMissing()
    return CreativeProfileRead.from_record(record, await verified_hubs(session, record.profile.id))


async def get_public_profile(session: AsyncSession, creative_id: uuid.UUID) -> CreativeProfileRead:
    """Any active creative's profile is public; 404 `creative_not_found` otherwise."""
    record = await repository.load_record(session, profile_id=creative_id)
    if record is None:
        raise CreativeNotFound()
    return CreativeProfileRead.from_record(record, await verified_hubs(session, creative_id))


async def search_creatives(
    session: AsyncSession,
    *,
    skill: str | None,
    category: str | None,
    region: str | None,
    availability: Availability | None,
    q: str | None,
    page: PageParams,
    pool: uuid.UUID | None = None,
) -> Page[CreativeSummary]:
    """The creative directory; filters naming unknown reference data are a 422, an unknown
    `pool` a 404 `pool_not_found`."""
    violations = Violations()
    if skill is not None:
        with violations.collecting("query.skill"):
            await ensure_skills_exist(session, [skill])
    if category is not None:
        with violations.collecting("query.category"):
            await ensure_categories_exist(session, [category])
    if region is not None:
        with violations.collecting("query.region"):
            await ensure_region_exists(session, region)
    violations.raise_any()
    pool_members = None
    if pool is not None:
        await ensure_pool_exists(session, pool)
        pool_members = members_of_pool(pool)
    records, next_cursor = await repository.search_creatives(
        session,
        skill=skill,
        category=category,
        region=region,
        availability=availability,
        q=q,
        page=page,
        pool_members=pool_members,
    )
    return Page(data=[CreativeSummary.from_record(r) for r in records], next_cursor=next_cursor)
