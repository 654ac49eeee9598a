from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import CreativeProfile, Gig, GigStatus, User
from app.reference.demo import DEMO_CREATIVES, DEMO_GIGS, DEMO_OWNERS
from app.seed import seed_demo


async def test_demo_seed_loads_everything_once(session: AsyncSession) -> None:
    created = await seed_demo(session)
    assert created == len(DEMO_OWNERS) + len(DEMO_CREATIVES)
    open_gigs = await session.scalar(
        select(func.count()).select_from(Gig).where(Gig.status == GigStatus.open)
    )
    assert open_gigs == len(DEMO_GIGS)
    assert await session.scalar(select(func.count()).select_from(CreativeProfile)) == len(
        DEMO_CREATIVES
    )

    assert await seed_demo(session) == 0
    users = await session.scalar(select(func.count()).select_from(User))
    assert users == len(DEMO_OWNERS) + len(DEMO_CREATIVES)
