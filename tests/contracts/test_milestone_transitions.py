from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import (
    Contract,
    ContractStatus,
    CreativeProfile,
    Gig,
    GigStatus,
    Milestone,
    MilestoneStatus,
)
from tests.contracts.deals import AcceptedDeal, fund_milestone
from tests.factories import Creative, partner_headers
from tests.helpers import Actor, assert_problem
from tests.proposals.factories import events_for, reload

M = MilestoneStatus
SUBMISSION = {
    "note": "Desain final kemasan, file AI dan PDF siap cetak.",
    "deliverable_urls": [
        "https://drive.google.com/drive/folders/kemasan-final",
        "https://www.figma.com/file/abc123/kemasan",
    ],
}
CHANGES = {"note": "Tolong ganti warna hijau menjadi cokelat, sesuai logo kami."}
# Written out here rather than read from the service's table, so a wrong table fails.
# Approving releases the escrow in the same transaction, so it ends `released`.
ALLOWED_FROM = {
    "submit": {M.funded, M.changes_requested},
    "approve": {M.submitted},
    "request-changes": {M.submitted},
}
RESULT = {"submit": M.submitted, "approve": M.released, "request-changes": M.changes_requested}
# A forbidden move gets the generic 409, except delivering unpaid work, which says why.
REFUSAL_CODE = {("submit", M.pending): "milestone_not_funded"}


async def _force_status(session: AsyncSession, milestone_id: str, status: MilestoneStatus) -> None:
    await session.execute(
        update(Milestone).where(Milestone.id == milestone_id).values(status=status)
    )
    await session.flush()


async def _act(
    client: httpx.AsyncClient,
    deal: AcceptedDeal,
    action: str,
    actor: Actor | Creative | None = None,
) -> httpx.Response:
    bodies: dict[str, dict[str, Any]] = {"submit": SUBMISSION, "request-changes": CHANGES}
    body = bodies.get(action)
    default_actor = deal.creative if action == "submit" else deal.owner
    return await client.post(
        f"/v1/milestones/{deal.milestone_id}/{action}",
        json=body,
        headers=(actor or default_actor).headers,
    )


async def _split_once(client: httpx.AsyncClient, deal: AcceptedDeal) -> None:
    # Two milestones, so approving one does not complete the contract.
    response = await client.post(
        f"/v1/contracts/{deal.contract_id}/milestones",
        json={
            "title": "File siap cetak",
            "amount_idr": 500_000,
            "due_date": deal.contract["milestones"][0]["due_date"],
        },
        headers=deal.owner.headers,
    )
    assert response.status_code == 201, response.text


@pytest.mark.parametrize("action", sorted(ALLOWED_FROM))
@pytest.mark.parametrize("start", list(MilestoneStatus))
async def test_every_milestone_transition(
    client: httpx.AsyncClient,
    session: AsyncSession,
    deal: AcceptedDeal,
    action: str,
    start: MilestoneStatus,
) -> None:
    await _split_once(client, deal)
    if start is not M.pending:
        # Real money in escrow, so approving can release it.
        await fund_milestone(client, deal.owner, deal.milestone_id)
    await _force_status(session, deal.milestone_id, start)

    response = await _act(client, deal, action)

    if start in ALLOWED_FROM[action]:
        assert response.status_code == 200, response.text
        assert response.json()["status"] == RESULT[action].value
        assert (await reload(session, Milestone, deal.milestone_id)).status is RESULT[action]
    else:
        code = REFUSAL_CODE.get((action, start), "invalid_state_transition")
        body = assert_problem(response, 409, code)
        assert body["current_status"] == start.value
        assert (await reload(session, Milestone, deal.milestone_id)).status is start


