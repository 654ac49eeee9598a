"""Uploads are judged by their bytes: limits per purpose, type from content, images decoded
safely and re-encoded without EXIF, names sanitised; a refused upload stores nothing."""

from __future__ import annotations

import io
import uuid
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from PIL import Image
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import StoredFile
from app.services.files.uploads import remove_orphaned_uploads
from tests.factories import make_user, partner_headers
from tests.files.samples import (
    GPS_IFD,
    PDF,
    SVG,
    jpeg_with_gps,
    png,
    png_bomb,
    stored_blobs,
    upload,
    uploaded,
)
from tests.helpers import assert_problem


async def _rows(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(StoredFile)) or 0)


async def _fetch(client: httpx.AsyncClient, url: str) -> httpx.Response:
    return await client.get(url)


async def test_a_photo_is_re_encoded_without_its_gps_position_and_gets_a_thumbnail(
    client: httpx.AsyncClient, session: AsyncSession, file_store: Path
) -> None:
    creative = await make_user(session, "creative")
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)
    body = await uploaded(client, creative, "portfolio_image", original, "IMG_2041.JPG")
    assert body["content_type"] == "image/jpeg"
    assert (body["width"], body["height"]) == (640, 480)
    assert body["filename"] == "IMG_2041.jpg"
    assert body["status"] == "pending"

    stored = await _fetch(client, body["download_url"])
    assert stored.status_code == 200, stored.text
    assert stored.headers["x-content-type-options"] == "nosniff"
    image = Image.open(io.BytesIO(stored.content))
    assert image.size == (640, 480)
    assert not image.getexif()  # no EXIF at all, so no GPS
    thumbnail = await _fetch(client, body["thumbnail_url"])
    assert Image.open(io.BytesIO(thumbnail.content)).size == (320, 240)
    assert len(stored_blobs(file_store)) == 2


@pytest.mark.parametrize(
    ("purpose", "content", "name", "status", "code"),
    [
        (
            "avatar",
            b"\xff\xd8\xff" + b"\x00" * (5 * 1024 * 1024),
            "besar.jpg",
            413,
            "file_too_large",
        ),
        ("portfolio_image", b"bukan gambar, hanya teks", "foto.jpg", 415, "unsupported_media_type"),
        ("portfolio_image", PDF, "foto.png", 415, "unsupported_media_type"),
        ("message_attachment", SVG, "logo.svg", 415, "unsupported_media_type"),
        (
            "deliverable",
            b"MZ\x90\x00 windows executable",
            "desain.pdf",
            415,
            "unsupported_media_type",
        ),
        ("portfolio_image", png_bomb(), "bom.png", 422, "image_too_large"),
        (
            "portfolio_image",
            b"\x89PNG\r\n\x1a\n" + b"rusak" * 10,
            "rusak.png",
            422,
            "image_unreadable",
        ),
        ("avatar", b"", "kosong.png", 422, "file_empty"),
        ("secret_plans", png(), "a.png", 422, "validation_error"),
    ],
)
async def test_bad_uploads_are_refused_and_store_nothing(
    client: httpx.AsyncClient,
    session: AsyncSession,
    file_store: Path,
    purpose: str,
    content: bytes,
    name: str,
    status: int,
    code: str,
) -> None:
    creative = await make_user(session, "creative")
    response = await upload(client, creative, purpose, content, name, "image/png")
    assert_problem(response, status, code)
    assert await _rows(session) == 0
    assert stored_blobs(file_store) == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../../etc/passwd.png", "passwd.png"),
        ("..\\..\\windows\\system32\\logo.png", "logo.png"),
        ("/absolute/../kemasan final.png", "kemasan final.png"),
        ("....png", "png.png"),
        ("...", "file.png"),
        ("foto\x00.php", "foto_00.php.png"),
        ("<script>alert(1)</script>.png", "script.png"),
        ("desain.exe", "desain.exe.png"),
        ("kemasan-keripik-" + "x" * 300 + ".png", None),
    ],
)
async def test_names_are_sanitised_and_never_reach_the_storage_path(
    client: httpx.AsyncClient,
    session: AsyncSession,
    file_store: Path,
    raw: str,
    expected: str | None,
) -> None:
    creative = await make_user(session, "creative")
    body = await uploaded(client, creative, "message_attachment", png(), raw)
    if expected is not None:
        assert body["filename"] == expected
    assert len(body["filename"]) <= 120 and body["filename"].endswith(".png")
    assert "/" not in body["filename"] and "\\" not in body["filename"]
    blobs = stored_blobs(file_store)
    assert {p.relative_to(file_store).parts[0] for p in blobs} == {body["id"]}


