"""Erasure and conversations: what the erased person wrote outside a contract goes (text,
attachments, bytes once the sweep runs); a contract's thread stays as the other party's record."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.security import hash_password
from app.models import (
    ContractStatus,
    Conversation,
    Message,
    MessageStatus,
    Proposal,
    ProposalStatus,
    StoredFile,
    User,
)
from app.services.files.uploads import remove_orphaned_uploads
from tests.conversations.talk import make_pair, open_thread, say
from tests.factories import sign_contract
from tests.files.samples import file_store, png, stored_blobs, uploaded
from tests.helpers import PASSWORD

__all__ = ["file_store"]


async def test_an_erased_creative_pre_contract_messages_and_uploads_go(
    client: httpx.AsyncClient, session: AsyncSession, file_store: Path
) -> None:
    pair = await make_pair(client, session)
    thread = await open_thread(client, pair)
    await say(client, pair.owner, thread, "Bisa kirim contoh label?")
    sketch = await uploaded(client, pair.creative, "message_attachment", png(), "sketsa.png")
    said = await say(
        client,
        pair.creative,
        thread,
        "Ini sketsanya, hubungi saya di 0812-3456-7890",
        attachments=[sketch["id"]],
    )
    assert stored_blobs(file_store)

    user = await session.get_one(User, pair.creative.user_id)
    user.password_hash = hash_password(PASSWORD)
    await session.commit()

    erased = await client.request(
        "DELETE", "/v1/me", json={"password": PASSWORD}, headers=pair.creative.headers
    )
    assert erased.status_code == 200, erased.text

    session.expire_all()
    message = await session.get_one(Message, uuid.UUID(said["id"]))
    assert (message.body, message.attachment_ids, message.status) == (
        "",
        [],
        MessageStatus.retracted,
    )
    # The owner's own message is untouched; the thread keeps its shape.
    seen = await client.get(f"/v1/conversations/{thread}/messages", headers=pair.owner.headers)
    assert seen.status_code == 200, seen.text
    bodies = [m["body"] for m in seen.json()["data"] if m["kind"] == "text"]
    assert "Bisa kirim contoh label?" in bodies
    assert not any("0812" in (body or "") for body in bodies)

    # The upload is an orphan now; the worker's sweep removes the row and the bytes.
    assert await remove_orphaned_uploads(session) == 1
    await session.commit()
    assert (
        await session.scalar(select(StoredFile).where(StoredFile.owner_id == pair.creative.user_id))
        is None
    )
    assert stored_blobs(file_store) == []


async def test_a_contract_thread_keeps_the_erased_person_messages(
    client: httpx.AsyncClient, session: AsyncSession, file_store: Path
) -> None:
    pair = await make_pair(client, session)
    thread = await open_thread(client, pair)
    said = await say(client, pair.creative, thread, "Desain final sudah saya kirim.")
    deliverable = await uploaded(client, pair.creative, "deliverable", png(), "final.png")
    # The thread became a contract's (that contract has since completed and is paid out); the
    # factory signs with a proposal of its own, so the API one steps aside.
    proposal = await session.get_one(Proposal, uuid.UUID(pair.proposal["id"]))
    proposal.status = ProposalStatus.withdrawn
    await session.flush()
    contract = await sign_contract(
        session,
        pair.gig,
        pair.creative.profile,
        price_idr=500_000,
        cover_letter="Siap.",
        status=ContractStatus.completed,
    )
    conversation = await session.get_one(Conversation, uuid.UUID(thread))
    conversation.contract_id = contract.id
    user = await session.get_one(User, pair.creative.user_id)
    user.password_hash = hash_password(PASSWORD)
    await session.commit()

    erased = await client.request(
        "DELETE", "/v1/me", json={"password": PASSWORD}, headers=pair.creative.headers
    )
    assert erased.status_code == 200, erased.text
    session.expire_all()
    message = await session.get_one(Message, uuid.UUID(said["id"]))
    assert (message.body, message.status) == ("Desain final sudah saya kirim.", MessageStatus.sent)
    assert await remove_orphaned_uploads(session) == 0
    assert await session.get(StoredFile, uuid.UUID(deliverable["id"])) is not None
