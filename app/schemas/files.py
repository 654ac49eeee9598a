"""Uploaded files as their viewers see them."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import Field

from app.models import FilePurpose, FileStatus
from app.schemas.common import ResponseModel


class FileRead(ResponseModel):
    id: uuid.UUID
    purpose: FilePurpose
    status: FileStatus = Field(description="`pending` until a message, delivery or item uses it")
    content_type: str = Field(description="Detected from the content, not the name")
    size_bytes: int
    filename: str = Field(description="The uploaded name, sanitised")
    width: int | None
    height: int | None
    created_at: datetime
    download_url: str = Field(description="Short-lived signed link (see `links_expire_at`)")
    thumbnail_url: str | None = Field(description="Images only: a small JPEG, signed the same")
    links_expire_at: datetime
