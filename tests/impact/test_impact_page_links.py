"""Signed links to a hub's impact page in the hub staff view: only the hub's staff and
administrators get one; with a valid key the page shows the staff view with its banner and
is kept out of caches and Referer; any other key shows the public view, never the staff one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Hub, HubStaff, HubStaffRole, HubStaffStatus
from app.services.impact.page_links import page_key
from app.services.impact.rollup import refresh_impact
from tests.factories import make_creative, make_user
from tests.helpers import Actor, assert_problem
from tests.impact.kit import add_staff, assist, at, hire, make_hub, make_owner_business, post_gig

OCTOBER = {"from": "2026-10-01", "to": "2026-10-31"}
BANNER = "Tampilan staf hub — jangan dibagikan / Hub staff view — do not share"


async def _small_hub(session: AsyncSession) -> Hub:
    """Three assisted businesses, each with one job completed in October (1.5 million)."""
    hub = await make_hub(session, name="Rumah Kreatif Surabaya")
    for n in range(3):
        owner, business = await make_owner_business(session, "35.78")
        await assist(session, hub, business, at(2026, 8, 1))
        creative = await make_creative(session, name=f"Kreator {n}")
        job = await post_gig(session, business, owner, at(2026, 10, 2))
        await hire(session, job, creative.profile, at(2026, 10, 3),
                   released=at(2026, 10, 15), amount_idr=1_500_000, rating=5)  # fmt: skip
    while await refresh_impact(session):
        pass
    return hub


async def _link(client: httpx.AsyncClient, hub: Hub, person: Actor) -> tuple[str, str]:
    response = await client.post(f"/v1/hubs/{hub.id}/impact/page-links", headers=person.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    expires_at = datetime.fromisoformat(body["expires_at"])
    assert timedelta(minutes=59) < expires_at - datetime.now(UTC) <= timedelta(hours=1)
    url = urlsplit(body["url"])
    assert url.path == f"/hubs/{hub.slug}/impact"
    return url.path, parse_qs(url.query)["key"][0]


def _is_public(page: httpx.Response) -> None:
    assert page.status_code == 200
    assert BANNER not in page.text
    assert 'id="staff-banner"' not in page.text
    assert 'id="key-refused"' in page.text
    assert "&lt;5" in page.text and "Rp4.500.000" not in page.text
    assert page.headers["cache-control"] == "no-store"


async def test_a_staff_link_opens_the_staff_view(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    hub = await _small_hub(session)
    staff = await add_staff(session, hub)
    path, key = await _link(client, hub, staff)
    page = await client.get(path, params={"key": key, **OCTOBER})
    assert page.status_code == 200, page.text
    assert BANNER in page.text
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "no-referrer"
    # The hub's own figures: three UMKM and their GMV, exactly; earnings of three creatives not.
    assert "Rp4.500.000" in page.text
    assert ">3<" in page.text
    assert "Pendapatan kreator" in page.text
    # Without the key the same page is the public view.
    public = await client.get(path, params=OCTOBER)
    assert BANNER not in public.text and "&lt;5" in public.text
    assert "no-store" not in public.headers.get("cache-control", "")
    # An administrator may ask too.
    admin = await make_user(session, "admin")
    await _link(client, hub, admin)


async def test_any_other_key_shows_the_public_view(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    hub = await _small_hub(session)
    other_hub = await make_hub(session, name="Cimahi Technopark")
    staff = await add_staff(session, hub, HubStaffRole.hub_admin)
    other_staff = await add_staff(session, other_hub)
    path, key = await _link(client, hub, staff)
    _, other_key = await _link(client, other_hub, other_staff)
    encoded, _, signature = key.partition(".")
    expired = page_key(hub.id, staff.id, int(datetime.now(UTC).timestamp()) - 1)
    for bad in (
        f"{encoded}.{signature[:-1]}{'0' if signature[-1] != '0' else '1'}",  # tampered
        other_key,  # another hub's link
        expired,
        "bukan-kunci",
        "",
        f"{encoded}.",
    ):
        _is_public(await client.get(path, params={"key": bad, **OCTOBER}))
    # A link stops working when its asker is no longer staff of the hub.
    await session.execute(
        update(HubStaff).where(HubStaff.user_id == staff.id).values(status=HubStaffStatus.removed)
    )
    _is_public(await client.get(path, params={"key": key, **OCTOBER}))
    # An overlong key is refused as input.
    assert_problem(await client.get(path, params={"key": "k" * 401}), 422, "validation_error")


async def test_who_may_ask_for_a_page_link(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    hub = await make_hub(session)
    other_staff = await add_staff(session, await make_hub(session, name="Jakarta Future City Hub"))
    stranger = await make_user(session, "creative")
    url = f"/v1/hubs/{hub.id}/impact/page-links"
    assert_problem(await client.post(url), 401)
    for person in (stranger, other_staff):
        assert_problem(await client.post(url, headers=person.headers), 404, "hub_not_found")
    assert_problem(
        await client.post(
            "/v1/hubs/00000000-0000-0000-0000-000000000000/impact/page-links",
            headers=(await add_staff(session, hub)).headers,
        ),
        404,
        "hub_not_found",
    )