async def test_submitting_records_the_delivery(
    client: httpx.AsyncClient, session: AsyncSession, deal: AcceptedDeal
) -> None:
    await fund_milestone(client, deal.owner, deal.milestone_id)
    response = await _act(client, deal, "submit")
    milestone = response.json()
    assert milestone["submission_note"] == SUBMISSION["note"]
    assert milestone["deliverable_urls"] == SUBMISSION["deliverable_urls"]
    assert milestone["submitted_at"] is not None
    funded, event = await events_for(session, deal.milestone_id)
    assert funded.type == "milestone.funded"
    assert event.type == "milestone.submitted"
    assert event.actor_user_id == deal.creative.user_id
    assert event.payload["deliverable_urls"] == SUBMISSION["deliverable_urls"]


async def test_each_change_request_counts_a_revision(
    client: httpx.AsyncClient, session: AsyncSession, deal: AcceptedDeal
) -> None:
    await fund_milestone(client, deal.owner, deal.milestone_id)
    for revision in (1, 2):
        await _act(client, deal, "submit")
        response = await _act(client, deal, "request-changes")
        assert response.json()["revision_count"] == revision
        assert response.json()["change_request_note"] == CHANGES["note"]
    types = [e.type for e in await events_for(session, deal.milestone_id)]
    revisions = ["milestone.submitted", "milestone.changes_requested"] * 2
    assert types == ["milestone.funded", *revisions]


async def test_approving_the_last_milestone_completes_contract_and_gig(
    client: httpx.AsyncClient, session: AsyncSession, deal: AcceptedDeal
) -> None:
    await _split_once(client, deal)
    contract = (
        await client.get(f"/v1/contracts/{deal.contract_id}", headers=deal.owner.headers)
    ).json()
    first, last = (m["id"] for m in contract["milestones"])
    for milestone_id in (first, last):
        await fund_milestone(client, deal.owner, milestone_id)
        await client.post(
            f"/v1/milestones/{milestone_id}/submit", json=SUBMISSION, headers=deal.creative.headers
        )

    await client.post(f"/v1/milestones/{first}/approve", headers=deal.owner.headers)
    assert (await reload(session, Contract, deal.contract_id)).status is ContractStatus.active
    assert (await reload(session, Gig, deal.gig.id)).status is GigStatus.in_progress

    approved = await client.post(f"/v1/milestones/{last}/approve", headers=deal.owner.headers)
    assert approved.json()["approved_at"] is not None

    contract_row = await reload(session, Contract, deal.contract_id)
    assert contract_row.status is ContractStatus.completed
    assert contract_row.completed_at is not None
    assert (await reload(session, Gig, deal.gig.id)).status is GigStatus.completed
    profile = await reload(session, CreativeProfile, deal.creative.profile.id)
    assert profile.completed_contracts == 1
    completed = (await events_for(session, deal.contract_id))[-1]
    assert completed.type == "contract.completed"
    assert set(completed.audience_user_ids) == {deal.owner.id, deal.creative.user_id}


@pytest.mark.parametrize("action", sorted(ALLOWED_FROM))
async def test_nothing_moves_on_a_contract_that_is_not_active(
    client: httpx.AsyncClient, session: AsyncSession, deal: AcceptedDeal, action: str
) -> None:
    await _force_status(session, deal.milestone_id, M.submitted)
    await session.execute(
        update(Contract)
        .where(Contract.id == deal.contract_id)
        .values(status=ContractStatus.cancelled)
    )
    await session.flush()
    body = assert_problem(await _act(client, deal, action), 409, "contract_not_active")
    assert body["current_status"] == "cancelled"


async def test_the_owner_cannot_deliver_and_strangers_see_nothing(
    client: httpx.AsyncClient,
    deal: AcceptedDeal,
    stranger_owner: Actor,
    stranger_creative: Creative,
) -> None:
    assert_problem(await _act(client, deal, "submit", deal.owner), 403, "not_contract_creative")
    for stranger in (stranger_owner, stranger_creative):
        response = await _act(client, deal, "submit", stranger)
        assert_problem(response, 404, "milestone_not_found")
    anonymous = await client.post(f"/v1/milestones/{deal.milestone_id}/submit", json=SUBMISSION)
    assert_problem(anonymous, 401, "invalid_token")


