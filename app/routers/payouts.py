from typing import Annotated

from fastapi import APIRouter, Body

from app.core.auth import CreativeUser
from app.core.db import SessionDep
from app.core.errors import InvalidCursor, InvalidToken, RoleRequired
from app.core.pagination import Page, PageParamsDep
from app.core.problems import problem_responses
from app.schemas.payouts import (
    EarningsRead,
    PayoutAccountRead,
    PayoutAccountUpdate,
    PayoutRead,
)
from app.services.escrow import payout_accounts
from app.services.escrow.payout_accounts import (
    PayoutAccountNotFound,
    PayoutChannelUnsupported,
    PayoutMethodUnavailable,
)
from app.services.payments.gateway import PaymentProviderError

router = APIRouter(tags=["payouts"])


@router.put(
    "/v1/creatives/me/payout-account",
    summary="Set where I am paid",
    responses=problem_responses(
        InvalidToken,
        RoleRequired,
        PayoutMethodUnavailable,
        PayoutChannelUnsupported,
        PaymentProviderError,
    ),
)
async def put_my_payout_account(
    body: Annotated[
        PayoutAccountUpdate,
        Body(
            examples=[
                {"method": "stripe_connect"},
                {
                    "method": "manual",
                    "bank_code": "014",
                    "account_number": "0881234567",
                    "account_holder_name": "Dimas Prasetyo",
                },
            ]
        ),
    ],
    principal: CreativeUser,
    session: SessionDep,
) -> PayoutAccountRead:
    """Bank details (manual payouts), a bank account or e-wallet (Xendit payouts), or a Stripe
    Express account with its onboarding link."""
    return await payout_accounts.set_payout_account(session, principal=principal, data=body)


@router.get(
    "/v1/creatives/me/payout-account",
    summary="Where I am paid",
    responses=problem_responses(InvalidToken, RoleRequired, PayoutAccountNotFound),
)
async def get_my_payout_account(principal: CreativeUser, session: SessionDep) -> PayoutAccountRead:
    """The account number is shown by its last four digits only."""
    return await payout_accounts.get_payout_account(session, principal=principal)


@router.get(
    "/v1/creatives/me/earnings",
    summary="My earnings",
    responses=problem_responses(InvalidToken, RoleRequired),
)
async def get_my_earnings(principal: CreativeUser, session: SessionDep) -> EarningsRead:
    """Held in escrow, available, being paid out and paid out, after fee and PPN."""
    return await payout_accounts.creative_earnings(session, principal=principal)


@router.get(
    "/v1/creatives/me/payouts",
    summary="My payouts",
    responses=problem_responses(InvalidToken, RoleRequired, InvalidCursor),
)
async def list_my_payouts(
    principal: CreativeUser, session: SessionDep, page: PageParamsDep
) -> Page[PayoutRead]:
    """Newest first."""
    return await payout_accounts.list_payouts(session, principal=principal, page=page)
