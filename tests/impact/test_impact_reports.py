"""Impact reports over the API: a hub's figures in the hub staff view (counts and GMV exact,
creatives' earnings and rating hidden in small cells), public figures with small cells
suppressed (and the cell that would give a suppressed one away), growth, CSV, and who may read
a hub's report."""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Hub, HubStaffRole
from app.services.impact.rollup import refresh_impact
from tests.factories import make_creative, make_user
from tests.helpers import assert_problem
from tests.impact.kit import (
    add_staff,
    affiliate,
    assist,
    at,
    hire,
    make_hub,
    make_owner_business,
    post_gig,
)

OCTOBER = {"from": "2026-10-01", "to": "2026-10-31"}


async def _completed_jobs(
    session: AsyncSession, hub: Hub | None, region: str, count: int, month: int
) -> None:
    """`count` businesses of `region` (assisted by `hub` since August) each post a gig in
    `month` that a different creative completes."""
    for n in range(count):
        owner, business = await make_owner_business(session, region)
        if hub is not None:
            await assist(session, hub, business, at(2026, 8, 1))
        creative = await make_creative(session, name=f"Kreator {region} {month} {n}")
        job = await post_gig(session, business, owner, at(2026, month, 2))
        await hire(session, job, creative.profile, at(2026, month, 3),
                   released=at(2026, month, 15), amount_idr=1_500_000, rating=5)  # fmt: skip


async def _drain(session: AsyncSession) -> None:
    while await refresh_impact(session):
        pass


async def _programme(session: AsyncSession) -> Hub:
    hub = await make_hub(session)
    await _completed_jobs(session, hub, "35.78", 5, 9)  # September: the previous period
    await _completed_jobs(session, hub, "35.78", 6, 10)
    await _completed_jobs(session, hub, "35.15", 5, 10)
    await _completed_jobs(session, hub, "35.73", 2, 10)
    # Not the hub's: a business it does not assist, hiring a creative it does not know.
    await _completed_jobs(session, None, "35.78", 3, 10)
    await _drain(session)
    return hub


def _rows(body: dict[str, Any], table: str) -> dict[str, dict[str, Any]]:
    return {row["key"]: row["figures"] for row in body[table]}


