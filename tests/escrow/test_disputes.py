"""Disputes freeze a milestone's escrow; an admin splits it, or the opener withdraws."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Dispute
from app.services.escrow.disputes import move_overdue_disputes_to_review
from tests.escrow.factories import act, fund, idem, submit
from tests.escrow.ledger_checks import balances
from tests.factories import Deal, make_deal
from tests.helpers import Actor, assert_problem

STATEMENT = {"statement": "Desain final sudah dikirim tepat waktu, file PDF siap cetak terlampir."}


async def _disputed(client: httpx.AsyncClient, deal: Deal, by: Actor) -> dict[str, object]:
    await fund(client, deal)
    await submit(client, deal)
    opened = await act(client, by, deal.milestone_id, "dispute")
    assert opened.status_code == 201, opened.text
    body: dict[str, object] = opened.json()
    return body


async def test_an_admin_splits_a_disputed_milestone(
    client: httpx.AsyncClient, session: AsyncSession, deal: Deal, admin: Actor
) -> None:
    dispute = await _disputed(client, deal, deal.owner)
    assert (dispute["status"], dispute["kind"]) == ("open", "platform")
    frozen = await act(client, deal.owner, deal.milestone_id, "approve")
    assert_problem(frozen, 409, "invalid_state_transition")

    answered = await client.post(
        f"/v1/disputes/{dispute['id']}/respond", json=STATEMENT, headers=deal.creative.headers
    )
    assert answered.json()["status"] == "under_review", answered.text
    queue = (
        await client.get(
            "/v1/admin/disputes", params={"status": "under_review"}, headers=admin.headers
        )
    ).json()
    assert [d["id"] for d in queue["data"]] == [dispute["id"]]

    uneven = await client.post(
        f"/v1/disputes/{dispute['id']}/resolve",
        json={"release_idr": 1_500_000, "refund_idr": 900_000, "note": "Dibagi."},
        headers=idem(admin),
    )
    assert_problem(uneven, 422, "dispute_split_mismatch")
    resolved = await client.post(
        f"/v1/disputes/{dispute['id']}/resolve",
        json={
            "release_idr": 1_500_000,
            "refund_idr": 1_000_000,
            "note": "Dua dari tiga desain diterima; sisanya dikembalikan.",
        },
        headers=idem(admin),
    )
    assert resolved.status_code == 200, resolved.text
    assert (resolved.json()["release_idr"], resolved.json()["refund_idr"]) == (1_500_000, 1_000_000)

    books = await balances(session)
    assert books[f"escrow:{deal.milestone_id}"] == 0
    # Fee and PPN on the released part only: 150.000 and 16.500.
    assert books[f"creative_payable:{deal.creative.id}"] == 1_333_500
    assert (books["platform_revenue"], books["ppn_payable"]) == (150_000, 16_500)
    assert books["refunds_out"] == 1_000_000
    contract = (
        await client.get(f"/v1/contracts/{deal.contract_id}", headers=deal.owner.headers)
    ).json()
    assert contract["status"] == "completed"
    assert contract["milestones"][0]["status"] == "released"
    again = await client.post(
        f"/v1/disputes/{dispute['id']}/resolve",
        json={"release_idr": 2_500_000, "refund_idr": 0, "note": "Lagi."},
        headers=idem(admin),
    )
    assert_problem(again, 409, "invalid_state_transition")


async def test_a_full_refund_decision_cancels_the_contract(
    client: httpx.AsyncClient, session: AsyncSession, deal: Deal, admin: Actor
) -> None:
    dispute = await _disputed(client, deal, deal.owner)
    resolved = await client.post(
        f"/v1/disputes/{dispute['id']}/resolve",
        json={"release_idr": 0, "refund_idr": 2_500_000, "note": "Tidak ada yang dikirim."},
        headers=idem(admin),
    )
    assert resolved.status_code == 200, resolved.text
    contract = (
        await client.get(f"/v1/contracts/{deal.contract_id}", headers=deal.owner.headers)
    ).json()
    assert (contract["status"], contract["milestones"][0]["status"]) == ("cancelled", "refunded")


async def test_withdrawing_returns_the_milestone_and_restarts_the_review_clock(
    client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    dispute = await _disputed(client, deal, deal.creative)
    not_theirs = await client.post(
        f"/v1/disputes/{dispute['id']}/withdraw", headers=idem(deal.owner)
    )
    assert_problem(not_theirs, 403, "not_dispute_opener")
    withdrawn = await client.post(
        f"/v1/disputes/{dispute['id']}/withdraw", headers=idem(deal.creative)
    )
    assert withdrawn.json()["status"] == "withdrawn", withdrawn.text
    milestone = (
        await client.get(f"/v1/contracts/{deal.contract_id}", headers=deal.owner.headers)
    ).json()["milestones"][0]
    assert milestone["status"] == "submitted"
    approved = await act(client, deal.owner, deal.milestone_id, "approve")
    assert approved.json()["status"] == "released"


async def test_the_opener_cannot_answer_their_own_dispute(
    client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    dispute = await _disputed(client, deal, deal.owner)
    own = await client.post(
        f"/v1/disputes/{dispute['id']}/respond", json=STATEMENT, headers=deal.owner.headers
    )
    assert_problem(own, 403, "not_dispute_respondent")
    await client.post(
        f"/v1/disputes/{dispute['id']}/respond", json=STATEMENT, headers=deal.creative.headers
    )
    twice = await client.post(
        f"/v1/disputes/{dispute['id']}/respond", json=STATEMENT, headers=deal.creative.headers
    )
    assert_problem(twice, 409, "invalid_state_transition")


async def test_an_unanswered_dispute_goes_to_review_when_its_deadline_passes(
    client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    dispute = await _disputed(client, deal, deal.owner)
    respond_by = datetime.fromisoformat(str(dispute["respond_by"]))
    assert timedelta(days=4, hours=23) < respond_by - datetime.now(UTC) <= timedelta(days=5)
    assert await move_overdue_disputes_to_review(session) == 0
    await session.execute(
        update(Dispute).values(respond_by=datetime.now(UTC) - timedelta(minutes=1))
    )
    assert await move_overdue_disputes_to_review(session) == 1
    read = await client.get(f"/v1/disputes/{dispute['id']}", headers=deal.creative.headers)
    assert read.json()["status"] == "under_review"


async def test_a_pending_milestone_cannot_be_disputed_and_a_frozen_one_not_twice(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    deal = await make_deal(session)
    unpaid = await act(client, deal.owner, deal.milestone_id, "dispute")
    body = assert_problem(unpaid, 409, "invalid_state_transition")
    assert body["current_status"] == "pending"
    await fund(client, deal)
    assert (await act(client, deal.owner, deal.milestone_id, "dispute")).status_code == 201
    twice = await act(client, deal.creative, deal.milestone_id, "dispute")
    assert_problem(twice, 409, "invalid_state_transition")
