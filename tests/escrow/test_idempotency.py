"""Idempotency-Key on money-moving POSTs, on Stripe's contract."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.idempotency import purge_expired_idempotency_keys, request_fingerprint
from app.models import IdempotencyKey, IdempotencyStatus, Payment
from tests.escrow.factories import act, fund, submit
from tests.factories import Deal
from tests.helpers import assert_problem


def _with_key(deal_actor_headers: dict[str, str], key: str) -> dict[str, str]:
    return {**deal_actor_headers, "Idempotency-Key": key}


async def test_a_retry_with_the_same_key_replays_the_first_response(
    client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    headers = _with_key(deal.owner.headers, "bayar-tahap-1-7c1f")
    url = f"/v1/milestones/{deal.milestone_id}/fund"
    first = await client.post(url, headers=headers)
    again = await client.post(url, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert await session.scalar(select(func.count()).select_from(Payment)) == 1


async def test_an_approval_retried_with_its_key_is_not_a_conflict(
    client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    await fund(client, deal)
    await submit(client, deal)
    headers = _with_key(deal.owner.headers, "setuju-tahap-1")
    url = f"/v1/milestones/{deal.milestone_id}/approve"
    first = await client.post(url, headers=headers)
    retry = await client.post(url, headers=headers)
    assert (first.status_code, retry.status_code) == (200, 200)
    assert retry.json() == first.json()
    # Without the key, the second approval is what it is: a forbidden transition.
    assert_problem(await client.post(url, headers=deal.owner.headers), 409)


async def test_the_same_key_with_another_request_is_a_422(
    client: httpx.AsyncClient, deal: Deal
) -> None:
    headers = _with_key(deal.owner.headers, "kunci-sama")
    url = f"/v1/milestones/{deal.milestone_id}/cancel"
    await client.post(url, json={"reason": "Acara batal."}, headers=headers)
    other_body = await client.post(url, json={"reason": "Alasan lain."}, headers=headers)
    assert_problem(other_body, 422, "idempotency_key_reused")
    other_path = await client.post(f"/v1/milestones/{deal.milestone_id}/fund", headers=headers)
    assert_problem(other_path, 422, "idempotency_key_reused")


async def test_a_refusal_is_replayed_too_and_a_new_key_starts_afresh(
    client: httpx.AsyncClient, deal: Deal
) -> None:
    await fund(client, deal)
    headers = _with_key(deal.owner.headers, "setuju-terlalu-cepat")
    url = f"/v1/milestones/{deal.milestone_id}/approve"
    early = await client.post(url, headers=headers)
    assert_problem(early, 409, "invalid_state_transition")
    await submit(client, deal)
    replayed = await client.post(url, headers=headers)
    assert replayed.status_code == 409 and replayed.json() == early.json()
    assert replayed.headers["content-type"] == "application/problem+json"
    fresh = await client.post(url, headers=_with_key(deal.owner.headers, "setuju-lagi"))
    assert fresh.status_code == 200


async def test_invalid_requests_do_not_use_up_the_key(
    client: httpx.AsyncClient, deal: Deal
) -> None:
    headers = _with_key(deal.owner.headers, "batal-1")
    url = f"/v1/milestones/{deal.milestone_id}/cancel"
    invalid = await client.post(url, json={"reason": "x" * 1001}, headers=headers)
    assert_problem(invalid, 422, "validation_error")
    valid = await client.post(url, json={"reason": "Acara batal."}, headers=headers)
    assert valid.status_code == 200, valid.text


async def test_keys_belong_to_one_user(client: httpx.AsyncClient, deal: Deal) -> None:
    key = "kunci-bersama"
    await fund(client, deal)
    owner = await act(client, deal.owner, deal.milestone_id, "dispute")  # random key
    assert owner.status_code == 201
    shared_owner = await client.post(
        f"/v1/disputes/{owner.json()['id']}/withdraw",
        headers=_with_key(deal.owner.headers, key),
    )
    creative = await client.post(
        f"/v1/milestones/{deal.milestone_id}/dispute",
        json={"reason": "Pembayaran tahap ini belum jelas untuk revisi yang diminta."},
        headers=_with_key(deal.creative.headers, key),
    )
    assert (shared_owner.status_code, creative.status_code) == (200, 201)


async def test_a_key_in_progress_is_a_409_until_its_lease_runs_out(
    client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    url = f"/v1/milestones/{deal.milestone_id}/fund"
    method, path, digest = request_fingerprint("POST", url, b"")
    session.add(
        IdempotencyKey(
            user_id=deal.owner.id,
            key="sedang-jalan",
            method=method,
            path=path,
            body_sha256=digest,
            status=IdempotencyStatus.in_progress,
        )
    )
    await session.flush()
    headers = _with_key(deal.owner.headers, "sedang-jalan")
    assert_problem(await client.post(url, headers=headers), 409, "idempotency_key_in_progress")
    # The first request died: after the lease, a retry takes the key over.
    await session.execute(
        update(IdempotencyKey).values(locked_at=datetime.now(UTC) - timedelta(minutes=2))
    )
    assert (await client.post(url, headers=headers)).status_code == 201


async def test_keys_live_at_least_a_day_then_start_afresh(
    client: httpx.AsyncClient, session: AsyncSession, deal: Deal
) -> None:
    headers = _with_key(deal.owner.headers, "kunci-lama")
    url = f"/v1/milestones/{deal.milestone_id}/cancel"
    await client.post(url, json={"reason": "Acara batal."}, headers=headers)
    assert await purge_expired_idempotency_keys(session) == 0
    await session.execute(
        update(IdempotencyKey).values(created_at=datetime.now(UTC) - timedelta(hours=25))
    )
    # Expired: the key is free for a new request (which the state then refuses).
    reused = await client.post(url, json={"reason": "Lain."}, headers=headers)
    assert_problem(reused, 409, "contract_not_active")
    await session.execute(
        update(IdempotencyKey).values(created_at=datetime.now(UTC) - timedelta(hours=25))
    )
    assert await purge_expired_idempotency_keys(session) == 1
