from __future__ import annotations

import uuid
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StringConstraints

from app.schemas.common import ResponseModel, Timestamp


class SessionRead(ResponseModel):
    """One sign-in: a chain of refresh tokens and the access tokens issued from it."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": "01937b6e-2f4a-7c3e-9a51-6a1d2b3c4d5e",
                "user_agent": "PasarKreatif/2.3 (Android 14; Redmi Note 12)",
                "client_id": None,
                "client_name": "Pasar Kreatif",
                "created_at": "2026-11-25T03:00:00Z",
                "last_used_at": "2026-11-26T08:15:00Z",
                "current": True,
            }
        }
    )

    id: uuid.UUID
    user_agent: str | None = Field(description="The User-Agent that signed in")
    client_id: str | None = Field(description="The partner app, or null for our own apps")
    client_name: str
    created_at: Timestamp
    last_used_at: Timestamp = Field(description="Accurate to a few minutes")
    current: bool = Field(description="The session of the token making this request")


class TokenRevocationForm(ResponseModel):
    """RFC 7009 token revocation request (form-encoded)."""

    model_config = ConfigDict(
        extra="ignore",
        json_schema_extra={
            "example": {"token": "pk_rt_Qm2...", "token_type_hint": "refresh_token"}
        },
    )

    token: Annotated[str, StringConstraints(min_length=1, max_length=512)]
    token_type_hint: Literal["access_token", "refresh_token"] | None = None
