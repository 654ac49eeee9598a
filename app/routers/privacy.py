"""The account holder's UU PDP rights: a copy of their data, and erasure."""

from fastapi import APIRouter

from app.core.auth import CurrentUser
from app.core.db import SessionDep
from app.core.errors import InsufficientScope, InvalidToken, RateLimited
from app.core.problems import problem_responses
from app.schemas.privacy import AccountErased, EraseAccountRequest, PersonalDataExport
from app.services.privacy import erasure, export
from app.services.privacy.erasure import (
    ErasureBlockedActiveContract,
    ErasureBlockedEscrow,
    ErasureBlockedUnpaidBalance,
    PasswordIncorrect,
)

router = APIRouter(tags=["privacy"])


@router.get(
    "/v1/me/export",
    summary="Everything the platform holds about you",
    responses=problem_responses(InvalidToken, InsufficientScope),
)
async def export_my_data(principal: CurrentUser, session: SessionDep) -> PersonalDataExport:
    """Profile, businesses, gigs, proposals, contracts, reviews, payments, payouts, sessions,
    connected apps and your own events, as one JSON document (UU PDP right of access)."""
    return await export.export_personal_data(session, principal)


@router.delete(
    "/v1/me",
    summary="Erase your account (UU PDP right to erasure)",
    responses=problem_responses(
        InvalidToken,
        InsufficientScope,
        PasswordIncorrect,
        ErasureBlockedActiveContract,
        ErasureBlockedEscrow,
        ErasureBlockedUnpaidBalance,
        RateLimited,
    ),
)
async def erase_my_account(
    body: EraseAccountRequest, principal: CurrentUser, session: SessionDep
) -> AccountErased:
    """Pseudonymises the account for good once no contract is active and no money is held or
    owed: sign-in ends, the public profile and open gigs disappear, financial records stay
    under the pseudonym (README, "Personal data")."""
    return await erasure.erase_account(session, principal, password=body.password)
