"""Hubs, staff and creative affiliations through the API, with strangers refused."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

import httpx
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from app.models import AdminAuditEntry, Hub, HubStaffRole
from tests.factories import make_creative, make_user
from tests.helpers import assert_problem, queued_mail, signup
from tests.hubs.factories import make_hub, make_staff

HUB = {
    "slug": "cak-emus",
    "name": "CAK eMus Surabaya",
    "kind": "coworking",
    "region_code": "35.78",
    "contact_email": "halo@cakemus.contoh.id",
    "description": "Co-working space Rumah Kreatif dan Sentra UKM Surabaya.",
}


async def test_admins_create_hubs_anyone_reads_them(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    admin = await make_user(session, "admin")
    owner = await make_user(session, "owner")
    assert_problem(await client.post("/v1/admin/hubs", json=HUB), 401, "invalid_token")
    assert_problem(
        await client.post("/v1/admin/hubs", json=HUB, headers=owner.headers), 403, "role_required"
    )
    mjc = await client.post(
        "/v1/admin/hubs",
        headers=admin.headers,
        json={
            **HUB,
            "slug": "mjc",
            "name": "Millennial Job Center",
            "kind": "government_programme",
        },
    )
    assert mjc.status_code == 201, mjc.text
    child = await client.post(
        "/v1/admin/hubs", headers=admin.headers, json={**HUB, "parent_id": mjc.json()["id"]}
    )
    assert child.status_code == 201, child.text
    assert child.json()["parent"]["slug"] == "mjc"
    audit = await session.scalar(
        select(AdminAuditEntry).where(AdminAuditEntry.target_id == child.json()["id"])
    )
    assert audit is not None and audit.action == "hub.create"
    assert_problem(
        await client.post("/v1/admin/hubs", headers=admin.headers, json=HUB), 409, "hub_slug_taken"
    )
    assert_problem(
        await client.post(
            "/v1/admin/hubs",
            headers=admin.headers,
            json={**HUB, "slug": "hub-x", "parent_id": str(uuid.uuid4())},
        ),
        422,
    )
    assert_problem(
        await client.post(
            "/v1/admin/hubs",
            headers=admin.headers,
            json={**HUB, "slug": "hub-y", "region_code": "99"},
        ),
        422,
        "unknown_region",
    )

    listed = await client.get("/v1/hubs", params={"region": "35", "kind": "coworking"})
    assert listed.status_code == 200, listed.text
    assert [h["slug"] for h in listed.json()["data"]] == ["cak-emus"]
    page = await client.get("/v1/hubs", params={"limit": 1})
    assert page.json()["next_cursor"] is not None
    public = await client.get(f"/v1/hubs/{child.json()['id']}")
    assert public.json()["affiliated_creatives"] == 0
    assert_problem(await client.get(f"/v1/hubs/{uuid.uuid4()}"), 404, "hub_not_found")


async def test_only_the_hub_admin_edits_and_invites(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    hub = await make_hub(session)
    hub_admin = await make_user(session, "owner", "Admin Hub")
    facilitator = await make_user(session, "creative", "Rina Pendamping")
    stranger = await make_user(session, "owner")
    await make_staff(session, hub, hub_admin, HubStaffRole.hub_admin)
    await make_staff(session, hub, facilitator)
    edit = {"description": "Ruang kreatif EJSC."}
    assert_problem(
        await client.patch(f"/v1/hubs/{hub.id}", json=edit, headers=stranger.headers),
        404,
        "hub_not_found",
    )
    assert_problem(
        await client.patch(f"/v1/hubs/{hub.id}", json=edit, headers=facilitator.headers),
        403,
        "hub_role_required",
    )
    edited = await client.patch(f"/v1/hubs/{hub.id}", json=edit, headers=hub_admin.headers)
    assert edited.json()["description"] == "Ruang kreatif EJSC."

    invite = {"email": "baru@contoh.id", "role": "facilitator"}
    for person, code in ((stranger, "hub_not_found"), (facilitator, "hub_role_required")):
        response = await client.post(
            f"/v1/hubs/{hub.id}/staff", json=invite, headers=person.headers
        )
        assert_problem(response, 404 if code == "hub_not_found" else 403, code)
    invited = await client.post(f"/v1/hubs/{hub.id}/staff", json=invite, headers=hub_admin.headers)
    assert invited.status_code == 201, invited.text
    assert_problem(
        await client.get(f"/v1/hubs/{hub.id}/staff", headers=stranger.headers), 404, "hub_not_found"
    )
    staff = await client.get(f"/v1/hubs/{hub.id}/staff", headers=facilitator.headers)
    assert len(staff.json()["data"]) == 3

    # Only the person the mail went to (signed in with that confirmed address) accepts.
    staff_id = invited.json()["id"]
    assert_problem(
        await client.post(f"/v1/hub-invitations/{staff_id}/accept", headers=stranger.headers),
        403,
        "staff_email_mismatch",
    )
    assert_problem(
        await client.post(f"/v1/hub-invitations/{uuid.uuid4()}/accept", headers=stranger.headers),
        404,
        "staff_invitation_not_found",
    )
    removed = await client.delete(f"/v1/hubs/{hub.id}/staff/{staff_id}", headers=hub_admin.headers)
    assert removed.json()["status"] == "removed"
    own = next(s for s in staff.json()["data"] if s["user_id"] == str(hub_admin.id))
    assert_problem(
        await client.delete(f"/v1/hubs/{hub.id}/staff/{own['id']}", headers=hub_admin.headers),
        409,
        "last_hub_admin",
    )
    assert_problem(
        await client.delete(f"/v1/hubs/{hub.id}/staff/{own['id']}", headers=facilitator.headers),
        403,
        "hub_role_required",
    )


async def test_a_person_may_work_for_several_hubs(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await signup(client, "owner", name="Wati Pendamping")
    admin = await make_user(session, "admin")
    for hub in (await make_hub(session, "Cimahi Technopark"), await make_hub(session, "JFC Hub")):
        invited = await client.post(
            f"/v1/hubs/{hub.id}/staff",
            headers=admin.headers,
            json={"email": owner.email.upper(), "role": "facilitator"},
        )
        assert invited.status_code == 201, invited.text
        await queued_mail(client, owner.email, "hub_staff_invitation")
        accepted = await client.post(
            f"/v1/hub-invitations/{invited.json()['id']}/accept", headers=owner.headers
        )
        assert accepted.status_code == 200, accepted.text
    mine = await client.get("/v1/me/hubs", headers=owner.headers)
    assert sorted(m["hub"]["name"] for m in mine.json()["data"]) == [
        "Cimahi Technopark",
        "JFC Hub",
    ]
    assert (await client.get("/v1/me", headers=owner.headers)).json()["role"] == "owner"


async def test_creatives_join_by_request_or_invitation_and_profiles_show_it(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    hub = await make_hub(session, "Cimahi Technopark")
    staff = await make_user(session, "owner", "Staf Technopark")
    await make_staff(session, hub, staff)
    dina = await make_creative(session, name="Dina")
    bayu = await make_creative(session, name="Bayu")
    stranger = await make_user(session, "creative")

    asked = await client.post(f"/v1/hubs/{hub.id}/creatives/join", headers=dina.headers)
    assert asked.status_code == 201, asked.text
    assert_problem(
        await client.post(f"/v1/hubs/{hub.id}/creatives/join", headers=dina.headers),
        409,
        "affiliation_exists",
    )
    assert_problem(
        await client.post(f"/v1/hubs/{hub.id}/creatives/join", headers=stranger.headers),
        404,
        "creative_profile_required",
    )
    request_id = asked.json()["id"]
    for person, status in ((stranger, 404), (dina, 403)):
        response = await client.post(
            f"/v1/hub-affiliations/{request_id}/approve", headers=person.headers
        )
        assert_problem(response, status)
    approved = await client.post(
        f"/v1/hub-affiliations/{request_id}/approve", headers=staff.headers
    )
    assert approved.json()["status"] == "active"

    invited = await client.post(
        f"/v1/hubs/{hub.id}/creatives/invite",
        headers=staff.headers,
        json={"creative_id": str(bayu.profile_id)},
    )
    assert invited.status_code == 201, invited.text
    assert_problem(
        await client.post(
            f"/v1/hubs/{hub.id}/creatives/invite",
            headers=stranger.headers,
            json={"creative_id": str(bayu.profile_id)},
        ),
        404,
        "hub_not_found",
    )
    assert_problem(
        await client.post(
            f"/v1/hub-affiliations/{invited.json()['id']}/accept", headers=staff.headers
        ),
        403,
        "affiliation_decision_not_yours",
    )
    declined = await client.post(
        f"/v1/hub-affiliations/{invited.json()['id']}/decline", headers=bayu.headers
    )
    assert declined.json()["status"] == "declined"

    profile = await client.get(f"/v1/creatives/{dina.profile_id}")
    assert [(h["name"], h["verified_at"] is not None) for h in profile.json()["hubs"]] == [
        ("Cimahi Technopark", True)
    ]
    assert (await client.get(f"/v1/creatives/{bayu.profile_id}")).json()["hubs"] == []
    listed = await client.get(f"/v1/hubs/{hub.id}/creatives?status=active", headers=staff.headers)
    assert [a["creative_id"] for a in listed.json()["data"]] == [str(dina.profile_id)]
    assert_problem(await client.get(f"/v1/hubs/{hub.id}/creatives", headers=stranger.headers), 404)
    mine = await client.get("/v1/me/hub-affiliations", headers=dina.headers)
    assert [a["status"] for a in mine.json()["data"]] == ["active"]
    counted = await client.get(f"/v1/hubs/{hub.id}")
    assert counted.json()["affiliated_creatives"] == 1

    left = await client.post(f"/v1/hub-affiliations/{request_id}/remove", headers=dina.headers)
    assert left.json()["status"] == "removed"
    assert (await client.get(f"/v1/creatives/{dina.profile_id}")).json()["hubs"] == []


async def test_the_cli_creates_a_hub(
    migrated_url: str, engine: AsyncEngine, session: AsyncSession
) -> None:
    env = os.environ | {"DATABASE_URL": migrated_url, "LOG_LEVEL": "WARNING"}
    hub_args = ["--kind", "community", "--region", "31.71", "--slug", "jfc-hub-cli"]

    def pasar(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app", "hub", "create", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    done = pasar(*hub_args, "--name", "Jakarta Future City Hub")
    assert done.returncode == 0, done.stderr
    created = json.loads(done.stdout)
    try:
        assert created["slug"] == "jfc-hub-cli" and created["kind"] == "community"
        again = pasar(*hub_args, "--name", "Lagi")
        assert again.returncode == 1 and "slug" in again.stderr
    finally:
        # The audit entry stays: the log is append-only.
        async with engine.begin() as conn:
            await conn.execute(delete(Hub).where(Hub.slug == "jfc-hub-cli"))
