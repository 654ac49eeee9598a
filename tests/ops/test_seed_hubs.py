"""The demo hubs: every hub of issue 13, with staff, pools and assisted owners, and impact
pages populated straight after seeding (figures shown, not suppressed)."""

from __future__ import annotations

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Hub, HubBusiness, HubCreative, HubStaff, TalentPoolMember
from app.reference.demo_hubs import DEMO_HUBS
from app.seed_hubs import seed_demo_hubs


async def _count(session: AsyncSession, model: type) -> int:
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_demo_hubs_are_seeded_once_with_populated_impact_pages(
    session: AsyncSession, client: httpx.AsyncClient
) -> None:
    assert await seed_demo_hubs(session, "hash-not-used") > 0
    assert {h.slug for h in (await session.scalars(select(Hub))).all()} >= {
        d.slug for d in DEMO_HUBS
    }
    counts = [
        await _count(session, m) for m in (HubStaff, HubBusiness, HubCreative, TalentPoolMember)
    ]
    assert all(counts)
    await session.commit()

    # Millennial Job Center shows its five EJSC Bakorwil.
    page = await client.get("/hubs/millennial-job-center/impact")
    assert page.status_code == 200
    assert "Kabupaten Jember" in page.text and "Kota Madiun" in page.text
    assert "Rp" in page.text  # GMV shown: the cells are large enough
    for slug in ("cak-emus-surabaya", "cimahi-technopark"):
        response = await client.get(f"/hubs/{slug}/impact")
        assert response.status_code == 200 and "<svg" in response.text

    assert await seed_demo_hubs(session, "hash-not-used") == 0
    assert [
        await _count(session, m) for m in (HubStaff, HubBusiness, HubCreative, TalentPoolMember)
    ] == counts
