"""NPWP on a business: validated (15 digits, or a 16-digit NIK), whole only for the owner and
admins, masked for everyone else, printed on the tax invoice, exported and erased."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.security import hash_password
from app.models import Business, Contract, User
from tests.escrow.factories import act, fund, submit
from tests.factories import Deal, make_deal, make_user
from tests.helpers import PASSWORD, assert_problem

NPWP = "012345678901000"
MASKED = "************000"


async def _business_id(session: AsyncSession, deal: Deal) -> str:
    contract = await session.get_one(Contract, deal.contract_id)
    return str(contract.business_id)


@pytest.fixture
async def deal(session: AsyncSession) -> Deal:
    return await make_deal(session)


async def test_the_owner_and_admins_see_the_npwp_everyone_else_sees_it_masked(
    client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    business_id = await _business_id(session, deal)
    url = f"/v1/businesses/{business_id}"
    saved = await client.patch(
        url, json={"npwp": "01.234.567.8-901.000"}, headers=deal.owner.headers
    )
    assert saved.status_code == 200, saved.text
    assert saved.json()["npwp"] == NPWP
    admin = await make_user(session, "admin")
    assert (await client.get(url, headers=deal.owner.headers)).json()["npwp"] == NPWP
    assert (await client.get(url, headers=admin.headers)).json()["npwp"] == NPWP
    assert (await client.get(url, headers=deal.creative.headers)).json()["npwp"] == MASKED
    assert (await client.get(url)).json()["npwp"] == MASKED
    listed = (await client.get("/v1/businesses")).json()["data"]
    assert {b["npwp"] for b in listed if b["id"] == business_id} == {MASKED}
    mine = (await client.get("/v1/businesses?mine=true", headers=deal.owner.headers)).json()
    assert {b["npwp"] for b in mine["data"]} == {NPWP}
    # A stranger cannot set it.
    stranger = await client.patch(url, json={"npwp": NPWP}, headers=deal.creative.headers)
    assert stranger.status_code in (403, 404)
    cleared = await client.patch(url, json={"npwp": None}, headers=deal.owner.headers)
    assert cleared.json()["npwp"] is None


@pytest.mark.parametrize(
    "npwp",
    [
        "12345",
        "0123456789010001",  # 16 digits must start with a province code (11-94)
        "000000000000000",
        "01234567890100A",
        "0123456789010000000",
        12345678901234,
    ],
)
async def test_a_malformed_npwp_is_refused(
    client: httpx.AsyncClient, session: AsyncSession, deal: Deal, npwp: object
) -> None:
    business_id = await _business_id(session, deal)
    response = await client.patch(
        f"/v1/businesses/{business_id}", json={"npwp": npwp}, headers=deal.owner.headers
    )
    body = assert_problem(response, 422, "validation_error")
    assert body["errors"][0]["loc"] == "body.npwp"
    assert (await session.get_one(Business, business_id, populate_existing=True)).npwp is None


async def test_a_sole_traders_nik_is_accepted_and_printed_on_the_tax_invoice(
    client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    nik = "3578014507900003"  # Surabaya, born 05-07-1990
    business_id = await _business_id(session, deal)
    saved = await client.patch(
        f"/v1/businesses/{business_id}", json={"npwp": nik}, headers=deal.owner.headers
    )
    assert saved.status_code == 200, saved.text
    await fund(client, deal)
    await submit(client, deal)
    assert (await act(client, deal.owner, deal.milestone_id, "approve")).status_code == 200
    url = f"/v1/contracts/{deal.contract_id}/documents"
    for viewer, shown in ((deal.owner, nik), (deal.creative, "*************003")):
        documents = (await client.get(url, headers=viewer.headers)).json()["data"]
        [invoice] = [d for d in documents if d["kind"] == "tax_invoice"]
        [receipt] = [d for d in documents if d["kind"] == "receipt"]
        assert invoice["buyer_npwp"] == shown
        assert receipt["buyer_npwp"] is None
    pdf = await client.get(f"{url}/{invoice['id']}/pdf", headers=deal.owner.headers)
    assert pdf.status_code == 200


async def test_the_npwp_is_exported_and_removed_on_erasure(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    deal = await make_deal(session)
    business_id = await _business_id(session, deal)
    await client.patch(
        f"/v1/businesses/{business_id}", json={"npwp": NPWP}, headers=deal.owner.headers
    )
    exported = (await client.get("/v1/me/export", headers=deal.owner.headers)).json()
    assert [b["npwp"] for b in exported["businesses"]] == [NPWP]
    # The contract must be settled first: cancel its unfunded milestone.
    assert (await act(client, deal.owner, deal.milestone_id, "cancel")).status_code == 200
    owner = await session.get_one(User, deal.owner.id)
    owner.password_hash = hash_password(PASSWORD)
    await session.flush()
    erased = await client.request(
        "DELETE", "/v1/me", json={"password": PASSWORD}, headers=deal.owner.headers
    )
    assert erased.status_code == 200, erased.text
    npwp = await session.scalar(
        select(Business.npwp)
        .where(Business.id == business_id)
        .execution_options(populate_existing=True)
    )
    assert npwp is None
