"""Where a creative is paid (Stripe Express account or bank details) and what they earned."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from app.core.errors import Conflict, NotFound, Unprocessable
from app.core.pagination import Page, PageParams, apply_keyset, paginate
from app.core.principal import Principal
from app.models import (
    Contract,
    Milestone,
    Payment,
    PaymentStatus,
    Payout,
    PayoutAccount,
    PayoutMethod,
    PayoutStatus,
)
from app.reference.payout_channels import is_payout_bank, is_payout_ewallet
from app.schemas.payouts import (
    BankPayoutSetup,
    EarningsRead,
    PayoutAccountRead,
    PayoutRead,
    StripePayoutSetup,
    XenditPayoutSetup,
)
from app.services.escrow.payouts import lock_payable, reserved_for_payouts
from app.services.fees import split_release
from app.services.ledger import HELD_STATUSES, account_balance, creative_payable_account
from app.services.payments.gateway import AccountUpdated, payment_gateway
from app.services.payments.states import PAYOUT_TRANSITIONS


class PayoutMethodUnavailable(Conflict):
    code, title = (
        "payout_method_unavailable",
        "This deployment does not pay creatives this way",
    )


class PayoutAccountNotFound(NotFound):
    code, title = "payout_account_not_found", "No payout account set up yet"


class PayoutChannelUnsupported(Unprocessable):
    code, title = (
        "payout_channel_unsupported",
        "Xendit cannot pay to this bank or e-wallet code",
    )


@dataclass(frozen=True)
class BankDetails:
    bank_code: str
    account_number: str
    account_holder_name: str
    is_ewallet: bool = False


def _bank_details(
    data: StripePayoutSetup | BankPayoutSetup | XenditPayoutSetup,
) -> BankDetails | None:
    if isinstance(data, BankPayoutSetup):
        return BankDetails(data.bank_code, data.account_number, data.account_holder_name)
    if isinstance(data, XenditPayoutSetup):
        return BankDetails(
            data.channel,
            data.account_number,
            data.account_holder_name,
            is_ewallet=data.destination == "ewallet",
        )
    return None


async def _locked_account(session: AsyncSession, user_id: uuid.UUID) -> PayoutAccount | None:
    account: PayoutAccount | None = await session.scalar(
        select(PayoutAccount)
        .where(PayoutAccount.user_id == user_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return account


async def set_payout_account(
    session: AsyncSession,
    *,
    principal: Principal,
    data: StripePayoutSetup | BankPayoutSetup | XenditPayoutSetup,
) -> PayoutAccountRead:
    """A creative sets where they are paid: bank details (manual mode), a bank account or
    e-wallet from Xendit's channel list (xendit mode), or a Stripe Express account, created
    on first use and finished through the returned onboarding link."""
    method = PayoutMethod(data.method)
    bank = _bank_details(data)
    if method.value != get_settings().payout_mode.value:
        raise PayoutMethodUnavailable(
            f"Payouts here are {get_settings().payout_mode.value}",
            payout_mode=get_settings().payout_mode.value,
        )
    if method is PayoutMethod.xendit and bank is not None:
        known = is_payout_ewallet if bank.is_ewallet else is_payout_bank
        if not known(bank.bank_code):
            raise PayoutChannelUnsupported(f"{bank.bank_code} is not a Xendit payout channel")
    account = await _locked_account(session, principal.id)
    if account is None:
        account = PayoutAccount(user_id=principal.id, method=method, payouts_enabled=False)
        session.add(account)
    account.method = method
    if bank is not None:
        account.bank_code = bank.bank_code
        account.bank_account_number = bank.account_number
        account.account_holder_name = bank.account_holder_name
        account.is_ewallet = bank.is_ewallet
        account.payouts_enabled = True
        if method is PayoutMethod.xendit:
            await activate_waiting_payouts(session, principal.id)
            await resend_failed_payouts(session, principal.id)
        await session.flush()
        return PayoutAccountRead.from_row(account, None)
    # Phases: the row is committed first; the account is created at Stripe with the key
    # `account-<user id>`, so a retry after a crash finds the same account.
    await session.flush()
    await session.commit()
    onboarding = await payment_gateway().onboard_payout_account(
        user_id=principal.id, email=principal.user.email, account_id=account.stripe_account_id
    )
    account = await _locked_account(session, principal.id)
    assert account is not None
    account.stripe_account_id = account.stripe_account_id or onboarding.account_id
    if onboarding.payouts_enabled and not account.payouts_enabled:
        account.payouts_enabled = True
        await activate_waiting_payouts(session, principal.id)
    await session.flush()
    return PayoutAccountRead.from_row(account, onboarding.onboarding_url)


async def get_payout_account(session: AsyncSession, *, principal: Principal) -> PayoutAccountRead:
    account = await session.scalar(
        select(PayoutAccount).where(PayoutAccount.user_id == principal.id)
    )
    if account is None:
        raise PayoutAccountNotFound()
    return PayoutAccountRead.from_row(account, None)


async def activate_waiting_payouts(session: AsyncSession, user_id: uuid.UUID) -> int:
    """The creative can receive now: their waiting payouts become due for the worker."""
    result = await session.execute(
        update(Payout)
        .where(
            Payout.creative_user_id == user_id,
            Payout.status.in_(PAYOUT_TRANSITIONS.sources(PayoutStatus.created)),
        )
        .values(status=PayoutStatus.created, next_attempt_at=datetime.now(UTC))
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def resend_failed_payouts(session: AsyncSession, user_id: uuid.UUID) -> int:
    """The creative fixed their account: each Xendit payout that failed (its money back in
    the available balance) is sent again as a new payout with its own idempotency key, once,
    oldest first, as far as the available balance still covers it (an admin may have paid
    some by hand meanwhile). The worker sends them."""
    await lock_payable(session, user_id)
    failed = (
        await session.scalars(
            select(Payout)
            .where(
                Payout.creative_user_id == user_id,
                Payout.method == PayoutMethod.xendit,
                Payout.status == PayoutStatus.failed,
                Payout.id.not_in(
                    select(Payout.retry_of_payout_id).where(Payout.retry_of_payout_id.is_not(None))
                ),
            )
            .order_by(Payout.created_at, Payout.id)
        )
    ).all()
    available = await account_balance(
        session, creative_payable_account(user_id)
    ) - await reserved_for_payouts(session, user_id)
    sent = 0
    for old in failed:
        if old.amount_idr > available:
            break
        session.add(
            Payout(
                creative_user_id=user_id,
                milestone_id=old.milestone_id,
                payment_id=old.payment_id,
                amount_idr=old.amount_idr,
                method=PayoutMethod.xendit,
                status=PayoutStatus.created,
                next_attempt_at=datetime.now(UTC),
                attempts=0,
                retry_of_payout_id=old.id,
            )
        )
        available -= old.amount_idr
        sent += 1
    await session.flush()
    return sent


async def record_account_updated(session: AsyncSession, event: AccountUpdated) -> None:
    """Stripe says whether a connected account can receive payouts now."""
    account = await session.scalar(
        select(PayoutAccount)
        .where(PayoutAccount.stripe_account_id == event.account_id)
        .with_for_update()
    )
    if account is None or account.payouts_enabled == event.payouts_enabled:
        return
    account.payouts_enabled = event.payouts_enabled
    if event.payouts_enabled:
        await activate_waiting_payouts(session, account.user_id)
    await session.flush()


async def creative_earnings(session: AsyncSession, *, principal: Principal) -> EarningsRead:
    """Held in escrow (the creative's share, after fee and PPN), available to pay out, being
    paid out, and paid out."""
    held_rows = await session.execute(
        select(Milestone.amount_idr, Payment.fee_bps, Payment.ppn_bps)
        .join(Contract, Contract.id == Milestone.contract_id)
        .join(
            Payment,
            (Payment.milestone_id == Milestone.id) & (Payment.status == PaymentStatus.succeeded),
        )
        .where(
            Contract.creative_user_id == principal.id,
            Milestone.status.in_(list(HELD_STATUSES)),
        )
    )
    held = sum(
        split_release(amount, fee_bps=fee, ppn_bps=ppn).creative_share_idr
        for amount, fee, ppn in held_rows.all()
    )
    balance = await account_balance(session, creative_payable_account(principal.id))
    in_transit = await session.scalar(
        select(func.coalesce(func.sum(Payout.amount_idr), 0)).where(
            Payout.creative_user_id == principal.id, Payout.status == PayoutStatus.created
        )
    )
    paid = await session.scalar(
        select(func.coalesce(func.sum(Payout.amount_idr), 0)).where(
            Payout.creative_user_id == principal.id, Payout.status == PayoutStatus.paid
        )
    )
    # Payouts waiting for an account stay "available": nothing has left yet.
    return EarningsRead(
        held_idr=held,
        available_idr=balance - int(in_transit or 0),
        in_transit_idr=int(in_transit or 0),
        paid_out_idr=int(paid or 0),
        payout_mode=get_settings().payout_mode.value,
    )


async def list_payouts(
    session: AsyncSession, *, principal: Principal, page: PageParams
) -> Page[PayoutRead]:
    stmt = apply_keyset(
        select(Payout).where(Payout.creative_user_id == principal.id),
        [Payout.created_at.expression, Payout.id.expression],
        page,
    )
    rows = list((await session.scalars(stmt)).all())
    return paginate(
        rows, page.limit, key=lambda p: (p.created_at, str(p.id)), read=PayoutRead.model_validate
    )
