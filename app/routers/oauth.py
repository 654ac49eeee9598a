"""The OAuth authorization endpoint: a server-rendered sign-in and consent page (Indonesian by
default, English with `?lang=en` or `Accept-Language: en`)."""

from typing import Annotated, Any, Literal
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.core.db import SessionDep
from app.core.errors import DomainError, InvalidCredentials, RateLimited, RoleRequired
from app.core.pages import templates
from app.core.problems import problem_responses
from app.core.query_params import ACCEPTS_ANY_QUERY
from app.core.scopes import describe_scopes
from app.schemas.partners import ConsentForm
from app.services.partners import oauth
from app.services.partners.oauth import (
    AuthorizationRedirectError,
    AuthorizationRequest,
    UntrustedAuthorizationRequest,
)

router = APIRouter(tags=["oauth"])

Lang = Literal["id", "en"]
OAUTH_PARAMS = (
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "code_challenge",
    "code_challenge_method",
)
TEXTS: dict[Lang, dict[str, str]] = {
    "id": {
        "title": "Hubungkan aplikasi",
        "heading_prefix": "Izinkan",
        "heading_suffix": "mengakses akun Pasar Kreatif Anda?",
        "intro": "Jika Anda mengizinkan, aplikasi ini dapat:",
        "revoke_note": "Anda dapat mencabut izin ini kapan saja di Pengaturan › Aplikasi "
        "terhubung. Aplikasi ini tidak dapat melihat kata sandi Anda.",
        "email": "Email",
        "password": "Kata sandi",
        "approve": "Izinkan",
        "deny": "Tolak",
        "other_lang": "English",
        "bad_credentials": "Email atau kata sandi salah.",
        "throttled": "Terlalu banyak percobaan masuk. Coba lagi nanti.",
        "creatives_only": "Hanya akun kreatif yang dapat menghubungkan aplikasi mitra.",
        "error_title": "Permintaan tidak valid",
        "error_body": "Aplikasi ini tidak terdaftar atau alamat pengalihannya tidak cocok. "
        "Kembali ke aplikasi dan coba lagi.",
    },
    "en": {
        "title": "Connect an app",
        "heading_prefix": "Allow",
        "heading_suffix": "to access your Pasar Kreatif account?",
        "intro": "If you allow it, this app will be able to:",
        "revoke_note": "You can revoke this at any time in Settings › Connected apps. "
        "The app never sees your password.",
        "email": "Email",
        "password": "Password",
        "approve": "Allow",
        "deny": "Deny",
        "other_lang": "Bahasa Indonesia",
        "bad_credentials": "Email or password is incorrect.",
        "throttled": "Too many sign-in attempts. Try again later.",
        "creatives_only": "Only creative accounts can connect partner apps.",
        "error_title": "Invalid request",
        "error_body": "This app is not registered or its redirect address does not match. "
        "Go back to the app and try again.",
    },
}

# Errors the creative can fix on the page, by their stable `code`, and the text shown for each;
# any other error is answered as problem+json like everywhere else.
CONSENT_ERROR_TEXTS: dict[str, str] = {
    InvalidCredentials.code: "bad_credentials",
    RateLimited.code: "throttled",
    RoleRequired.code: "creatives_only",
}

# The page must not be framed (clickjacking) or cached; the form may post only here, and the
# browser may then follow our redirect to the app.
_SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}
OptionalParam = Annotated[str | None, Query(max_length=2048, pattern=r"^[^\x00]*$")]


def _language(explicit: str | None, accept_language: str | None) -> Lang:
    if explicit in ("id", "en"):
        return "en" if explicit == "en" else "id"
    for entry in (accept_language or "").split(","):
        tag = entry.split(";")[0].strip().lower()
        if tag.startswith("id"):
            return "id"
        if tag.startswith("en"):
            return "en"
    return "id"


def _headers(redirect_uri: str | None = None) -> dict[str, str]:
    targets = "'self'"
    if redirect_uri:
        parts = urlsplit(redirect_uri)
        targets += f" {parts.scheme}://{parts.netloc}"
    csp = (
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; "
        f"form-action {targets}"
    )
    return {**_SECURITY_HEADERS, "Content-Security-Policy": csp}


