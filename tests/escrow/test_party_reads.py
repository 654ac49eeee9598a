"""GET /v1/milestones/{id} and GET /v1/payments/{id}: the parties read them, in the one
milestone shape a contract embeds; strangers are told they do not exist."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from app.main import create_app
from tests.escrow.factories import fund, submit
from tests.factories import Deal, partner_headers
from tests.helpers import Actor, assert_problem


async def test_a_milestone_reads_the_same_alone_in_its_contract_and_after_an_action(
    client: httpx.AsyncClient, deal: Deal
) -> None:
    await fund(client, deal)
    delivered = await submit(client, deal)
    assert delivered.status_code == 200, delivered.text
    contract = await client.get(f"/v1/contracts/{deal.contract_id}", headers=deal.owner.headers)
    (embedded,) = contract.json()["milestones"]
    for party in (deal.owner, deal.creative):
        alone = await client.get(f"/v1/milestones/{deal.milestone_id}", headers=party.headers)
        assert alone.status_code == 200, alone.text
        assert alone.json() == embedded
    assert delivered.json().keys() == embedded.keys()
    assert embedded["status"] == "submitted" and embedded["funded_at"] is not None
    assert embedded["auto_release_at"] is not None and embedded["released_idr"] == 0


async def test_a_payment_is_read_by_the_parties(client: httpx.AsyncClient, deal: Deal) -> None:
    paid = await fund(client, deal)
    for party in (deal.owner, deal.creative):
        response = await client.get(f"/v1/payments/{paid['id']}", headers=party.headers)
        assert response.status_code == 200, response.text
        payment = response.json()
        assert payment["status"] == "succeeded"
        assert payment["milestone_id"] == str(deal.milestone_id)
        assert payment["amount_idr"] == 2_500_000


async def test_strangers_and_partners_of_strangers_get_404(
    client: httpx.AsyncClient,
    session: AsyncSession,
    deal: Deal,
    stranger_owner: Actor,
    stranger_creative: Actor,
) -> None:
    paid = await fund(client, deal)
    urls = {
        f"/v1/milestones/{deal.milestone_id}": "milestone_not_found",
        f"/v1/payments/{paid['id']}": "payment_not_found",
    }
    stranger_app = await partner_headers(session, stranger_owner.id, "contracts:read")
    own_app = await partner_headers(session, deal.owner.id, "contracts:read")
    for url, code in urls.items():
        for headers in (stranger_owner.headers, stranger_creative.headers, stranger_app):
            assert_problem(await client.get(url, headers=headers), 404, code)
        assert_problem(await client.get(url), 401, "invalid_token")
        assert (await client.get(url, headers=own_app)).status_code == 200
    for kind, code in (("milestones", "milestone_not_found"), ("payments", "payment_not_found")):
        missing = await client.get(f"/v1/{kind}/{uuid.uuid4()}", headers=deal.owner.headers)
        assert_problem(missing, 404, code)


def test_one_milestone_schema_everywhere() -> None:
    document: dict[str, Any] = create_app().openapi()
    schemas = document["components"]["schemas"]
    assert not any(
        "Milestone" in name and name.endswith("Read") and name != "MilestoneRead"
        for name in schemas
    )
    embedded = schemas["ContractDetail"]["properties"]["milestones"]["items"]["$ref"]
    read = document["paths"]["/v1/milestones/{milestone_id}"]["get"]["responses"]["200"]
    submitted = document["paths"]["/v1/milestones/{milestone_id}/submit"]["post"]["responses"]
    refs = {
        read["content"]["application/json"]["schema"]["$ref"],
        submitted["200"]["content"]["application/json"]["schema"]["$ref"],
        embedded,
    }
    assert refs == {"#/components/schemas/MilestoneRead"}
