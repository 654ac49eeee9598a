"""Partner apps, connected apps and the OAuth forms."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, ConfigDict, Field, StringConstraints

from app.models import PartnerApp, PartnerAppStatus, PartnerGrant, RateLimitTier
from app.schemas.common import Name, RequestModel, ResponseModel, Timestamp, Url

_LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


def _registrable_redirect_uri(value: str) -> str:
    parts = urlsplit(value)
    if parts.fragment:
        raise ValueError("must not contain a fragment")
    if parts.scheme != "https" and parts.hostname not in _LOOPBACK_HOSTS:
        raise ValueError("must use https (http is allowed only for loopback, RFC 8252)")
    return value


RedirectUri = Annotated[Url, AfterValidator(_registrable_redirect_uri)]
ScopeName = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[a-z:*]+$")]


class PartnerAppCreate(RequestModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "name": "EJSC Kreatif Hub",
                "redirect_uris": ["https://app.ejsc-hub.id/oauth/callback"],
                "allowed_scopes": ["gigs:read", "proposals:read", "proposals:write"],
                "rate_limit_tier": "standard",
            }
        }
    )

    name: Name
    redirect_uris: list[RedirectUri] = Field(min_length=1, max_length=10)
    allowed_scopes: list[ScopeName] = Field(min_length=1, max_length=20)
    rate_limit_tier: RateLimitTier = RateLimitTier.standard


class PartnerAppRead(ResponseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "example": {
                "client_id": "pkapp_3f9a1c2b7d8e4f5a6b7c",
                "name": "EJSC Kreatif Hub",
                "redirect_uris": ["https://app.ejsc-hub.id/oauth/callback"],
                "allowed_scopes": ["gigs:read", "proposals:read", "proposals:write"],
                "rate_limit_tier": "standard",
                "status": "active",
                "created_at": "2026-11-25T03:00:00Z",
                "secret_rotated_at": None,
                "suspended_at": None,
            }
        },
    )

    client_id: str
    name: str
    redirect_uris: list[str]
    allowed_scopes: list[str]
    rate_limit_tier: RateLimitTier
    status: PartnerAppStatus
    created_at: Timestamp
    secret_rotated_at: Timestamp | None
    suspended_at: Timestamp | None


class PartnerAppCredentials(PartnerAppRead):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "client_id": "pkapp_3f9a1c2b7d8e4f5a6b7c",
                "client_secret": "pk_cs_Zq8v...",
                "name": "EJSC Kreatif Hub",
                "redirect_uris": ["https://app.ejsc-hub.id/oauth/callback"],
                "allowed_scopes": ["gigs:read", "proposals:read", "proposals:write"],
                "rate_limit_tier": "standard",
                "status": "active",
                "created_at": "2026-11-25T03:00:00Z",
                "secret_rotated_at": None,
                "suspended_at": None,
            }
        }
    )

    client_secret: str = Field(description="Shown only in this response; store it securely")

    @classmethod
    def with_secret(cls, app: PartnerApp, client_secret: str) -> PartnerAppCredentials:
        read = PartnerAppRead.model_validate(app)
        return cls(**read.model_dump(), client_secret=client_secret)


class ConnectedAppRead(ResponseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "client_id": "pkapp_3f9a1c2b7d8e4f5a6b7c",
                "name": "EJSC Kreatif Hub",
                "scopes": ["gigs:read", "proposals:write"],
                "scope_descriptions": [
                    "Melihat lowongan gig yang terbuka untuk umum",
                    "Mengirim dan menarik penawaran atas nama Anda",
                ],
                "connected_at": "2026-11-25T03:00:00Z",
            }
        }
    )

    client_id: str
    name: str
    scopes: list[str]
    scope_descriptions: list[str] = Field(description="The scopes in plain Indonesian")
    connected_at: Timestamp = Field(description="When the user last approved the app")

    @classmethod
    def from_row(
        cls, grant: PartnerGrant, app: PartnerApp, scope_descriptions: list[str]
    ) -> ConnectedAppRead:
        return cls(
            client_id=app.client_id,
            name=app.name,
            scopes=grant.scopes,
            scope_descriptions=scope_descriptions,
            connected_at=grant.updated_at,
        )


_FormText = Annotated[str, StringConstraints(max_length=512), Field(pattern=r"^[^\x00]*$")]
_FormUri = Annotated[str, StringConstraints(max_length=2048), Field(pattern=r"^[^\x00]*$")]


class OAuthTokenForm(ResponseModel):
    """OAuth 2.0 token request (form-encoded, RFC 6749). Partner apps authenticate with HTTP
    Basic (`client_id:client_secret`) or the `client_id` and `client_secret` fields."""

    model_config = ConfigDict(
        extra="ignore",
        json_schema_extra={
            "example": {
                "grant_type": "authorization_code",
                "code": "pk_ac_q0Jr3...",
                "redirect_uri": "https://app.ejsc-hub.id/oauth/callback",
                "code_verifier": "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
            }
        },
    )

    grant_type: Literal["password", "refresh_token", "authorization_code", "client_credentials"]
    username: _FormText | None = None
    password: _FormText | None = None
    refresh_token: _FormText | None = None
    scope: _FormText | None = None
    code: _FormText | None = None
    redirect_uri: _FormUri | None = None
    code_verifier: _FormText | None = None
    client_id: _FormText | None = None
    client_secret: _FormText | None = None


class ConsentForm(ResponseModel):
    """The consent page's form: the authorization request echoed back, the creative's
    credentials and the decision."""

    model_config = ConfigDict(
        extra="ignore",
        json_schema_extra={
            "example": {
                "client_id": "pkapp_3f9a1c2b7d8e4f5a6b7c",
                "redirect_uri": "https://app.ejsc-hub.id/oauth/callback",
                "response_type": "code",
                "scope": "gigs:read proposals:write",
                "state": "af0ifjsldkj",
                "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                "code_challenge_method": "S256",
                "lang": "id",
                "decision": "approve",
                "email": "dimas.desain@contoh.id",
                "password": "rahasia-kopi-2026",
            }
        },
    )

    client_id: _FormText
    redirect_uri: _FormUri
    response_type: _FormText
    scope: _FormText = ""
    state: _FormText | None = None
    code_challenge: _FormText
    code_challenge_method: _FormText
    lang: Literal["id", "en"] = "id"
    decision: Literal["approve", "deny"]
    email: _FormText = ""
    password: _FormText = ""