def _consent_page(
    request: Request,
    auth: AuthorizationRequest,
    params: dict[str, str | None],
    lang: Lang,
    *,
    error: str | None = None,
    email: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    other: Lang = "en" if lang == "id" else "id"
    query = {k: v for k, v in params.items() if v is not None} | {"lang": other}
    context: dict[str, Any] = {
        "lang": lang,
        "t": TEXTS[lang],
        "app_name": auth.app.name,
        "scope_words": describe_scopes(auth.scopes, lang),
        "hidden": {**params, "scope": " ".join(auth.scopes)},
        "error": error,
        "email": email,
        "other_lang_url": "/oauth/authorize?" + urlencode(query),
    }
    return templates.TemplateResponse(
        request,
        "consent.html",
        context,
        status_code=status_code,
        headers=_headers(auth.redirect_uri),
    )


def _error_page(request: Request, lang: Lang, detail: str) -> HTMLResponse:
    context = {"lang": lang, "t": TEXTS[lang], "detail": detail}
    return templates.TemplateResponse(
        request, "oauth_error.html", context, status_code=400, headers=_headers()
    )


def _duplicated(request: Request) -> list[str]:
    return [name for name in OAUTH_PARAMS if len(request.query_params.getlist(name)) > 1]


@router.get(
    "/oauth/authorize",
    response_class=HTMLResponse,
    summary="Authorization page (OAuth 2.0 authorization code with PKCE)",
    # RFC 6749 section 3.1: the authorization server MUST ignore unrecognized parameters.
    openapi_extra={ACCEPTS_ANY_QUERY: True},
    responses={
        302: {"description": "Back to the app's redirect URI with `error` and `state`"},
        **problem_responses(),
    },
)
async def authorize_page(
    request: Request,
    session: SessionDep,
    response_type: OptionalParam = None,
    client_id: OptionalParam = None,
    redirect_uri: OptionalParam = None,
    scope: OptionalParam = None,
    state: OptionalParam = None,
    code_challenge: OptionalParam = None,
    code_challenge_method: OptionalParam = None,
    lang: Annotated[Literal["id", "en"] | None, Query()] = None,
) -> Response:
    """Shows the creative which app asks for what, in plain words, with sign-in and
    approve/deny buttons. Errors the app must hear about redirect back to it."""
    language = _language(lang, request.headers.get("Accept-Language"))
    params = {
        "response_type": response_type,
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "scope": scope,
        "state": state,
        "code_challenge": code_challenge,
        "code_challenge_method": code_challenge_method,
    }
    try:
        auth = await oauth.validate_authorization_request(
            session, params, duplicated=_duplicated(request)
        )
    except UntrustedAuthorizationRequest as exc:
        return _error_page(request, language, exc.detail)
    except AuthorizationRedirectError as exc:
        return RedirectResponse(exc.location, status_code=302, headers=_SECURITY_HEADERS)
    return _consent_page(request, auth, params, language)


@router.post(
    "/oauth/authorize",
    response_class=HTMLResponse,
    summary="Approve or deny an authorization request",
    responses={
        303: {"description": "Back to the app with `code` and `state`, or `error`"},
        **problem_responses(),
    },
)
async def authorize_decision(
    form: Annotated[ConsentForm, Form()], request: Request, session: SessionDep
) -> Response:
    """Deny redirects with `error=access_denied`; approve signs the creative in, records the
    consent and redirects with a one-time code valid for 60 seconds."""
    params = form.model_dump(include=set(OAUTH_PARAMS))
    try:
        auth = await oauth.validate_authorization_request(session, params, duplicated=[])
    except UntrustedAuthorizationRequest as exc:
        return _error_page(request, form.lang, exc.detail)
    except AuthorizationRedirectError as exc:
        return RedirectResponse(exc.location, status_code=303, headers=_SECURITY_HEADERS)
    try:
        location = await oauth.decide_authorization(
            session,
            auth,
            approve=form.decision == "approve",
            email=form.email,
            password=form.password,
            client_address=request.client.host if request.client else None,
        )
    except DomainError as exc:
        if exc.code not in CONSENT_ERROR_TEXTS:
            raise
        message = TEXTS[form.lang][CONSENT_ERROR_TEXTS[exc.code]]
        return _consent_page(
            request,
            auth,
            params,
            form.lang,
            error=message,
            email=form.email,
            status_code=exc.status,
        )
    return RedirectResponse(location, status_code=303, headers=_SECURITY_HEADERS)
