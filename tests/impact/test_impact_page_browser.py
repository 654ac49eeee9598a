"""A hub's impact page in a real headless Chromium, on a laptop and on a phone: headline
figures, the monthly line chart, the bar chart by category and the regency table, drawn
without any script; screenshots are kept as CI artifacts (tests/browser.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.models import Hub, HubStaff, HubStaffRole, HubStaffStatus
from app.services.impact.page_links import page_key
from app.services.impact.rollup import rebuild_impact
from tests.browser import ARTIFACTS, chromium, needs_browser, served_app
from tests.conftest import truncate_user_data
from tests.factories import make_creative, make_user
from tests.impact.kit import assist, at, hire, make_hub, make_owner_business, post_gig

pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
pytestmark = needs_browser

REGIONS = ("35.78", "35.15", "35.73")
CATEGORIES = ("packaging-design", "logo-branding", "product-photography")


@pytest.fixture
async def programme(engine: AsyncEngine, migrated_url: str) -> AsyncIterator[Hub]:
    """A hub with six months of completed jobs, committed where the live server sees it."""
    async with AsyncSession(engine, expire_on_commit=False) as session:
        hub = await make_hub(session, name="CAK eMus Surabaya")
        for month in range(6, 12):
            for n in range(5 + month % 3):
                owner, business = await make_owner_business(session, REGIONS[n % 3])
                await assist(session, hub, business, at(2026, 1, 1))
                creative = await make_creative(session, name=f"Kreator {month}-{n}")
                job = await post_gig(session, business, owner, at(2026, month, 2),
                                     category=CATEGORIES[n % 3])  # fmt: skip
                await hire(session, job, creative.profile, at(2026, month, 4),
                           released=at(2026, month, 18), amount_idr=1_250_000 + n * 250_000,
                           rating=4 + n % 2)  # fmt: skip
        await rebuild_impact(session)
        await session.commit()
    try:
        yield hub
    finally:
        async with engine.begin() as conn:
            await conn.execute(text("DELETE FROM hubs WHERE id = :id"), {"id": hub.id})
            await conn.execute(
                text("TRUNCATE impact_cells, impact_party_spans, impact_refresh_positions")
            )
        await truncate_user_data(engine)


async def test_the_impact_page_reads_on_a_laptop_and_a_phone(programme: Hub) -> None:
    from selenium.webdriver.common.by import By

    url_path = f"/hubs/{programme.slug}/impact?from=2026-06-01&to=2026-11-30"
    with served_app() as base:
        for name, width in (("laptop", 1200), ("phone", 390)):
            with chromium(width=width, height=2400) as driver:
                driver.get(base + url_path)
                assert driver.find_element(By.ID, "hub-name").text == "CAK eMus Surabaya"
                headlines = driver.find_element(By.ID, "headlines").text
                assert "UMKM dilayani" in headlines and "UMKM served" in headlines
                assert "Rp" in headlines
                line = driver.find_element(By.CSS_SELECTOR, "#monthly-chart svg polyline")
                assert len(line.get_attribute("points").split()) == 6
                bars = driver.find_elements(By.CSS_SELECTOR, "#category-chart svg rect")
                assert len(bars) == 3
                rows = driver.find_elements(By.CSS_SELECTOR, "#regency-table tbody tr")
                assert len(rows) == 3
                assert "Kota Surabaya" in driver.find_element(By.ID, "regency-table").text
                # Readable on a phone: nothing wider than the screen but the table's own scroller.
                overflow = driver.execute_script(
                    "return document.documentElement.scrollWidth - window.innerWidth"
                )
                assert overflow <= 0, f"{name}: the page is {overflow}px wider than the screen"
                driver.save_screenshot(str(ARTIFACTS / f"hub-impact-{name}.png"))


async def test_the_staff_view_shows_its_banner(programme: Hub, engine: AsyncEngine) -> None:
    from selenium.webdriver.common.by import By

    async with AsyncSession(engine, expire_on_commit=False) as session:
        staff = await make_user(session, "owner")
        session.add(
            HubStaff(hub_id=programme.id, user_id=staff.id, role=HubStaffRole.facilitator,
                     status=HubStaffStatus.active)
        )  # fmt: skip
        await session.commit()
    expires = int((datetime.now(UTC) + timedelta(hours=1)).timestamp())
    key = page_key(programme.id, staff.id, expires)
    url_path = f"/hubs/{programme.slug}/impact?from=2026-06-01&to=2026-11-30&key={key}"
    with served_app() as base, chromium(width=390, height=2400) as driver:
        driver.get(base + url_path)
        banner = driver.find_element(By.ID, "staff-banner")
        assert banner.text == "Tampilan staf hub — jangan dibagikan / Hub staff view — do not share"
        assert banner.is_displayed()
        overflow = driver.execute_script(
            "return document.documentElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 0, f"the staff view is {overflow}px wider than the screen"
        driver.save_screenshot(str(ARTIFACTS / "hub-impact-staff-phone.png"))
