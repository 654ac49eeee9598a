"""The S3 backend against a real S3-protocol server (moto in server mode on loopback):
uploads land in the bucket, downloads are the backend's own presigned links (SVG excepted,
which the API serves with its protective headers), and deleting removes the object."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Iterator
from typing import Any

import aioboto3
import httpx
import pytest
from moto.server import ThreadedMotoServer
from PIL import Image
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from tests.factories import make_user
from tests.files.samples import SVG, jpeg_with_gps, uploaded

BUCKET = "pasar-kreatif-files"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
async def s3(s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Any]:
    for name, value in {
        "STORAGE_BACKEND": "s3",
        "STORAGE_S3_BUCKET": BUCKET,
        "STORAGE_S3_ENDPOINT_URL": s3_endpoint,
        "STORAGE_S3_REGION": "us-east-1",
        "STORAGE_S3_ACCESS_KEY_ID": "testing",
        "STORAGE_S3_SECRET_ACCESS_KEY": "testing",
    }.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    session = aioboto3.Session()
    async with session.client(
        "s3", endpoint_url=s3_endpoint, region_name="us-east-1", **CREDENTIALS
    ) as client:
        await client.create_bucket(Bucket=BUCKET)
        yield client
        listed = await client.list_objects_v2(Bucket=BUCKET)
        for item in listed.get("Contents", []):
            await client.delete_object(Bucket=BUCKET, Key=item["Key"])
        await client.delete_bucket(Bucket=BUCKET)
    monkeypatch.undo()
    get_settings.cache_clear()


async def _keys(s3: Any) -> list[str]:
    listed = await s3.list_objects_v2(Bucket=BUCKET)
    return sorted(item["Key"] for item in listed.get("Contents", []))


async def test_uploads_go_to_the_bucket_and_download_through_presigned_links(
    client: httpx.AsyncClient, session: AsyncSession, s3: Any, s3_endpoint: str
) -> None:
    creative = await make_user(session, "creative")
    body = await uploaded(client, creative, "portfolio_image", jpeg_with_gps(), "kemasan.jpg")
    assert await _keys(s3) == [f"{body['id']}/original", f"{body['id']}/thumbnail"]

    assert body["download_url"].startswith(s3_endpoint)
    async with httpx.AsyncClient() as outside:
        direct = await outside.get(body["download_url"])
        assert direct.status_code == 200
        assert direct.headers["content-type"] == "image/jpeg"
        assert not Image.open(io.BytesIO(direct.content)).getexif()
        # (moto does not check presigned signatures, so forging is not tested here.)

    deleted = await client.delete(f"/v1/files/{body['id']}", headers=creative.headers)
    assert deleted.status_code == 204
    assert await _keys(s3) == []


async def test_svg_from_the_bucket_is_served_by_the_api_as_an_attachment(
    client: httpx.AsyncClient, session: AsyncSession, s3: Any
) -> None:
    creative = await make_user(session, "creative")
    body = await uploaded(client, creative, "deliverable", SVG, "logo.svg")
    assert body["download_url"].startswith("/v1/files/")
    served = await client.get(body["download_url"])
    assert served.status_code == 200
    assert served.content == SVG
    assert served.headers["content-disposition"].startswith("attachment;")
    assert served.headers["content-security-policy"].startswith("sandbox")