async def test_svg_sources_are_deliverables_and_never_shown_inline(
    client: httpx.AsyncClient, session: AsyncSession, file_store: Path
) -> None:
    creative = await make_user(session, "creative")
    body = await uploaded(client, creative, "deliverable", SVG, "logo-final.svg")
    assert body["content_type"] == "image/svg+xml" and body["thumbnail_url"] is None
    served = await _fetch(client, body["download_url"])
    assert served.status_code == 200
    assert served.content == SVG  # kept as delivered
    assert served.headers["content-disposition"].startswith("attachment;")
    assert served.headers["x-content-type-options"] == "nosniff"
    assert served.headers["content-security-policy"].startswith("sandbox")
    pdf = await uploaded(client, creative, "deliverable", PDF, "kemasan.ai")
    assert pdf["content_type"] == "application/pdf" and pdf["filename"] == "kemasan.ai"


async def test_download_links_are_signed_and_short_lived(
    client: httpx.AsyncClient, session: AsyncSession, file_store: Path
) -> None:
    creative = await make_user(session, "creative")
    stranger = await make_user(session, "owner")
    body = await uploaded(client, creative, "message_attachment", png())
    file_id = body["id"]
    assert_problem(
        await client.get(f"/v1/files/{file_id}", headers=stranger.headers), 404, "file_not_found"
    )
    assert_problem(await client.get(f"/v1/files/{file_id}"), 404, "file_not_found")
    forged = body["download_url"].replace("signature=", "signature=0")[: len(body["download_url"])]
    assert_problem(await client.get(forged), 404, "file_not_found")
    longer = body["download_url"].replace("expires=", "expires=9")
    assert_problem(await client.get(longer), 404, "file_not_found")
    no_signature = await client.get(f"/v1/files/{file_id}/download?expires=1&signature=" + "a" * 64)
    assert_problem(no_signature, 404, "file_not_found")

    from app.services.files.links import Variant, api_link

    expired = api_link(uuid.UUID(file_id), Variant.original, 1)
    assert_problem(await client.get(expired), 410, "download_link_expired")


async def test_deleting_an_unused_upload_and_the_worker_removing_orphans(
    client: httpx.AsyncClient, session: AsyncSession, file_store: Path
) -> None:
    creative = await make_user(session, "creative")
    other = await make_user(session, "creative")
    first = await uploaded(client, creative, "message_attachment", png())
    assert_problem(
        await client.delete(f"/v1/files/{first['id']}", headers=other.headers),
        404,
        "file_not_found",
    )
    assert (
        await client.delete(f"/v1/files/{first['id']}", headers=creative.headers)
    ).status_code == 204
    assert stored_blobs(file_store) == []

    kept = await uploaded(client, creative, "message_attachment", png())
    old = await uploaded(client, creative, "message_attachment", png())
    await session.execute(
        update(StoredFile)
        .where(StoredFile.id == uuid.UUID(old["id"]))
        .values(created_at=func.now() - timedelta(hours=24, minutes=1))
    )
    assert await remove_orphaned_uploads(session) == 1
    assert await remove_orphaned_uploads(session) == 0
    assert [p.relative_to(file_store).parts[0] for p in stored_blobs(file_store)] == [
        kept["id"],
        kept["id"],
    ]
    assert await _rows(session) == 1


async def test_partner_apps_upload_with_messages_write(
    client: httpx.AsyncClient, session: AsyncSession, file_store: Path
) -> None:
    creative = await make_user(session, "creative")
    reader = await partner_headers(session, creative.id, "messages:read")
    assert_problem(await upload(client, reader, "deliverable", PDF), 403, "insufficient_scope")
    writer = await partner_headers(session, creative.id, "messages:write")
    assert (await upload(client, writer, "deliverable", PDF)).status_code == 201
