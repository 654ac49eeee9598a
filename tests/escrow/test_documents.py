"""Receipts per funded milestone and gapless tax invoices for the platform fee (PPN 11 %)."""

from __future__ import annotations

import re

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from tests.escrow.factories import act, fund, submit
from tests.factories import make_deal
from tests.helpers import Actor, assert_problem


async def test_receipts_and_consecutive_tax_invoices_as_json_and_pdf(
    client: httpx.AsyncClient, session: AsyncSession, stranger_owner: Actor
) -> None:
    deal = await make_deal(session, (1_500_000, 1_000_000))
    for milestone_id in deal.milestone_ids:
        await fund(client, deal, milestone_id)
        await submit(client, deal, milestone_id)
        assert (await act(client, deal.owner, milestone_id, "approve")).status_code == 200
    url = f"/v1/contracts/{deal.contract_id}/documents"
    documents = (await client.get(url, headers=deal.owner.headers)).json()["data"]
    receipts = [d for d in documents if d["kind"] == "receipt"]
    invoices = [d for d in documents if d["kind"] == "tax_invoice"]
    assert sorted(r["amount_idr"] for r in receipts) == [1_000_000, 1_500_000]
    assert sorted((i["dpp_idr"], i["ppn_idr"], i["amount_idr"]) for i in invoices) == [
        (100_000, 11_000, 111_000),
        (150_000, 16_500, 166_500),
    ]
    numbers = sorted(i["number"] for i in invoices)
    parsed = [re.fullmatch(r"PK/(\d{4})/(\d{6})", n) for n in numbers]
    assert all(parsed)
    first, second = (int(m.group(2)) for m in parsed if m)
    assert second == first + 1  # no gaps within the year

    pdf = await client.get(f"{url}/{invoices[0]['id']}/pdf", headers=deal.creative.headers)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert_problem(await client.get(url, headers=stranger_owner.headers), 404, "contract_not_found")
    assert_problem(
        await client.get(f"{url}/{invoices[0]['id']}/pdf", headers=stranger_owner.headers), 404
    )
    assert_problem(await client.get(url), 401)
