from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Annotated, Literal, Protocol

from pydantic import ConfigDict, EmailStr, Field, StringConstraints, field_validator

from app.models import Locale, UserRole
from app.reference.phone import normalize_indonesian_phone
from app.schemas.common import Name, RequestModel, ResponseModel, Timestamp

# Length and strength are the password policy's (app/services/password_policy.py), answered
# with 422 weak_password and its reason rather than a bare validation error.
Password = Annotated[str, StringConstraints(min_length=1, max_length=128)]


class RegisterRequest(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "email": "sari.batik@contoh.id",
                "password": "kopi-tubruk-2026",
                "full_name": "Sari Wulandari",
                "role": "owner",
                "phone": "0812-3456-7890",
            }
        }
    )

    email: EmailStr = Field(max_length=254)
    password: Password
    full_name: Name
    role: Literal["owner", "creative"]
    phone: Annotated[str, StringConstraints(max_length=32)] | None = Field(
        default=None, description="Indonesian mobile number; stored as E.164 (+62...)"
    )

    @field_validator("email")
    @classmethod
    def _lowercase_email(cls, value: str) -> str:
        return value.lower()

    @field_validator("password")
    @classmethod
    def _password_is_text(cls, value: str) -> str:
        if "\x00" in value:
            raise ValueError("must not contain NUL characters")
        return value

    @field_validator("phone")
    @classmethod
    def _valid_phone(cls, value: str | None) -> str | None:
        if value is None:
            return None
        normalized = normalize_indonesian_phone(value)
        if normalized is None:
            raise ValueError("is not a valid Indonesian phone number")
        return normalized


class UserRead(ResponseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "example": {
                "id": "01937b6e-2f4a-7c3e-9a51-6a1d2b3c4d5e",
                "email": "sari.batik@contoh.id",
                "full_name": "Sari Wulandari",
                "role": "owner",
                "phone": "+6281234567890",
                "locale": "id",
                "email_verified_at": "2026-11-25T03:05:00Z",
                "pending_email": None,
                "created_at": "2026-11-25T03:00:00Z",
            }
        },
    )

    id: uuid.UUID
    email: str
    full_name: str
    role: UserRole
    phone: str | None
    locale: Locale
    email_verified_at: Timestamp | None = Field(
        description="When the address was confirmed; null until then (publishing gigs, "
        "sending proposals and funding milestones need it)"
    )
    pending_email: str | None = Field(
        description="A new address waiting for its confirmation code; the old one is in use"
    )
    created_at: Timestamp


class IssuedTokenFields(Protocol):
    """What issuing tokens produced (`app.services.tokens.IssuedTokens` is one)."""

    @property
    def access_token(self) -> str: ...
    @property
    def refresh_token(self) -> str | None: ...
    @property
    def expires_in(self) -> int: ...
    @property
    def scopes(self) -> Sequence[str]: ...


class SignUpAccepted(ResponseModel):
    """The same answer whether the address was new or taken: either way the next step is in
    that inbox."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "email": "sari.batik@contoh.id",
                "detail": "Check your inbox to confirm your email address, then sign in.",
            }
        }
    )

    email: str
    detail: str = "Check your inbox to confirm your email address, then sign in."


AccountTokenValue = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class AccountTokenRequest(RequestModel):
    """A single-use token from a mail (verification, email change)."""

    model_config = ConfigDict(
        json_schema_extra={"example": {"token": "pk_ve_3kQ9fZ2mW8xV1bN6cR4tY7uI0oP5aS2dF9gH1jK3lM"}}
    )

    token: AccountTokenValue


class TokenResponse(ResponseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "access_token": "pk_at_9sK...",
                "token_type": "bearer",
                "expires_in": 3600,
                "refresh_token": "pk_rt_Qm2...",
                "scope": "*",
            }
        }
    )

    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int = Field(description="Seconds until the access token expires")
    refresh_token: str | None = None
    scope: str = Field(description="Space-separated scopes; `*` for first-party tokens")

    @classmethod
    def from_issued(cls, issued: IssuedTokenFields) -> TokenResponse:
        return cls(
            access_token=issued.access_token,
            refresh_token=issued.refresh_token,
            expires_in=issued.expires_in,
            scope=" ".join(issued.scopes),
        )


class _PasswordModel(RequestModel):
    @field_validator("new_password", check_fields=False)
    @classmethod
    def _password_is_text(cls, value: str) -> str:
        if "\x00" in value:
            raise ValueError("must not contain NUL characters")
        return value


class PasswordResetRequest(RequestModel):
    model_config = ConfigDict(json_schema_extra={"example": {"email": "sari.batik@contoh.id"}})

    email: EmailStr = Field(max_length=254)


class PasswordResetConfirm(_PasswordModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {"token": "pk_pr_Xc9...", "new_password": "gula-aren-manis-2027"}
        }
    )

    token: AccountTokenValue
    new_password: Password


class PasswordChange(_PasswordModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "current_password": "kopi-tubruk-2026",
                "new_password": "gula-aren-manis-2027",
            }
        }
    )

    current_password: Password
    new_password: Password


class PasswordResetRequested(ResponseModel):
    """The same answer whether or not the address has an account."""

    detail: str = (
        "If an account uses this address, a reset code valid for 30 minutes is on its way."
    )


class UserUpdate(RequestModel):
    """Fields to change; those left out stay as they are (`phone: null` removes the number).
    A new `email` takes effect only once confirmed from that inbox."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {"full_name": "Sari Wulandari", "phone": "0812-3456-7890", "locale": "en"}
        }
    )

    full_name: Name | None = None
    phone: Annotated[str, StringConstraints(max_length=32)] | None = Field(
        default=None, description="Indonesian mobile number; stored as E.164 (+62...)"
    )
    locale: Locale | None = Field(default=None, description="Language of mail and pages")
    email: EmailStr | None = Field(default=None, max_length=254)

    @field_validator("email")
    @classmethod
    def _lowercase_email(cls, value: str | None) -> str | None:
        return value.lower() if value else value

    @field_validator("phone")
    @classmethod
    def _valid_phone(cls, value: str | None) -> str | None:
        if value is None:
            return None
        normalized = normalize_indonesian_phone(value)
        if normalized is None:
            raise ValueError("is not a valid Indonesian phone number")
        return normalized
