"""The one list of OAuth scopes a partner app may be granted.

Everything that names a scope reads it from here: the OAuth2 flows in the OpenAPI document
(app/core/auth.py), route guards (`scoped(Scope.proposals_write)`), partner app registration
(app/services/partners/apps.py), app tokens (client credentials, app/services/partners/oauth.py),
the consent page and connected-apps list (app/services/partners/consent.py), and which events
a scope lets a partner see (app/core/event_types.py). First-party tokens carry `*` instead
(app/core/principal.py FULL_ACCESS).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

Language = Literal["id", "en"]


class Scope(StrEnum):
    gigs_read = "gigs:read"
    proposals_read = "proposals:read"
    proposals_write = "proposals:write"
    profile_read = "profile:read"
    profile_write = "profile:write"
    contracts_read = "contracts:read"
    invitations_write = "invitations:write"
    webhooks_manage = "webhooks:manage"
    messages_read = "messages:read"
    messages_write = "messages:write"


@dataclass(frozen=True)
class ScopeInfo:
    # What the user is asked to allow, in plain words (consent page, connected apps).
    id: str
    en: str
    # Whether an app may hold it on its own, with no user (`client_credentials`): only scopes
    # that reach no user's private data.
    app_token: bool = False


SCOPES: dict[Scope, ScopeInfo] = {
    Scope.gigs_read: ScopeInfo(
        id="Melihat lowongan gig yang terbuka untuk umum",
        en="See gigs that are open to everyone",
        app_token=True,
    ),
    Scope.proposals_read: ScopeInfo(
        id="Melihat penawaran (proposal) yang Anda kirim dan statusnya",
        en="See the proposals you sent and their status",
    ),
    Scope.proposals_write: ScopeInfo(
        id="Mengirim dan menarik penawaran atas nama Anda",
        en="Send and withdraw proposals on your behalf",
    ),
    Scope.profile_read: ScopeInfo(
        id="Melihat profil kreatif dan portofolio Anda",
        en="See your creative profile and portfolio",
    ),
    Scope.profile_write: ScopeInfo(
        id="Mengubah profil kreatif dan portofolio Anda",
        en="Change your creative profile and portfolio",
    ),
    Scope.contracts_read: ScopeInfo(
        id="Melihat kontrak dan milestone Anda, termasuk nilai pembayarannya",
        en="See your contracts and milestones, including payment amounts",
    ),
    Scope.invitations_write: ScopeInfo(
        id="Menerima atau menolak undangan kerja atas nama Anda",
        en="Accept or decline job invitations on your behalf",
    ),
    Scope.webhooks_manage: ScopeInfo(
        id="Mengirim pemberitahuan tentang aktivitas Anda ke server aplikasi ini",
        en="Send notifications about your activity to this app's server",
        app_token=True,
    ),
    Scope.messages_read: ScopeInfo(
        id="Membaca percakapan Anda dengan pemilik usaha dan file di dalamnya",
        en="Read your conversations with business owners and their files",
    ),
    Scope.messages_write: ScopeInfo(
        id="Mengirim dan menarik pesan serta mengunggah file atas nama Anda",
        en="Send and retract messages and upload files on your behalf",
    ),
}

# What an app may do without a user: read public data and manage its own webhooks.
APP_TOKEN_SCOPES: frozenset[str] = frozenset(
    s.value for s, info in SCOPES.items() if info.app_token
)
_NAMES = frozenset(s.value for s in Scope)


def unknown_scopes(names: Iterable[str]) -> list[str]:
    """The names that are not scopes, sorted."""
    return sorted(set(names) - _NAMES)


def describe_scopes(names: Iterable[str], lang: Language) -> list[str]:
    """Each scope in the user's language; a name no longer registered is shown as is."""
    return [getattr(SCOPES[Scope(n)], lang) if n in _NAMES else n for n in names]


def openapi_scope_descriptions(*, app_tokens_only: bool = False) -> dict[str, str]:
    """An OAuth2 flow's `scopes` map: what the consent page asks the user, in English."""
    return {
        scope.value: f'Consent page: "{info.en}"'
        + (". App tokens may hold it too." if info.app_token else "")
        for scope, info in SCOPES.items()
        if info.app_token or not app_tokens_only
    }
