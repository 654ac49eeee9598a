"""Who sees and who may change a gig: owners, stranger owners, creatives and anonymous callers."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncConnection

from app.models import GigStatus
from tests.gigs.conftest import MakeBusiness, MakeUser, PostGig, SetGig
from tests.helpers import Actor, assert_problem

ACTIONS = [
    ("patch", "", {"budget_max_idr": 2_000_000}),
    ("post", "/publish", None),
    ("post", "/cancel", None),
]


async def _act(
    client: httpx.AsyncClient,
    method: str,
    gig_id: str,
    suffix: str,
    body: dict[str, int] | None,
    actor: Actor | None,
) -> httpx.Response:
    headers = actor.headers if actor else {}
    return await client.request(method, f"/v1/gigs/{gig_id}{suffix}", headers=headers, json=body)


@pytest.mark.parametrize(("method", "suffix", "body"), ACTIONS)
async def test_changing_a_gig_needs_a_token(
    client: httpx.AsyncClient,
    owner: Actor,
    business_id: uuid.UUID,
    post_gig: PostGig,
    method: str,
    suffix: str,
    body: dict[str, int] | None,
) -> None:
    gig = await post_gig(owner, business_id, status="draft")
    assert_problem(await _act(client, method, gig["id"], suffix, body, None), 401, "invalid_token")


@pytest.mark.parametrize("role", ["owner", "creative"])
@pytest.mark.parametrize(("method", "suffix", "body"), ACTIONS)
async def test_strangers_cannot_change_a_public_gig(
    client: httpx.AsyncClient,
    owner: Actor,
    business_id: uuid.UUID,
    post_gig: PostGig,
    make_user: MakeUser,
    method: str,
    suffix: str,
    body: dict[str, int] | None,
    role: str,
) -> None:
    gig = await post_gig(owner, business_id)
    stranger = await make_user(role)
    response = await _act(client, method, gig["id"], suffix, body, stranger)
    assert_problem(response, 403, "not_gig_owner")
    assert (await client.get(f"/v1/gigs/{gig['id']}")).json()["status"] == "open"


@pytest.mark.parametrize("role", ["owner", "creative"])
@pytest.mark.parametrize(("method", "suffix", "body"), ACTIONS)
async def test_strangers_cannot_see_a_draft_to_change_it(
    client: httpx.AsyncClient,
    owner: Actor,
    business_id: uuid.UUID,
    post_gig: PostGig,
    make_user: MakeUser,
    method: str,
    suffix: str,
    body: dict[str, int] | None,
    role: str,
) -> None:
    gig = await post_gig(owner, business_id, status="draft")
    stranger = await make_user(role)
    response = await _act(client, method, gig["id"], suffix, body, stranger)
    assert_problem(response, 404, "gig_not_found")


@pytest.mark.parametrize(("method", "suffix", "body"), ACTIONS)
async def test_unknown_gig_is_404(
    client: httpx.AsyncClient,
    owner: Actor,
    method: str,
    suffix: str,
    body: dict[str, int] | None,
) -> None:
    response = await _act(client, method, str(uuid.uuid4()), suffix, body, owner)
    assert_problem(response, 404, "gig_not_found")


async def test_malformed_gig_id_is_422(client: httpx.AsyncClient, owner: Actor) -> None:
    assert_problem(await client.get("/v1/gigs/bukan-uuid"), 422, "validation_error")
    response = await client.post("/v1/gigs/123/cancel", headers=owner.headers)
    assert_problem(response, 422, "validation_error")


# --- reading ---------------------------------------------------------------------------------


async def test_a_draft_is_visible_only_to_its_owner(
    client: httpx.AsyncClient,
    owner: Actor,
    business_id: uuid.UUID,
    post_gig: PostGig,
    make_user: MakeUser,
) -> None:
    gig = await post_gig(owner, business_id, status="draft")
    url = f"/v1/gigs/{gig['id']}"
    assert (await client.get(url, headers=owner.headers)).status_code == 200
    assert_problem(await client.get(url), 404, "gig_not_found")
    for role in ("owner", "creative"):
        stranger = await make_user(role)
        assert_problem(await client.get(url, headers=stranger.headers), 404, "gig_not_found")


@pytest.mark.parametrize("status", list(GigStatus))
async def test_non_draft_gigs_are_public(
    client: httpx.AsyncClient,
    owner: Actor,
    business_id: uuid.UUID,
    post_gig: PostGig,
    set_gig: SetGig,
    status: GigStatus,
) -> None:
    gig = await post_gig(owner, business_id)
    await set_gig(gig["id"], status=status)
    response = await client.get(f"/v1/gigs/{gig['id']}")
    if status is GigStatus.draft:
        assert_problem(response, 404, "gig_not_found")
    else:
        assert response.status_code == 200, response.text
        assert response.json()["status"] == status.value


async def test_a_bad_token_is_refused_even_on_public_reads(
    client: httpx.AsyncClient, owner: Actor, business_id: uuid.UUID, post_gig: PostGig
) -> None:
    gig = await post_gig(owner, business_id)
    bad = {"Authorization": "Bearer pk_at_palsu"}
    assert_problem(await client.get(f"/v1/gigs/{gig['id']}", headers=bad), 401, "invalid_token")
    assert_problem(await client.get("/v1/gigs", headers=bad), 401, "invalid_token")


async def test_public_list_never_shows_drafts_or_cancelled_gigs(
    client: httpx.AsyncClient,
    owner: Actor,
    business_id: uuid.UUID,
    post_gig: PostGig,
    set_gig: SetGig,
    make_user: MakeUser,
) -> None:
    by_status = {}
    for status in GigStatus:
        gig = await post_gig(owner, business_id)
        await set_gig(gig["id"], status=status)
        by_status[status] = gig["id"]
    other_owner = await make_user("owner")
    for viewer in (None, owner, other_owner):
        headers = viewer.headers if viewer else {}
        listed = await client.get("/v1/gigs", headers=headers)
        assert [g["id"] for g in listed.json()["data"]] == [by_status[GigStatus.open]]
        for status in (GigStatus.in_progress, GigStatus.completed):
            listed = await client.get("/v1/gigs", params={"status": status}, headers=headers)
            assert [g["id"] for g in listed.json()["data"]] == [by_status[status]]
        for status in (GigStatus.draft, GigStatus.cancelled):
            listed = await client.get("/v1/gigs", params={"status": status}, headers=headers)
            assert_problem(listed, 422, "status_requires_mine")


async def test_mine_lists_the_owners_gigs_in_every_status(
    client: httpx.AsyncClient,
    owner: Actor,
    business_id: uuid.UUID,
    post_gig: PostGig,
    set_gig: SetGig,
    make_user: MakeUser,
    make_business: MakeBusiness,
) -> None:
    mine = []
    for status in GigStatus:
        gig = await post_gig(owner, business_id)
        await set_gig(gig["id"], status=status)
        mine.append(gig["id"])
    neighbour = await make_user("owner")
    await post_gig(neighbour, await make_business(neighbour), status="draft")
    await post_gig(neighbour, await make_business(neighbour))

    listed = await client.get("/v1/gigs", params={"mine": "true"}, headers=owner.headers)
    assert listed.status_code == 200, listed.text
    assert sorted(g["id"] for g in listed.json()["data"]) == sorted(mine)
    drafts = await client.get(
        "/v1/gigs", params={"mine": "true", "status": "draft"}, headers=owner.headers
    )
    assert [g["id"] for g in drafts.json()["data"]] == [mine[0]]


async def test_mine_needs_an_owner(client: httpx.AsyncClient, make_user: MakeUser) -> None:
    assert_problem(await client.get("/v1/gigs", params={"mine": "true"}), 401, "invalid_token")
    creative = await make_user("creative")
    response = await client.get("/v1/gigs", params={"mine": "true"}, headers=creative.headers)
    assert_problem(response, 403, "role_required")


async def test_reading_a_gig_costs_one_query_plus_the_token_lookup(
    client: httpx.AsyncClient,
    connection: AsyncConnection,
    owner: Actor,
    business_id: uuid.UUID,
    post_gig: PostGig,
) -> None:
    gig = await post_gig(owner, business_id)
    statements: list[str] = []

    def note(statement: str) -> None:
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            statements.append(statement)

    # The gig read goes to asyncpg directly (no SQLAlchemy events), the token lookup through
    # SQLAlchemy (prepared statements, which asyncpg's query logger does not see): count both.
    def count(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        note(statement)

    def log(record: Any) -> None:
        note(record.query)

    driver = (await connection.get_raw_connection()).driver_connection
    assert driver is not None
    driver.add_query_logger(log)
    event.listen(connection.sync_connection, "before_cursor_execute", count)
    try:
        assert (await client.get(f"/v1/gigs/{gig['id']}")).status_code == 200
        assert len(statements) == 1, statements
        statements.clear()
        response = await client.get(f"/v1/gigs/{gig['id']}", headers=owner.headers)
        assert response.status_code == 200
        assert len(statements) == 2, statements
    finally:
        driver.remove_query_logger(log)
        event.remove(connection.sync_connection, "before_cursor_execute", count)
