"""Where file bytes live, behind one interface: the local disk under DATA_DIR/files by
default (nothing to install), or an S3-compatible bucket (AWS S3, Cloudflare R2, MinIO) when
STORAGE_BACKEND=s3. Keys are made by us (`<file id>/original`), never from a client's name."""

from __future__ import annotations

import asyncio
import contextlib
import os
import tempfile
from collections.abc import AsyncIterator
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from app.core.config import Settings, get_settings

CHUNK = 256 * 1024


class FileStorage(Protocol):
    async def put(self, key: str, data: bytes, content_type: str) -> None: ...

    def read(self, key: str) -> AsyncIterator[bytes]: ...

    async def delete(self, key: str) -> None: ...

    async def presigned_url(
        self, key: str, *, content_type: str, disposition: str, expires_in: int
    ) -> str | None:
        """A direct link from the backend itself, or None (then the API serves the bytes)."""
        ...


class LocalStorage:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise ValueError("storage key leaves the storage root")
        return path

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        await asyncio.to_thread(self._write, self._path(key), data)

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written beside and renamed: a reader never sees half a file.
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    async def read(self, key: str) -> AsyncIterator[bytes]:
        handle = await asyncio.to_thread(self._path(key).open, "rb")
        try:
            while chunk := await asyncio.to_thread(handle.read, CHUNK):
                yield chunk
        finally:
            handle.close()

    async def delete(self, key: str) -> None:
        path = self._path(key)
        await asyncio.to_thread(path.unlink, missing_ok=True)
        with contextlib.suppress(OSError):  # other variants are still there
            await asyncio.to_thread(path.parent.rmdir)

    async def presigned_url(
        self, key: str, *, content_type: str, disposition: str, expires_in: int
    ) -> str | None:
        return None


class S3Storage:
    def __init__(self, settings: Settings) -> None:
        import aioboto3

        self.bucket = settings.storage_s3_bucket
        self._session = aioboto3.Session()
        self._client_args: dict[str, Any] = {
            "endpoint_url": settings.storage_s3_endpoint_url or None,
            "region_name": settings.storage_s3_region,
            "aws_access_key_id": settings.storage_s3_access_key_id or None,
            "aws_secret_access_key": settings.storage_s3_secret_access_key or None,
        }

    def _client(self) -> Any:
        return self._session.client("s3", **self._client_args)

    async def put(self, key: str, data: bytes, content_type: str) -> None:
        async with self._client() as s3:
            await s3.put_object(Bucket=self.bucket, Key=key, Body=data, ContentType=content_type)

    async def read(self, key: str) -> AsyncIterator[bytes]:
        async with self._client() as s3:
            response = await s3.get_object(Bucket=self.bucket, Key=key)
            async with response["Body"] as body:
                async for chunk in body.content.iter_chunked(CHUNK):
                    yield chunk

    async def delete(self, key: str) -> None:
        async with self._client() as s3:
            await s3.delete_object(Bucket=self.bucket, Key=key)

    async def presigned_url(
        self, key: str, *, content_type: str, disposition: str, expires_in: int
    ) -> str | None:
        async with self._client() as s3:
            url: str = await s3.generate_presigned_url(
                "get_object",
                Params={
                    "Bucket": self.bucket,
                    "Key": key,
                    "ResponseContentType": content_type,
                    "ResponseContentDisposition": disposition,
                },
                ExpiresIn=expires_in,
            )
            return url


@lru_cache
def _storage_for(backend: str, root: str, bucket: str, endpoint: str) -> FileStorage:
    settings = get_settings()
    if backend == "s3":
        return S3Storage(settings)
    return LocalStorage(Path(root))


def get_storage() -> FileStorage:
    """The configured backend (one per configuration, shared by the process)."""
    settings = get_settings()
    return _storage_for(
        settings.storage_backend,
        str(settings.data_dir / "files"),
        settings.storage_s3_bucket,
        settings.storage_s3_endpoint_url,
    )
