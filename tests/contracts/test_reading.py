from __future__ import annotations

import uuid

import httpx
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Contract, ContractStatus
from app.services.accounts import create_admin
from tests.contracts.deals import AcceptedDeal, accept_deal
from tests.factories import Creative, partner_headers
from tests.helpers import PASSWORD, Actor, assert_problem, login
from tests.proposals.factories import make_gig, submitted_proposal


async def test_a_contract_shows_its_milestones_to_both_parties(
    client: httpx.AsyncClient, deal: AcceptedDeal
) -> None:
    for party in (deal.owner, deal.creative):
        response = await client.get(f"/v1/contracts/{deal.contract_id}", headers=party.headers)
        assert response.status_code == 200, response.text
        assert response.json() == deal.contract
    [milestone] = deal.contract["milestones"]
    assert {
        "id",
        "position",
        "title",
        "amount_idr",
        "due_date",
        "status",
        "submission_note",
        "deliverable_urls",
        "change_request_note",
        "revision_count",
    } <= milestone.keys()


async def test_strangers_cannot_read_a_contract(
    client: httpx.AsyncClient,
    deal: AcceptedDeal,
    stranger_owner: Actor,
    stranger_creative: Creative,
) -> None:
    url = f"/v1/contracts/{deal.contract_id}"
    for stranger in (stranger_owner, stranger_creative):
        assert_problem(await client.get(url, headers=stranger.headers), 404, "contract_not_found")
    assert_problem(await client.get(url), 401, "invalid_token")
    missing = await client.get(f"/v1/contracts/{uuid.uuid4()}", headers=deal.owner.headers)
    assert_problem(missing, 404, "contract_not_found")


async def test_my_contracts_as_owner_and_as_creative(
    client: httpx.AsyncClient, session: AsyncSession, deal: AcceptedDeal, stranger_owner: Actor
) -> None:
    # A second contract for the same creative, with another owner.
    gig = await make_gig(session, stranger_owner)
    proposal = await submitted_proposal(client, deal.creative, gig.id)
    second = await client.post(
        f"/v1/proposals/{proposal['id']}/accept", headers=stranger_owner.headers
    )
    assert second.status_code == 201

    creative_view = await client.get("/v1/contracts?mine=true", headers=deal.creative.headers)
    assert [c["id"] for c in creative_view.json()["data"]] == [
        second.json()["id"],
        deal.contract_id,
    ]
    assert "milestones" not in creative_view.json()["data"][0]
    owner_view = await client.get("/v1/contracts", headers=deal.owner.headers)
    assert [c["id"] for c in owner_view.json()["data"]] == [deal.contract_id]
    other_owner_view = await client.get("/v1/contracts", headers=stranger_owner.headers)
    assert [c["id"] for c in other_owner_view.json()["data"]] == [second.json()["id"]]


async def test_contracts_page_by_cursor_and_filter_by_status(
    client: httpx.AsyncClient, session: AsyncSession, deal: AcceptedDeal
) -> None:
    for _ in range(2):
        gig = await make_gig(session, deal.owner)
        proposal = await submitted_proposal(client, deal.creative, gig.id)
        accepted = await client.post(
            f"/v1/proposals/{proposal['id']}/accept", headers=deal.owner.headers
        )
        assert accepted.status_code == 201
    await session.execute(
        update(Contract)
        .where(Contract.id == deal.contract_id)
        .values(status=ContractStatus.completed)
    )
    await session.flush()

    first = (await client.get("/v1/contracts?limit=2", headers=deal.owner.headers)).json()
    assert len(first["data"]) == 2
    second = (
        await client.get(
            "/v1/contracts",
            params={"limit": 2, "cursor": first["next_cursor"]},
            headers=deal.owner.headers,
        )
    ).json()
    assert [c["id"] for c in second["data"]] == [deal.contract_id]
    assert second["next_cursor"] is None

    completed = await client.get("/v1/contracts?status=completed", headers=deal.owner.headers)
    assert [c["id"] for c in completed.json()["data"]] == [deal.contract_id]
    active = await client.get("/v1/contracts?status=active", headers=deal.creative.headers)
    assert deal.contract_id not in [c["id"] for c in active.json()["data"]]
    assert len(active.json()["data"]) == 2


async def test_listing_everything_is_for_admins_only(
    client: httpx.AsyncClient, session: AsyncSession, deal: AcceptedDeal
) -> None:
    other = await accept_deal(client, session)
    assert_problem(
        await client.get("/v1/contracts?mine=false", headers=deal.owner.headers),
        403,
        "role_required",
    )
    await create_admin(session, email="admin@pasarkreatif.id", password=PASSWORD, full_name="Admin")
    await session.flush()
    tokens = await login(client, "admin@pasarkreatif.id", PASSWORD)
    admin = {"Authorization": f"Bearer {tokens['access_token']}"}
    everything = await client.get("/v1/contracts?mine=false", headers=admin)
    ids = {c["id"] for c in everything.json()["data"]}
    assert {deal.contract_id, other.contract_id} <= ids
    assert (await client.get("/v1/contracts", headers=admin)).json()["data"] == []


async def test_bad_contract_list_parameters(client: httpx.AsyncClient, deal: AcceptedDeal) -> None:
    for params in ({"status": "selesai"}, {"mine": "mungkin"}, {"limit": 1000}):
        response = await client.get("/v1/contracts", params=params, headers=deal.owner.headers)
        assert_problem(response, 422, "validation_error")
    assert_problem(await client.get("/v1/contracts"), 401, "invalid_token")


async def test_partner_apps_read_contracts_with_the_contracts_read_scope(
    client: httpx.AsyncClient, session: AsyncSession, deal: AcceptedDeal
) -> None:
    reader = await partner_headers(session, deal.creative.user_id, "contracts:read")
    response = await client.get(f"/v1/contracts/{deal.contract_id}", headers=reader)
    assert response.status_code == 200, response.text
    listed = await client.get("/v1/contracts", headers=reader)
    assert [c["id"] for c in listed.json()["data"]] == [deal.contract_id]
    other_scope = await partner_headers(session, deal.creative.user_id, "proposals:read")
    assert_problem(
        await client.get(f"/v1/contracts/{deal.contract_id}", headers=other_scope),
        403,
        "insufficient_scope",
    )