@pytest.mark.parametrize("action", ["approve", "request-changes"])
async def test_only_the_owner_reviews(
    client: httpx.AsyncClient,
    session: AsyncSession,
    deal: AcceptedDeal,
    stranger_owner: Actor,
    stranger_creative: Creative,
    action: str,
) -> None:
    await _force_status(session, deal.milestone_id, M.submitted)
    for a_creative in (deal.creative, stranger_creative):
        assert_problem(await _act(client, deal, action, a_creative), 403, "role_required")
    assert_problem(await _act(client, deal, action, stranger_owner), 404, "milestone_not_found")
    anonymous = await client.post(f"/v1/milestones/{deal.milestone_id}/{action}", json=CHANGES)
    assert_problem(anonymous, 401, "invalid_token")


async def test_partner_tokens_cannot_deliver(
    client: httpx.AsyncClient, session: AsyncSession, deal: AcceptedDeal
) -> None:
    headers = await partner_headers(session, deal.creative.user_id, "contracts:read")
    response = await client.post(
        f"/v1/milestones/{deal.milestone_id}/submit", json=SUBMISSION, headers=headers
    )
    assert_problem(response, 403, "insufficient_scope")


@pytest.mark.parametrize(
    "body",
    [
        {"note": "Selesai", "deliverable_urls": []},
        {"note": "Selesai", "deliverable_urls": ["https://contoh.id/a"] * 11},
        {"note": "Selesai", "deliverable_urls": ["ftp://contoh.id/berkas.zip"]},
        {"note": "Selesai", "deliverable_urls": ["javascript:alert(1)"]},
        {"note": "Selesai", "deliverable_urls": ["https://contoh.id/" + "a" * 2048]},
        {"note": "Selesai", "deliverable_urls": ["https://contoh.id/\x00"]},
        {"note": "Selesai", "deliverable_urls": "https://contoh.id/a"},
        {"note": "", "deliverable_urls": ["https://contoh.id/a"]},
        {"note": "   ", "deliverable_urls": ["https://contoh.id/a"]},
        {"note": "a\x00b", "deliverable_urls": ["https://contoh.id/a"]},
        {"note": "x" * 5001, "deliverable_urls": ["https://contoh.id/a"]},
        {"deliverable_urls": ["https://contoh.id/a"]},
        {"note": "Selesai", "deliverable_urls": ["https://contoh.id/a"], "status": "approved"},
    ],
)
async def test_invalid_submissions_are_a_422(
    client: httpx.AsyncClient, deal: AcceptedDeal, body: dict[str, Any]
) -> None:
    response = await client.post(
        f"/v1/milestones/{deal.milestone_id}/submit", json=body, headers=deal.creative.headers
    )
    assert_problem(response, 422, "validation_error")


@pytest.mark.parametrize("body", [{}, {"note": ""}, {"note": "x" * 5001}, {"note": "\x00"}])
async def test_invalid_change_requests_are_a_422(
    client: httpx.AsyncClient, session: AsyncSession, deal: AcceptedDeal, body: dict[str, Any]
) -> None:
    await _force_status(session, deal.milestone_id, M.submitted)
    response = await client.post(
        f"/v1/milestones/{deal.milestone_id}/request-changes", json=body, headers=deal.owner.headers
    )
    assert_problem(response, 422, "validation_error")


async def test_a_malformed_or_unknown_milestone_id(
    client: httpx.AsyncClient, deal: AcceptedDeal
) -> None:
    bad = await client.post("/v1/milestones/123/approve", headers=deal.owner.headers)
    assert_problem(bad, 422, "validation_error")
    unknown = await client.post(
        "/v1/milestones/01937b71-1d22-7c55-8a6f-4e3d2c1b0a99/approve", headers=deal.owner.headers
    )
    assert_problem(unknown, 404, "milestone_not_found")