async def test_a_hub_report_counts_its_members_and_hides_small_cells(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    hub = await _programme(session)
    staff = await add_staff(session, hub)
    response = await client.get(f"/v1/hubs/{hub.id}/impact", params=OCTOBER, headers=staff.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["view"] == "hub_staff"
    totals = body["totals"]
    assert totals["umkm_served"] == 13 and totals["gigs_posted"] == 13
    assert totals["gigs_completed"] == 13 and totals["active_creatives"] == 13
    assert totals["creatives_first_paid_job"] == 13
    assert totals["gmv_released_idr"] == 13 * 1_500_000
    assert totals["average_rating"] == 5.0 and totals["suppressed"] is False
    assert body["previous"]["gigs_posted"] == 5
    # +160 %: 13 gigs against September's 5.
    assert body["growth"]["gigs_posted"] == 160.0
    assert body["growth"]["gmv_released_idr"] == 160.0
    regencies = _rows(body, "by_regency")
    assert regencies["35.78"]["gmv_released_idr"] == 6 * 1_500_000
    assert regencies["35.78"]["creative_earnings_idr"] is not None
    # Malang has two businesses and two creatives: the hub sees its counts and GMV...
    malang = regencies["35.73"]
    assert malang["umkm_served"] == 2 and malang["active_creatives"] == 2
    assert malang["creatives_first_paid_job"] == 2
    assert malang["gmv_released_idr"] == 2 * 1_500_000
    # ...but not what two creatives earned or how they were rated.
    assert malang["creative_earnings_idr"] is None and malang["average_rating"] is None
    assert malang["suppressed"] is True
    # Sidoarjo's earnings would give Malang's away (total minus the others): hidden too.
    assert regencies["35.15"]["suppressed"] is True
    assert regencies["35.15"]["creative_earnings_idr"] is None
    assert regencies["35.15"]["gmv_released_idr"] == 5 * 1_500_000
    assert _rows(body, "by_province")["35"]["gmv_released_idr"] == 13 * 1_500_000
    assert _rows(body, "by_period")["2026-10"]["gigs_posted"] == 13
    assert _rows(body, "by_category")["packaging-design"]["gigs_awarded"] == 13


async def test_public_figures_of_the_same_activity_hide_small_cells(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    hub = await _programme(session)
    body = (await client.get("/v1/impact", params={"region": "35", **OCTOBER})).json()
    assert body["view"] == "public"
    regencies = _rows(body, "by_regency")
    # Malang has two businesses: "<5" and no money.
    assert regencies["35.73"]["umkm_served"] == "<5"
    assert regencies["35.73"]["gmv_released_idr"] is None
    assert regencies["35.73"]["suppressed"] is True
    # Sidoarjo would give Malang away (province minus the others): hidden too.
    assert regencies["35.15"]["suppressed"] is True
    assert regencies["35.15"]["gmv_released_idr"] is None
    malang = (await client.get("/v1/impact", params={"region": "35.73", **OCTOBER})).json()
    assert malang["totals"]["umkm_served"] == "<5"
    assert malang["totals"]["gmv_released_idr"] is None
    # The hub's public page shows the public view.
    page = await client.get(f"/hubs/{hub.slug}/impact", params=OCTOBER)
    assert page.status_code == 200
    assert "Tampilan staf hub" not in page.text
    assert "&lt;5" in page.text


async def test_a_small_hub_sees_its_counts_and_gmv_but_not_earnings_or_rating(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    hub = await make_hub(session, name="Rumah Kreatif Surabaya")
    await _completed_jobs(session, hub, "35.78", 3, 10)
    await _drain(session)
    admin = await make_user(session, "admin")
    body = (
        await client.get(f"/v1/hubs/{hub.id}/impact", params=OCTOBER, headers=admin.headers)
    ).json()
    assert body["view"] == "hub_staff"
    totals = body["totals"]
    assert totals["umkm_served"] == 3 and totals["gigs_completed"] == 3
    assert totals["creatives_first_paid_job"] == 3 and totals["active_creatives"] == 3
    assert totals["gmv_released_idr"] == 3 * 1_500_000
    assert totals["creative_earnings_idr"] is None
    assert totals["average_rating"] is None
    assert totals["suppressed"] is True
    assert body["growth"]["creative_earnings_idr"] is None
    assert all(row["figures"]["creative_earnings_idr"] is None for row in body["by_regency"])
    # The public figures of the same three businesses stay "<5".
    public = (await client.get("/v1/impact", params={"region": "35.78", **OCTOBER})).json()
    assert public["totals"]["umkm_served"] == "<5"
    assert public["totals"]["gmv_released_idr"] is None
    page = (await client.get(f"/hubs/{hub.slug}/impact", params=OCTOBER)).text
    assert "Rp4.500.000" not in page


async def test_an_affiliated_creative_brings_her_jobs_from_the_month_she_joined(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    hub = await make_hub(session)
    creative = await make_creative(session, name="Sinta")
    await affiliate(session, hub, creative.profile_id, at(2026, 10, 1))
    for month in (9, 10):
        for _ in range(5):
            owner, business = await make_owner_business(session)
            job = await post_gig(session, business, owner, at(2026, month, 2))
            await hire(session, job, creative.profile, at(2026, month, 3),
                       released=at(2026, month, 20))  # fmt: skip
    await _drain(session)
    staff = await add_staff(session, hub, HubStaffRole.hub_admin)
    body = (
        await client.get(
            f"/v1/hubs/{hub.id}/impact",
            params={"from": "2026-09-01", "to": "2026-10-31"},
            headers=staff.headers,
        )
    ).json()
    periods = _rows(body, "by_period")
    assert "2026-09" not in periods
    assert periods["2026-10"]["gigs_awarded"] == 5
    # One creative: her earnings and rating are never shown, not even to the hub.
    assert body["totals"]["active_creatives"] == 1
    assert body["totals"]["creative_earnings_idr"] is None
    assert body["totals"]["average_rating"] is None


async def test_public_report_by_region_and_quarter(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    await _completed_jobs(session, None, "35.78", 5, 10)
    await _completed_jobs(session, None, "35.73", 5, 11)
    await _drain(session)
    response = await client.get(
        "/v1/impact", params={"region": "35", "from": "2026-10-01", "to": "2026-11-30",
                              "granularity": "quarter"},
    )  # fmt: skip
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["from_month"] == "2026-10-01" and body["to_month"] == "2026-12-01"
    assert body["previous_from_month"] == "2026-07-01"
    assert _rows(body, "by_period")["2026-Q4"]["umkm_served"] == 10
    labels = {row["key"]: row["label"] for row in body["by_regency"]}
    assert labels["35.73"] == "Kota Malang"
    surabaya = (await client.get("/v1/impact", params={"region": "35.78", **OCTOBER})).json()
    assert surabaya["totals"]["gigs_completed"] == 5
    # Public medians come from histograms: exact to their bucket (24-30 h, 12-14 days).
    assert 24 <= surabaya["totals"]["median_hours_to_contract"] < 30
    assert 12 <= surabaya["totals"]["median_days_to_completion"] < 14


async def test_csv_export_has_the_same_tables(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    hub = await _programme(session)
    staff = await add_staff(session, hub)
    response = await client.get(
        f"/v1/hubs/{hub.id}/impact.csv", params=OCTOBER, headers=staff.headers
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    lines = list(csv.DictReader(io.StringIO(response.text)))
    by_key = {(line["table"], line["key"]): line for line in lines}
    assert by_key[("total", "2026-10..2026-10")]["gmv_released_idr"] == str(13 * 1_500_000)
    assert by_key[("growth_percent", "2026-10..2026-10")]["gigs_posted"] == "160.0"
    assert by_key[("regency", "35.73")]["umkm_served"] == "2"
    assert by_key[("regency", "35.73")]["gmv_released_idr"] == str(2 * 1_500_000)
    assert by_key[("regency", "35.73")]["creative_earnings_idr"] == ""
    public = await client.get("/v1/impact.csv", params={"region": "35", **OCTOBER})
    assert public.status_code == 200 and public.text.startswith("table,key,label")
    public_rows = {
        (line["table"], line["key"]): line for line in csv.DictReader(io.StringIO(public.text))
    }
    assert public_rows[("regency", "35.73")]["umkm_served"] == "<5"
    assert public_rows[("regency", "35.73")]["gmv_released_idr"] == ""


async def test_who_may_read_a_hub_report(client: httpx.AsyncClient, session: AsyncSession) -> None:
    hub = await make_hub(session)
    other_hub = await make_hub(session, name="Cimahi Technopark")
    other_staff = await add_staff(session, other_hub, HubStaffRole.hub_admin)
    stranger = await make_user(session, "owner")
    url = f"/v1/hubs/{hub.id}/impact"
    assert_problem(await client.get(url), 401)
    for person in (stranger, other_staff):
        assert_problem(await client.get(url, headers=person.headers), 404, "hub_not_found")
        assert_problem(await client.get(url + ".csv", headers=person.headers), 404, "hub_not_found")
    staff = await add_staff(session, hub)
    assert (await client.get(url, headers=staff.headers)).status_code == 200


async def test_bad_ranges_and_filters_are_problems(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    hub = await make_hub(session)
    staff = await add_staff(session, hub)
    url = f"/v1/hubs/{hub.id}/impact"
    backwards = {"from": "2026-10-01", "to": "2026-09-01"}
    assert_problem(
        await client.get(url, params=backwards, headers=staff.headers), 422, "impact_range_invalid"
    )
    long = {"from": "2020-01-01", "to": "2026-10-01"}
    assert_problem(await client.get("/v1/impact", params=long), 422, "impact_range_too_long")
    assert_problem(
        await client.get("/v1/impact", params={"region": "99.99"}), 422, "unknown_region"
    )
    assert_problem(
        await client.get("/v1/impact", params={"category": "tidak-ada"}), 422, "unknown_category"
    )
    for params in ({"granularity": "week"}, {"from": "kemarin"}, {"region": "Jawa"}):
        assert_problem(await client.get("/v1/impact", params=params), 422, "validation_error")
    assert_problem(await client.get("/hubs/tidak-ada/impact"), 404, "hub_not_found")
