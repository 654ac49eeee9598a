"""Story: Sari (keripik tempe) and Dimas (packaging designer) talk about her gig before any
contract, exchange a sample, sign; the same thread becomes the contract's; Dimas delivers the
print files, Sari downloads them and approves. A stranger can read none of it."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Conversation
from tests.conversations.talk import run_worker, say
from tests.factories import make_creative, make_user
from tests.files.samples import PDF, file_store, png, uploaded
from tests.helpers import assert_problem
from tests.proposals.factories import make_gig, submitted_proposal

__all__ = ["file_store"]


def _idem(headers: dict[str, str]) -> dict[str, str]:
    return {**headers, "Idempotency-Key": str(uuid.uuid4())}


async def test_talk_sign_deliver_download_approve(
    client: httpx.AsyncClient, session: AsyncSession, file_store: Path
) -> None:
    sari = await make_user(session, "owner", "Sari Wulandari")
    gig = await make_gig(session, sari, title="Desain kemasan keripik tempe")
    dimas = await make_creative(session, name="Dimas Prasetyo")
    proposal = await submitted_proposal(client, dimas, gig.id)

    # Before the contract: Sari asks, Dimas answers with a sample.
    opened = await client.post(
        "/v1/conversations",
        json={"gig_id": str(gig.id), "creative_id": str(dimas.profile.id)},
        headers=sari.headers,
    )
    assert opened.status_code == 201, opened.text
    thread = opened.json()["id"]
    await say(client, sari, thread, "Mas Dimas, ada contoh kemasan pouch yang pernah dibuat?")
    sample = await uploaded(client, dimas.actor, "message_attachment", png(), "contoh-pouch.png")
    answer = await say(
        client, dimas.actor, thread, "Ada, ini salah satunya.", attachments=[sample["id"]]
    )
    assert answer["attachments"] == [sample["id"]]
    seen = await client.get(f"/v1/files/{sample['id']}", headers=sari.headers)
    assert seen.status_code == 200, seen.text
    assert (await client.get(seen.json()["download_url"])).status_code == 200

    # Sari accepts; the thread carries over to the contract.
    accepted = await client.post(f"/v1/proposals/{proposal['id']}/accept", headers=sari.headers)
    assert accepted.status_code == 201, accepted.text
    contract = accepted.json()
    milestone_id = contract["milestones"][0]["id"]
    funding = await client.post(f"/v1/milestones/{milestone_id}/fund", headers=_idem(sari.headers))
    assert funding.status_code == 201, funding.text
    paid = await client.post(
        f"/v1/sandbox/payments/{funding.json()['payment_id']}/succeed", headers=sari.headers
    )
    assert paid.status_code == 200, paid.text

    # Dimas delivers the print file (an Illustrator file is a PDF inside).
    artwork = await uploaded(client, dimas.actor, "deliverable", PDF, "kemasan-final.ai")
    delivered = await client.post(
        f"/v1/milestones/{milestone_id}/submit",
        json={"note": "File siap cetak terlampir, ukuran 14x22 cm.", "files": [artwork["id"]]},
        headers=dimas.headers,
    )
    assert delivered.status_code == 200, delivered.text
    assert delivered.json()["deliverable_file_ids"] == [artwork["id"]]

    # Sari downloads it and approves.
    details = await client.get(f"/v1/files/{artwork['id']}", headers=sari.headers)
    assert details.status_code == 200, details.text
    assert details.json()["filename"] == "kemasan-final.ai"
    download = await client.get(details.json()["download_url"])
    assert download.status_code == 200 and download.content == PDF
    assert download.headers["content-disposition"].startswith("attachment;")
    approved = await client.post(
        f"/v1/milestones/{milestone_id}/approve", headers=_idem(sari.headers)
    )
    assert approved.status_code == 200, approved.text
    # What was delivered stays: the creative cannot take it back.
    assert_problem(
        await client.delete(f"/v1/files/{artwork['id']}", headers=dimas.headers),
        409,
        "file_in_use",
    )

    await run_worker(session)
    conversation = await session.scalar(select(Conversation).where(Conversation.gig_id == gig.id))
    assert conversation is not None and str(conversation.id) == thread
    assert str(conversation.contract_id) == contract["id"]
    history = await client.get(
        f"/v1/conversations/{thread}/messages?limit=100", headers=sari.headers
    )
    marks = [m["system_kind"] for m in reversed(history.json()["data"]) if m["kind"] == "system"]
    assert marks == [
        "proposal.submitted",
        "contract.created",
        "milestone.funded",
        "milestone.submitted",
        "milestone.approved",
    ]

    # A stranger reads none of it.
    stranger = await make_user(session, "creative")
    h = stranger.headers
    assert_problem(await client.get(f"/v1/conversations/{thread}/messages", headers=h), 404)
    assert_problem(
        await client.post(f"/v1/conversations/{thread}/messages", json={"body": "hai"}, headers=h),
        404,
    )
    assert (await client.get("/v1/conversations", headers=h)).json()["data"] == []
    for file_id in (sample["id"], artwork["id"]):
        assert_problem(await client.get(f"/v1/files/{file_id}", headers=h), 404, "file_not_found")
        guessed = f"/v1/files/{file_id}/download?expires=9999999999&signature={'0' * 64}"
        assert_problem(await client.get(guessed, headers=h), 404, "file_not_found")
