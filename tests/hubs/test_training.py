"""Training records: hub staff record completed programmes (with a certificate), they show on
the creative's public profile as verified by the hub, and only the hub's staff change them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import HubStaffRole
from tests.factories import Creative, make_creative, make_user
from tests.files.samples import PDF, uploaded
from tests.files.samples import file_store as file_store
from tests.helpers import Actor, assert_problem
from tests.hubs.pool_factories import add_staff, affiliate, make_hub

RECORD = {"title": "Pelatihan desain kemasan", "days": 3, "completed_on": "2026-10-17"}


@pytest.fixture
def storage(file_store: Path) -> Iterator[Path]:
    yield file_store


async def _hub_with_trainee(session: AsyncSession) -> tuple[Any, Actor, Creative]:
    hub = await make_hub(session, "CAK eMus")
    facilitator = await make_user(session, "owner", name="Rina Pendamping")
    await add_staff(session, hub, facilitator)
    trainee = await make_creative(session, name="Dimas Prasetyo")
    await affiliate(session, hub, trainee.profile_id)
    return hub, facilitator, trainee


async def test_a_recorded_programme_shows_on_the_profile_with_its_certificate(
    client: httpx.AsyncClient, session: AsyncSession, storage: Path
) -> None:
    hub, facilitator, trainee = await _hub_with_trainee(session)
    certificate = await uploaded(client, facilitator, "training_certificate", PDF, "sertifikat.pdf")
    response = await client.post(
        f"/v1/hubs/{hub.id}/training-records",
        headers=facilitator.headers,
        json={
            **RECORD,
            "creative_id": str(trainee.profile_id),
            "certificate_file_id": certificate["id"],
        },
    )
    assert response.status_code == 201, response.text
    record = response.json()
    assert record["hub"]["name"] == "CAK eMus"
    assert (record["title"], record["days"], record["completed_on"]) == (
        "Pelatihan desain kemasan",
        3,
        "2026-10-17",
    )

    profile = (await client.get(f"/v1/creatives/{trainee.profile_id}")).json()
    assert [(t["id"], t["hub"]["name"]) for t in profile["training"]] == [
        (record["id"], "CAK eMus")
    ]
    listed = (await client.get(f"/v1/creatives/{trainee.profile_id}/training-records")).json()[
        "data"
    ]
    assert [t["id"] for t in listed] == [record["id"]]
    # The certificate is public with the record, to anyone.
    public = await client.get(f"/v1/files/{certificate['id']}")
    assert public.status_code == 200, public.text

    hub_list = await client.get(f"/v1/hubs/{hub.id}/training-records", headers=facilitator.headers)
    assert [t["id"] for t in hub_list.json()["data"]] == [record["id"]]

    deleted = await client.delete(
        f"/v1/hubs/{hub.id}/training-records/{record['id']}", headers=facilitator.headers
    )
    assert deleted.status_code == 204
    assert (await client.get(f"/v1/creatives/{trainee.profile_id}")).json()["training"] == []
    # Detached, the certificate is private again.
    assert_problem(await client.get(f"/v1/files/{certificate['id']}"), 404, "file_not_found")


async def test_only_the_hubs_staff_record_list_and_delete(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    hub, facilitator, trainee = await _hub_with_trainee(session)
    body = {**RECORD, "creative_id": str(trainee.profile_id)}
    created = await client.post(
        f"/v1/hubs/{hub.id}/training-records", headers=facilitator.headers, json=body
    )
    record_id = created.json()["id"]
    other_hub = await make_hub(session, "Jakarta Future City Hub")
    other_staff = await make_user(session, "owner")
    await add_staff(session, other_hub, other_staff, HubStaffRole.hub_admin)
    stranger = await make_user(session, "owner")
    for actor in (other_staff, stranger, trainee.actor):
        post = await client.post(
            f"/v1/hubs/{hub.id}/training-records", headers=actor.headers, json=body
        )
        assert_problem(post, 404, "hub_not_found")
        listing = await client.get(f"/v1/hubs/{hub.id}/training-records", headers=actor.headers)
        assert_problem(listing, 404, "hub_not_found")
        delete = await client.delete(
            f"/v1/hubs/{hub.id}/training-records/{record_id}", headers=actor.headers
        )
        assert_problem(delete, 404, "hub_not_found")
    # Another hub's staff cannot reach this hub's record through their own hub either.
    through_other = await client.delete(
        f"/v1/hubs/{other_hub.id}/training-records/{record_id}", headers=other_staff.headers
    )
    assert_problem(through_other, 404, "training_record_not_found")
    anonymous = await client.post(f"/v1/hubs/{hub.id}/training-records", json=body)
    assert_problem(anonymous, 401, "invalid_token")


async def test_records_need_an_affiliated_creative_and_sane_input(
    client: httpx.AsyncClient, session: AsyncSession, storage: Path
) -> None:
    hub, facilitator, _ = await _hub_with_trainee(session)
    url = f"/v1/hubs/{hub.id}/training-records"
    outsider = await make_creative(session)
    not_affiliated = await client.post(
        url, headers=facilitator.headers, json={**RECORD, "creative_id": str(outsider.profile_id)}
    )
    assert_problem(not_affiliated, 422, "creative_not_affiliated")
    trainee = await make_creative(session)
    await affiliate(session, hub, trainee.profile_id)
    valid = {**RECORD, "creative_id": str(trainee.profile_id)}
    for wrong in ({"days": 0}, {"days": 400}, {"completed_on": "2999-01-01"}, {"title": ""}):
        response = await client.post(url, headers=facilitator.headers, json={**valid, **wrong})
        assert_problem(response, 422)
    # A certificate must be the caller's own upload with the certificate purpose.
    someone_else = await uploaded(client, trainee.actor, "training_certificate", PDF, "x.pdf")
    photo = await uploaded(client, facilitator, "message_attachment", PDF, "y.pdf")
    for file in (someone_else, photo):
        response = await client.post(
            url, headers=facilitator.headers, json={**valid, "certificate_file_id": file["id"]}
        )
        assert_problem(response, 422, "attachment_not_found")
    assert_problem(
        await client.get(f"/v1/creatives/{hub.id}/training-records"), 404, "creative_not_found"
    )
