"""Who may call each escrow endpoint: strangers see nothing (404), the wrong role or scope is
a 403, anonymous callers a 401."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.escrow.factories import act, fund, idem, request_funding, submit
from tests.factories import Deal, partner_headers
from tests.helpers import Actor, assert_problem

DISPUTE = {"reason": "File yang dikirim bukan desain final yang disepakati bersama."}


async def test_milestone_money_moves_are_for_the_parties_only(
    client: httpx.AsyncClient,
    session: AsyncSession,
    deal: Deal,
    stranger_owner: Actor,
    stranger_creative: Actor,
) -> None:
    mid = deal.milestone_id
    assert_problem(await act(client, deal.creative, mid, "fund"), 403, "role_required")
    assert_problem(await act(client, stranger_owner, mid, "fund"), 404, "milestone_not_found")
    for action in ("cancel", "dispute"):
        for stranger in (stranger_owner, stranger_creative):
            assert_problem(await act(client, stranger, mid, action), 404, "milestone_not_found")
    for action in ("fund", "cancel", "dispute"):
        anonymous = await client.post(f"/v1/milestones/{mid}/{action}", json=DISPUTE)
        assert_problem(anonymous, 401, "invalid_token")
    partner = await partner_headers(session, deal.owner.id, "contracts:read")
    scoped = await client.post(f"/v1/milestones/{mid}/fund", headers=partner)
    assert_problem(scoped, 403, "insufficient_scope")


async def test_disputes_are_visible_to_the_parties_and_admins_and_decided_by_admins(
    client: httpx.AsyncClient,
    session: AsyncSession,
    deal: Deal,
    admin: Actor,
    stranger_owner: Actor,
    stranger_creative: Actor,
) -> None:
    await fund(client, deal)
    dispute = (await act(client, deal.owner, deal.milestone_id, "dispute")).json()
    url = f"/v1/disputes/{dispute['id']}"
    for reader in (deal.owner, deal.creative, admin):
        assert (await client.get(url, headers=reader.headers)).status_code == 200
    for stranger in (stranger_owner, stranger_creative):
        assert_problem(await client.get(url, headers=stranger.headers), 404, "dispute_not_found")
        answer = await client.post(
            f"{url}/respond", json={"statement": "x" * 30}, headers=stranger.headers
        )
        assert_problem(answer, 404, "dispute_not_found")
        withdraw = await client.post(f"{url}/withdraw", headers=idem(stranger))
        assert_problem(withdraw, 404, "dispute_not_found")
    assert_problem(await client.get(url), 401, "invalid_token")
    split = {"release_idr": 2_500_000, "refund_idr": 0, "note": "Diterima."}
    for party in (deal.owner, deal.creative):
        resolve = await client.post(f"{url}/resolve", json=split, headers=idem(party))
        assert_problem(resolve, 403, "role_required")
    assert_problem(await client.post(f"{url}/resolve", json=split), 401, "invalid_token")
    unknown = await client.get(f"/v1/disputes/{uuid.uuid4()}", headers=admin.headers)
    assert_problem(unknown, 404, "dispute_not_found")


async def test_a_contract_ledger_is_for_its_parties(
    client: httpx.AsyncClient,
    session: AsyncSession,
    deal: Deal,
    stranger_owner: Actor,
    stranger_creative: Actor,
) -> None:
    await fund(client, deal)
    for path in ("ledger", "ledger/transactions"):
        url = f"/v1/contracts/{deal.contract_id}/{path}"
        for party in (deal.owner, deal.creative):
            assert (await client.get(url, headers=party.headers)).status_code == 200
        for stranger in (stranger_owner, stranger_creative):
            assert_problem(
                await client.get(url, headers=stranger.headers), 404, "contract_not_found"
            )
        assert_problem(await client.get(url), 401, "invalid_token")
        # A partner app acting for the creative may read it with contracts:read only.
        readable = await partner_headers(session, deal.creative.id, "contracts:read")
        assert (await client.get(url, headers=readable)).status_code == 200
        unreadable = await partner_headers(session, deal.creative.id, "profile:read")
        assert_problem(await client.get(url, headers=unreadable), 403, "insufficient_scope")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v1/creatives/me/earnings"),
        ("GET", "/v1/creatives/me/payouts"),
        ("GET", "/v1/creatives/me/payout-account"),
        ("PUT", "/v1/creatives/me/payout-account"),
    ],
)
async def test_creative_money_pages_are_for_creatives(
    client: httpx.AsyncClient, deal: Deal, method: str, path: str
) -> None:
    body = {
        "method": "manual",
        "bank_code": "014",
        "account_number": "0881234567",
        "account_holder_name": "Sari Wulandari",
    }
    kwargs = {"json": body} if method == "PUT" else {}
    owner = await client.request(method, path, headers=deal.owner.headers, **kwargs)
    assert_problem(owner, 403, "role_required")
    assert_problem(await client.request(method, path, **kwargs), 401, "invalid_token")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v1/admin/ledger/summary"),
        ("GET", "/v1/admin/disputes"),
        ("GET", "/v1/admin/payables"),
        ("POST", "/v1/admin/payouts"),
    ],
)
async def test_admin_pages_are_for_admins(
    client: httpx.AsyncClient, deal: Deal, method: str, path: str
) -> None:
    body = {"creative_user_id": str(deal.creative.id), "amount_idr": 1000, "reference": "BIFAST-1"}
    kwargs = {"json": body} if method == "POST" else {}
    for user in (deal.owner, deal.creative):
        response = await client.request(method, path, headers=user.headers, **kwargs)
        assert_problem(response, 403, "role_required")
    assert_problem(await client.request(method, path, **kwargs), 401, "invalid_token")


async def test_only_the_paying_owner_completes_a_sandbox_payment(
    client: httpx.AsyncClient, deal: Deal, stranger_owner: Actor
) -> None:
    funding = await request_funding(client, deal)
    url = f"/v1/sandbox/payments/{funding['payment_id']}/succeed"
    assert_problem(await client.post(url, headers=deal.creative.headers), 403, "role_required")
    assert_problem(await client.post(url, headers=stranger_owner.headers), 404, "payment_not_found")
    assert_problem(await client.post(url), 401, "invalid_token")
    assert (await client.post(url, headers=deal.owner.headers)).status_code == 200
    again = await client.post(url, headers=deal.owner.headers)
    assert_problem(again, 409, "payment_not_pending")
    await submit(client, deal)  # funded indeed


async def test_manual_payouts_cannot_exceed_the_available_balance(
    client: httpx.AsyncClient, session: AsyncSession, deal: Deal, admin: Actor
) -> None:
    await fund(client, deal)
    await submit(client, deal)
    await act(client, deal.owner, deal.milestone_id, "approve")
    too_much = await client.post(
        "/v1/admin/payouts",
        json={
            "creative_user_id": str(deal.creative.id),
            "amount_idr": 2_222_501,
            "reference": "BIFAST-20261203-0001",
        },
        headers=idem(admin),
    )
    body = assert_problem(too_much, 409, "insufficient_payable_balance")
    assert body["available_idr"] == 2_222_500
    not_a_creative = await client.post(
        "/v1/admin/payouts",
        json={"creative_user_id": str(deal.owner.id), "amount_idr": 1, "reference": "BIFAST-1"},
        headers=idem(admin),
    )
    assert_problem(not_a_creative, 404, "creative_not_found")
