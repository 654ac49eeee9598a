"""Talent pools: hub staff curate them, everyone reads them, owners filter the directory."""

from __future__ import annotations

import httpx
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.clock import jakarta_today
from app.models import HubCreative, HubCreativeStatus, HubStaffRole, HubStaffStatus
from tests.factories import make_creative, make_user
from tests.helpers import assert_problem
from tests.hubs.pool_factories import add_staff, affiliate, make_hub, make_pool

POOL = {"name": "Desainer kemasan EJSC Madiun", "category": "packaging-design"}


async def test_staff_curate_a_pool_and_everyone_reads_it(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    hub = await make_hub(session, "EJSC Bakorwil Madiun")
    facilitator = await make_user(session, "creative", name="Rina Pendamping")
    await add_staff(session, hub, facilitator)
    dina = await make_creative(session, name="Dina Anggraini")
    await affiliate(session, hub, dina.profile_id)

    created = await client.post(f"/v1/hubs/{hub.id}/pools", headers=facilitator.headers, json=POOL)
    assert created.status_code == 201, created.text
    pool = created.json()
    assert pool["slug"] == "desainer-kemasan-ejsc-madiun"
    assert pool["hub"]["name"] == "EJSC Bakorwil Madiun"
    assert pool["member_count"] == 0

    added = await client.put(
        f"/v1/pools/{pool['id']}/members/{dina.profile_id}",
        headers=facilitator.headers,
        json={"note": "Portofolio kemasan keripik rapi."},
    )
    assert added.status_code == 200, added.text
    member = added.json()
    assert member["reviewed_by_user_id"] == str(facilitator.id)
    assert member["reviewed_on"] == jakarta_today().isoformat()
    assert member["note"] == "Portofolio kemasan keripik rapi."
    assert member["creative"]["display_name"] == "Dina Anggraini"

    page = (await client.get(f"/v1/pools/{pool['id']}")).json()
    assert page["member_count"] == 1
    assert [m["creative"]["id"] for m in page["members"]] == [str(dina.profile_id)]
    # The reviewer's note is for the hub's staff only.
    assert page["members"][0]["note"] is None
    assert page["members"][0]["reviewed_by_user_id"] is None
    staff_view = await client.get(f"/v1/pools/{pool['id']}/members", headers=facilitator.headers)
    assert staff_view.json()["data"][0]["note"] == "Portofolio kemasan keripik rapi."

    listed = (await client.get(f"/v1/hubs/{hub.id}/pools")).json()["data"]
    assert [(p["id"], p["member_count"]) for p in listed] == [(pool["id"], 1)]

    renamed = await client.patch(
        f"/v1/pools/{pool['id']}", headers=facilitator.headers, json={"name": "Kemasan Madiun"}
    )
    assert renamed.json()["name"] == "Kemasan Madiun"
    assert renamed.json()["slug"] == pool["slug"]

    removed = await client.delete(
        f"/v1/pools/{pool['id']}/members/{dina.profile_id}", headers=facilitator.headers
    )
    assert removed.status_code == 204
    assert (await client.get(f"/v1/pools/{pool['id']}")).json()["member_count"] == 0
    again = await client.delete(
        f"/v1/pools/{pool['id']}/members/{dina.profile_id}", headers=facilitator.headers
    )
    assert_problem(again, 404, "pool_member_not_found")


async def test_only_actively_affiliated_creatives_join_a_pool(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    hub = await make_hub(session)
    admin = await make_user(session, "owner")
    await add_staff(session, hub, admin, HubStaffRole.hub_admin)
    pool = await make_pool(session, hub)
    stranger = await make_creative(session)
    requested = await make_creative(session)
    await affiliate(session, hub, requested.profile_id, HubCreativeStatus.requested)
    for creative in (stranger, requested):
        response = await client.put(
            f"/v1/pools/{pool.id}/members/{creative.profile_id}", headers=admin.headers, json={}
        )
        assert_problem(response, 422, "creative_not_affiliated")
    missing = await client.put(
        f"/v1/pools/{pool.id}/members/{hub.id}", headers=admin.headers, json={}
    )
    assert_problem(missing, 404, "creative_not_found")


async def test_leaving_the_hub_takes_a_creative_out_of_its_pools(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    hub = await make_hub(session)
    creative = await make_creative(session)
    pool = await make_pool(session, hub, members=[creative.profile_id])
    assert (await client.get(f"/v1/pools/{pool.id}")).json()["member_count"] == 1
    await session.execute(
        update(HubCreative)
        .where(HubCreative.creative_id == creative.profile_id)
        .values(status=HubCreativeStatus.removed)
    )
    page = (await client.get(f"/v1/pools/{pool.id}")).json()
    assert (page["member_count"], page["members"]) == (0, [])


async def test_strangers_and_other_hubs_staff_cannot_curate(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    hub, other_hub = await make_hub(session), await make_hub(session, "Cimahi Technopark")
    pool = await make_pool(session, hub)
    creative = await make_creative(session)
    await affiliate(session, hub, creative.profile_id)
    other_staff = await make_user(session, "owner")
    await add_staff(session, other_hub, other_staff, HubStaffRole.hub_admin)
    invited = await make_user(session, "owner")
    await add_staff(session, hub, invited, status=HubStaffStatus.invited)
    stranger = await make_user(session, "owner")
    member_url = f"/v1/pools/{pool.id}/members/{creative.profile_id}"
    for actor in (other_staff, invited, stranger, creative.actor):
        headers = actor.headers
        create = await client.post(f"/v1/hubs/{hub.id}/pools", headers=headers, json=POOL)
        assert_problem(create, 404, "hub_not_found")
        patch = await client.patch(f"/v1/pools/{pool.id}", headers=headers, json={"name": "X y"})
        assert_problem(patch, 404, "hub_not_found")
        put = await client.put(member_url, headers=headers, json={})
        assert_problem(put, 404, "hub_not_found")
        delete = await client.delete(member_url, headers=headers)
        assert_problem(delete, 404, "hub_not_found")
    anonymous = await client.post(f"/v1/hubs/{hub.id}/pools", json=POOL)
    assert_problem(anonymous, 401, "invalid_token")
    assert_problem(await client.put(member_url, json={}), 401, "invalid_token")


async def test_pool_lookups_answer_problems(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    hub = await make_hub(session)
    staff = await make_user(session, "owner")
    await add_staff(session, hub, staff)
    unknown = "01937b80-0000-7000-8000-000000000000"
    assert_problem(await client.get(f"/v1/pools/{unknown}"), 404, "pool_not_found")
    assert_problem(await client.get(f"/v1/pools/{unknown}/members"), 404, "pool_not_found")
    assert_problem(await client.get(f"/v1/hubs/{unknown}/pools"), 404, "hub_not_found")
    assert_problem(
        await client.get("/v1/creatives", params={"pool": unknown}), 404, "pool_not_found"
    )
    first = await client.post(f"/v1/hubs/{hub.id}/pools", headers=staff.headers, json=POOL)
    assert first.status_code == 201
    taken = await client.post(f"/v1/hubs/{hub.id}/pools", headers=staff.headers, json=POOL)
    assert_problem(taken, 409, "pool_slug_taken")
    bad = await client.post(
        f"/v1/hubs/{hub.id}/pools", headers=staff.headers, json={"name": "X", "category": "nope"}
    )
    assert_problem(bad, 422)


async def test_owners_filter_the_directory_by_pool(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    hub = await make_hub(session)
    inside, outside = await make_creative(session), await make_creative(session)
    pool = await make_pool(session, hub, members=[inside.profile_id])
    found = await client.get("/v1/creatives", params={"pool": str(pool.id)})
    assert found.status_code == 200, found.text
    assert [c["id"] for c in found.json()["data"]] == [str(inside.profile_id)]
    everyone = {c["id"] for c in (await client.get("/v1/creatives")).json()["data"]}
    assert {str(inside.profile_id), str(outside.profile_id)} <= everyone
