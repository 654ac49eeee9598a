"""Using uploads: a file is used once, by its uploader, for its purpose; message attachments,
milestone deliveries and portfolio images; who may then see them."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Message
from app.schemas.creatives import _PROFILE_EXAMPLE
from tests.conversations.talk import make_pair, open_thread, run_worker, say
from tests.escrow.factories import act, fund
from tests.factories import make_deal, make_user
from tests.files.samples import PDF, png, uploaded
from tests.helpers import assert_problem


async def test_message_attachments_must_be_my_unused_message_uploads(
    client: httpx.AsyncClient, session: AsyncSession, file_store: Path
) -> None:
    pair = await make_pair(client, session)
    thread = await open_thread(client, pair)
    url = f"/v1/conversations/{thread}/messages"
    theirs = await uploaded(client, pair.creative.actor, "message_attachment", png())
    deliverable = await uploaded(client, pair.owner, "deliverable", PDF)
    evidence = await uploaded(client, pair.owner, "dispute_evidence", PDF)
    for file_id in (theirs["id"], deliverable["id"], evidence["id"], str(uuid.uuid4())):
        response = await client.post(
            url, json={"body": "Lampiran", "attachments": [file_id]}, headers=pair.owner.headers
        )
        assert_problem(response, 422, "attachment_not_found")
    assert await session.scalar(select(func.count()).select_from(Message)) == 0

    mine = await uploaded(client, pair.owner, "message_attachment", png())
    await say(client, pair.owner, thread, "Logo kami", attachments=[mine["id"]])
    again = await client.post(
        url, json={"body": "Lagi", "attachments": [mine["id"]]}, headers=pair.owner.headers
    )
    assert_problem(again, 422, "attachment_not_found")  # used once
    too_many = [(await uploaded(client, pair.owner, "message_attachment", png()))["id"]] * 11
    assert_problem(
        await client.post(
            url, json={"body": "Banyak", "attachments": too_many}, headers=pair.owner.headers
        ),
        422,
    )
    # The other party sees it; a creative who only proposed on another gig does not.
    assert (
        await client.get(f"/v1/files/{mine['id']}", headers=pair.creative.headers)
    ).status_code == 200
    outsider = await make_pair(client, session)
    assert_problem(
        await client.get(f"/v1/files/{mine['id']}", headers=outsider.creative.headers), 404
    )


async def test_deliveries_take_my_deliverable_uploads_only(
    client: httpx.AsyncClient, session: AsyncSession, file_store: Path
) -> None:
    deal = await make_deal(session)
    await fund(client, deal)
    url = f"/v1/milestones/{deal.milestone_id}/submit"
    note = "File final terlampir untuk dicetak."
    attachment = await uploaded(client, deal.creative, "message_attachment", png())
    owners = await uploaded(client, deal.owner, "deliverable", PDF)
    for file_id in (attachment["id"], owners["id"], str(uuid.uuid4())):
        response = await client.post(
            url, json={"note": note, "files": [file_id]}, headers=deal.creative.headers
        )
        assert_problem(response, 422, "attachment_not_found")
    nothing = await client.post(url, json={"note": note}, headers=deal.creative.headers)
    assert_problem(nothing, 422, "validation_error")

    first = await uploaded(client, deal.creative, "deliverable", PDF, "v1.pdf")
    submitted = await client.post(
        url, json={"note": note, "files": [first["id"]]}, headers=deal.creative.headers
    )
    assert submitted.status_code == 200, submitted.text
    changes = await act(client, deal.owner, deal.milestone_id, "request-changes")
    assert changes.status_code == 200, changes.text
    second = await uploaded(client, deal.creative, "deliverable", PDF, "v2.pdf")
    resubmitted = await client.post(
        url,
        json={"note": note, "files": [second["id"]], "deliverable_urls": ["https://contoh.id/v2"]},
        headers=deal.creative.headers,
    )
    assert resubmitted.status_code == 200, resubmitted.text
    # Every version stays on the milestone.
    assert resubmitted.json()["deliverable_file_ids"] == [first["id"], second["id"]]
    admin = await make_user(session, "admin")
    stranger = await make_user(session, "owner")
    for viewer, status in ((deal.owner, 200), (admin, 200), (stranger, 404)):
        seen = await client.get(f"/v1/files/{first['id']}", headers=viewer.headers)
        assert seen.status_code == status, seen.text
    approved = await act(client, deal.owner, deal.milestone_id, "approve")
    assert approved.status_code == 200, approved.text
    third = await uploaded(client, deal.creative, "deliverable", PDF)
    late = await client.post(
        url, json={"note": note, "files": [third["id"]]}, headers=deal.creative.headers
    )
    assert late.status_code == 409, late.text  # approved: the delivery is locked


async def test_portfolio_images_are_public_once_used(
    client: httpx.AsyncClient, session: AsyncSession, file_store: Path
) -> None:
    creative = await make_user(session, "creative")
    image = await uploaded(client, creative, "portfolio_image", png((800, 600)), "pouch.png")
    assert_problem(await client.get(f"/v1/files/{image['id']}"), 404)  # not used yet
    body: dict[str, Any] = {
        **_PROFILE_EXAMPLE,
        "portfolio": [{**_PROFILE_EXAMPLE["portfolio"][0], "image_file_id": image["id"]}],
    }
    saved = await client.put("/v1/creatives/me", json=body, headers=creative.headers)
    assert saved.status_code in (200, 201), saved.text
    assert saved.json()["portfolio"][0]["image_file_id"] == image["id"]
    public = await client.get(f"/v1/files/{image['id']}")
    assert public.status_code == 200
    assert (await client.get(public.json()["thumbnail_url"])).status_code == 200
    # The same image again on the next PUT is fine; someone else's is not.
    again = await client.put("/v1/creatives/me", json=body, headers=creative.headers)
    assert again.status_code == 200, again.text
    other = await make_user(session, "creative")
    assert_problem(
        await client.put("/v1/creatives/me", json=body, headers=other.headers),
        422,
        "attachment_not_found",
    )


async def test_dispute_evidence_lists_the_threads_files(
    client: httpx.AsyncClient, session: AsyncSession, file_store: Path
) -> None:
    deal = await make_deal(session)
    admin = await make_user(session, "admin")
    await fund(client, deal)
    await run_worker(session)
    disputed = await act(client, deal.owner, deal.milestone_id, "dispute")
    assert disputed.status_code == 201, disputed.text
    await run_worker(session)
    thread = await client.get("/v1/conversations", headers=deal.owner.headers)
    thread_id = thread.json()["data"][0]["id"]
    proof = await uploaded(client, deal.owner, "dispute_evidence", png(), "tangkapan-layar.png")
    await say(client, deal.owner, thread_id, "Bukti percakapan", attachments=[proof["id"]])
    evidence = await client.get(
        f"/v1/admin/disputes/{disputed.json()['id']}/evidence", headers=admin.headers
    )
    assert evidence.status_code == 200, evidence.text
    assert evidence.json()["file_ids"] == [proof["id"]]
