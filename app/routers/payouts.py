from typing import Annotated

from fastapi import APIRouter, Body

from app.core.auth import CreativeUser
from app.core.config import get_settings
from app.core.db import SessionDep
from app.core.errors import InvalidCursor, InvalidToken, RoleRequired
from app.core.pagination import Page, PageParamsDep
from app.core.problems import problem_responses
from app.models import PayoutAccount, PayoutMethod
from app.schemas.payouts import (
    BankPayoutSetup,
    EarningsRead,
    PayoutAccountRead,
    PayoutAccountUpdate,
    PayoutRead,
)
from app.services.escrow import payout_accounts
from app.services.escrow.payout_accounts import (
    BankDetails,
    PayoutAccountNotFound,
    PayoutMethodUnavailable,
)
from app.services.payments.gateway import PaymentProviderError

router = APIRouter(tags=["payouts"])


def _account_read(account: PayoutAccount, onboarding_url: str | None) -> PayoutAccountRead:
    number = account.bank_account_number
    return PayoutAccountRead(
        method=account.method,
        payouts_enabled=account.payouts_enabled,
        stripe_account_id=account.stripe_account_id,
        onboarding_url=onboarding_url,
        bank_code=account.bank_code,
        account_number_last4=number[-4:] if number else None,
        account_holder_name=account.account_holder_name,
    )


@router.put(
    "/v1/creatives/me/payout-account",
    summary="Set where I am paid",
    responses=problem_responses(
        InvalidToken, RoleRequired, PayoutMethodUnavailable, PaymentProviderError
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
    """Bank details (manual payouts) or a Stripe Express account with its onboarding link."""
    bank = (
        BankDetails(body.bank_code, body.account_number, body.account_holder_name)
        if isinstance(body, BankPayoutSetup)
        else None
    )
    view = await payout_accounts.set_payout_account(
        session, principal=principal, method=PayoutMethod(body.method), bank=bank
    )
    return _account_read(view.account, view.onboarding_url)


@router.get(
    "/v1/creatives/me/payout-account",
    summary="Where I am paid",
    responses=problem_responses(InvalidToken, RoleRequired, PayoutAccountNotFound),
)
async def get_my_payout_account(principal: CreativeUser, session: SessionDep) -> PayoutAccountRead:
    """The account number is shown by its last four digits only."""
    account = await payout_accounts.get_payout_account(session, principal=principal)
    return _account_read(account, None)


@router.get(
    "/v1/creatives/me/earnings",
    summary="My earnings",
    responses=problem_responses(InvalidToken, RoleRequired),
)
async def get_my_earnings(principal: CreativeUser, session: SessionDep) -> EarningsRead:
    """Held in escrow, available, being paid out and paid out, after fee and PPN."""
    earnings = await payout_accounts.creative_earnings(session, principal=principal)
    return EarningsRead(
        held_idr=earnings.held_idr,
        available_idr=earnings.available_idr,
        in_transit_idr=earnings.in_transit_idr,
        paid_out_idr=earnings.paid_out_idr,
        payout_mode=get_settings().payout_mode.value,
    )


@router.get(
    "/v1/creatives/me/payouts",
    summary="My payouts",
    responses=problem_responses(InvalidToken, RoleRequired, InvalidCursor),
)
async def list_my_payouts(
    principal: CreativeUser, session: SessionDep, page: PageParamsDep
) -> Page[PayoutRead]:
    """Newest first."""
    rows, next_cursor = await payout_accounts.list_payouts(session, principal=principal, page=page)
    return Page(data=[PayoutRead.model_validate(p) for p in rows], next_cursor=next_cursor)
