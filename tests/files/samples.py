"""Files as clients send them: real images (one with a GPS position), a PDF, an SVG, a
decompression bomb and things that only pretend to be images."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image

from app.core.config import get_settings
from tests.helpers import Actor

GPS_IFD = 0x8825


def jpeg_with_gps(size: tuple[int, int] = (640, 480)) -> bytes:
    """A photo as a phone takes it: EXIF with where it was taken (Pekalongan)."""
    image = Image.new("RGB", size, (180, 90, 40))
    exif = Image.Exif()
    exif[0x010F] = "Pasar Phone"
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2] = "S", (6.0, 53.0, 0.0)
    gps[3], gps[4] = "E", (109.0, 40.0, 0.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def png(size: tuple[int, int] = (200, 100)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, (10, 120, 200, 255)).save(out, format="PNG")
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width: int = 60_000, height: int = 60_000) -> bytes:
    """A few hundred bytes that claim a 3.6-gigapixel canvas."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", rows)
        + _chunk(b"IEND", b"")
    )


PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<script>alert("xss")</script><rect width="10" height="10"/></svg>'
)


@pytest.fixture
def file_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Uploads go to a fresh DATA_DIR, so a test can see exactly what was stored."""
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    yield tmp_path / "files"
    monkeypatch.undo()
    get_settings.cache_clear()


def stored_blobs(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


async def upload(
    client: httpx.AsyncClient,
    actor: Actor | dict[str, str],
    purpose: str,
    content: bytes,
    name: str = "berkas.bin",
    content_type: str = "application/octet-stream",
) -> httpx.Response:
    headers = actor if isinstance(actor, dict) else actor.headers
    return await client.post(
        "/v1/files",
        data={"purpose": purpose},
        files={"file": (name, content, content_type)},
        headers=headers,
    )


async def uploaded(
    client: httpx.AsyncClient, actor: Actor, purpose: str, content: bytes, name: str = "berkas.bin"
) -> dict[str, Any]:
    response = await upload(client, actor, purpose, content, name)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body
