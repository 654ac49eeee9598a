"""Email verification: the API call, the page the mailed link opens, and re-sending it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, status
from fastapi.responses import HTMLResponse

from app.core.auth import CurrentUser
from app.core.db import SessionDep
from app.core.errors import InsufficientScope, InvalidToken, RateLimited
from app.core.pages import templates
from app.core.problems import problem_responses
from app.schemas.auth import AccountTokenRequest, UserRead
from app.services import email_verification
from app.services.account_tokens import ACCOUNT_TOKEN_ERRORS
from app.services.email_verification import EmailAlreadyVerified

router = APIRouter(tags=["auth"])

PAGE_TEXTS = {
    "id": {
        "ok": ("Email terkonfirmasi", "Terima kasih! Alamat email Anda sudah terkonfirmasi."),
        "account_token_expired": ("Tautan kedaluwarsa", "Minta tautan baru dari aplikasi."),
        "account_token_used": ("Tautan sudah dipakai", "Tautan ini sudah pernah dibuka."),
        "account_token_invalid": ("Tautan tidak valid", "Periksa kembali tautan di email."),
    },
    "en": {
        "ok": ("Email confirmed", "Thank you! Your email address is confirmed."),
        "account_token_expired": ("Link expired", "Ask the app for a new link."),
        "account_token_used": ("Link already used", "This link was opened before."),
        "account_token_invalid": ("Invalid link", "Check the link in the email again."),
    },
}
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    "Referrer-Policy": "no-referrer",
}


@router.post(
    "/v1/auth/verify-email",
    summary="Confirm an email address with the mailed token",
    responses=problem_responses(*ACCOUNT_TOKEN_ERRORS),
)
async def verify_email(body: AccountTokenRequest, session: SessionDep) -> UserRead:
    """Spends the single-use token from the sign-up mail (valid 24 hours)."""
    return await email_verification.verify_email(session, body.token)


@router.get(
    "/v1/auth/verify-email",
    summary="The page the verification link opens",
    response_class=HTMLResponse,
    responses=problem_responses(),
)
async def verify_email_page(
    request: Request,
    session: SessionDep,
    token: Annotated[str, Query(min_length=1, max_length=200)],
    accept_language: Annotated[str | None, Header(max_length=500)] = None,
) -> HTMLResponse:
    """Confirms the address and shows the outcome in Indonesian (or English by
    `Accept-Language`)."""
    lang = "en" if (accept_language or "").lower().startswith("en") else "id"
    try:
        await email_verification.verify_email(session, token)
        outcome, status_code = "ok", 200
    except ACCOUNT_TOKEN_ERRORS as error:
        outcome, status_code = error.code, error.status
    title, body = PAGE_TEXTS[lang][outcome]
    return templates.TemplateResponse(
        request,
        "verify_email.html",
        {"lang": lang, "title": title, "body": body, "ok": outcome == "ok"},
        status_code=status_code,
        headers=PAGE_HEADERS,
    )


@router.post(
    "/v1/me/verify-email/resend",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Mail a new verification link",
    responses=problem_responses(InvalidToken, InsufficientScope, EmailAlreadyVerified, RateLimited),
)
async def resend_verification(principal: CurrentUser, session: SessionDep) -> None:
    """A few times an hour at most; earlier links stop working."""
    await email_verification.resend_verification(session, principal)
