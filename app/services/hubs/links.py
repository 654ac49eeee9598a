"""Signed codes for hub mail: an account claim and a delegation approval.

Stateless (an HMAC of the purpose, the row id and the expiry): the row's own state makes each
single use (a claimed account is no longer `claim_pending`, an approved delegation no longer
`pending`), so no token table is needed and every replica verifies alike.
"""

from __future__ import annotations

import hmac
import time
import uuid

from app.core.errors import BadRequest
from app.core.signing import signature

CLAIM_PREFIX = "pk_cl_"
DELEGATION_PREFIX = "pk_dl_"
CLAIM_SECONDS = 30 * 86400
DELEGATION_LINK_SECONDS = 14 * 86400


class HubLinkInvalid(BadRequest):
    code, title = "hub_link_invalid", "The link or code is not valid"


class HubLinkExpired(BadRequest):
    code, title = "hub_link_expired", "The link or code has expired; ask your hub for a new one"


def _signature(prefix: str, row_id: uuid.UUID, expires: int) -> str:
    return signature("hub-links", f"{prefix}{row_id.hex}:{expires}".encode(), chars=40)


def sign(prefix: str, row_id: uuid.UUID, lifetime_seconds: int) -> str:
    expires = int(time.time()) + lifetime_seconds
    return f"{prefix}{row_id.hex}_{expires}_{_signature(prefix, row_id, expires)}"


def verify(prefix: str, raw: str) -> uuid.UUID:
    """The row id a code was signed for (400 `hub_link_invalid` / `hub_link_expired`)."""
    if not raw.startswith(prefix):
        raise HubLinkInvalid()
    try:
        id_hex, expires_text, signature = raw[len(prefix) :].split("_")
        row_id, expires = uuid.UUID(hex=id_hex), int(expires_text)
    except ValueError:
        raise HubLinkInvalid() from None
    if not hmac.compare_digest(_signature(prefix, row_id, expires), signature):
        raise HubLinkInvalid()
    if expires <= time.time():
        raise HubLinkExpired()
    return row_id
