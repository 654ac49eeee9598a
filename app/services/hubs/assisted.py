"""Assisted businesses (UMKM binaan): a facilitator registers a new owner with her business,
or an existing owner registers her business with a hub herself.

A registered owner's account waits for her claim (`claim_pending`, no usable password): she
receives a code by mail, or from the facilitator when she has no address, and sets her own
password. Until then the facilitator's drafts-only delegation lets her prepare gigs but never
publish (app/core/acting.py, app/core/principal.py `require_verified_email`).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import Conflict, NotFound, Unprocessable
from app.core.pagination import Page, PageParams, apply_keyset, paginate_rows
from app.core.principal import Principal, require_role
from app.core.security import hash_password_off_loop
from app.models import Business, Hub, HubBusiness, HubStaffRole, User, UserRole
from app.schemas.auth import UserRead
from app.schemas.hubs import (
    AccountClaim,
    AssistedBusinessCreate,
    AssistedBusinessJoin,
    AssistedBusinessRead,
)
from app.services.accounts import EmailTaken
from app.services.businesses import get_business
from app.services.email_verification import send_verification
from app.services.hubs import links
from app.services.hubs.access import HubNotFound, require_hub_staff
from app.services.hubs.delegations import (
    PLACEHOLDER_DOMAIN,
    grant_assisted_delegation,
    is_mailable,
)
from app.services.mail import enqueue_email
from app.services.password_policy import ensure_strong_password
from app.services.reference import ensure_region_exists

# Not an argon2 hash, so no password ever matches it (app/core/security.py verify_password).
UNUSABLE_PASSWORD = "!claim-pending"


class OwnerAccountExists(Conflict):
    code, title = (
        "owner_account_exists",
        "This address already has an account: the owner registers her business with the hub "
        "herself (POST /v1/hubs/{hub_id}/assisted-businesses/join)",
    )


class AlreadyAssisted(Conflict):
    code, title = "already_assisted", "The business is already assisted by this hub"


class AssistedBusinessNotFound(NotFound):
    code, title = "assisted_business_not_found", "No such business of yours"


class AccountAlreadyClaimed(Conflict):
    code, title = "account_already_claimed", "This account was already claimed"


class ClaimEmailRequired(Unprocessable):
    code, title = (
        "claim_email_required",
        "The account was registered without an address: send `email` with the claim",
    )


async def register_assisted_business(
    session: AsyncSession, principal: Principal, hub_id: uuid.UUID, data: AssistedBusinessCreate
) -> AssistedBusinessRead:
    """A facilitator registers a new owner and her business; the owner is invited to claim
    the account, and the facilitator holds a drafts-only delegation meanwhile."""
    hub = await require_hub_staff(
        session, principal, hub_id, HubStaffRole.facilitator, HubStaffRole.hub_admin
    )
    await ensure_region_exists(session, data.region_code)
    email = data.owner_email.lower() if data.owner_email else None
    if email is not None and await session.scalar(select(User.id).where(User.email == email)):
        raise OwnerAccountExists()
    user_id = uuid.uuid4()
    owner = User(
        id=user_id,
        email=email or f"{user_id.hex}{PLACEHOLDER_DOMAIN}",
        password_hash=UNUSABLE_PASSWORD,
        full_name=data.owner_full_name,
        role=UserRole.owner,
        phone=data.owner_phone,
        claim_pending=True,
    )
    session.add(owner)
    await session.flush()
    business = Business(
        owner_id=owner.id,
        name=data.business_name,
        sector=data.sector,
        scale=data.scale,
        region_code=data.region_code,
        description=data.description,
    )
    session.add(business)
    await session.flush()
    session.add(
        HubBusiness(hub_id=hub.id, business_id=business.id, facilitator_user_id=principal.id)
    )
    delegation = await grant_assisted_delegation(
        session, hub=hub, facilitator_user_id=principal.id, owner_user_id=owner.id
    )
    token = links.sign(links.CLAIM_PREFIX, owner.id, links.CLAIM_SECONDS)
    if email is not None:
        await enqueue_email(
            session,
            to_user=owner,
            template="account_claim",
            context={
                "name": owner.full_name,
                "facilitator_name": principal.user.full_name,
                "hub_name": hub.name,
                "business_name": business.name,
                "token": token,
            },
            dedupe_key=f"account_claim:{owner.id}",
        )
    return AssistedBusinessRead(
        hub_id=hub.id,
        business=await get_business(session, business.id),
        owner_user_id=owner.id,
        facilitator_user_id=principal.id,
        claim_pending=True,
        delegation_id=delegation.id,
        # Mailed when there is an address; only then does the facilitator never see it.
        claim_token=None if email is not None else token,
    )


async def join_as_assisted(
    session: AsyncSession, principal: Principal, hub_id: uuid.UUID, data: AssistedBusinessJoin
) -> AssistedBusinessRead:
    """An owner registers one of her own businesses as assisted by a hub (her consent)."""
    require_role(principal, UserRole.owner)
    hub = await session.get(Hub, hub_id)
    if hub is None:
        raise HubNotFound()
    business = await session.get(Business, data.business_id)
    if business is None or business.owner_id != principal.id:
        raise AssistedBusinessNotFound()
    taken = await session.scalar(
        select(HubBusiness.id).where(
            HubBusiness.hub_id == hub.id, HubBusiness.business_id == business.id
        )
    )
    if taken is not None:
        raise AlreadyAssisted()
    session.add(HubBusiness(hub_id=hub.id, business_id=business.id))
    await session.flush()
    return AssistedBusinessRead(
        hub_id=hub.id,
        business=await get_business(session, business.id),
        owner_user_id=principal.id,
        facilitator_user_id=None,
        claim_pending=principal.user.claim_pending,
    )


async def list_assisted_businesses(
    session: AsyncSession, principal: Principal, hub_id: uuid.UUID, page: PageParams
) -> Page[AssistedBusinessRead]:
    """The hub's staff see its assisted businesses, newest first."""
    await require_hub_staff(session, principal, hub_id)
    stmt = (
        select(HubBusiness, Business, User)
        .join(Business, Business.id == HubBusiness.business_id)
        .join(User, User.id == Business.owner_id)
        .where(HubBusiness.hub_id == hub_id)
    )
    stmt = apply_keyset(stmt, [HubBusiness.created_at.expression, HubBusiness.id.expression], page)
    rows = list((await session.execute(stmt)).tuples().all())
    shown, next_cursor = paginate_rows(
        rows, page.limit, lambda row: (row[0].created_at, str(row[0].id))
    )
    return Page(
        data=[
            AssistedBusinessRead(
                hub_id=hub_id,
                business=await get_business(session, business.id),
                owner_user_id=owner.id,
                facilitator_user_id=link.facilitator_user_id,
                claim_pending=owner.claim_pending,
            )
            for link, business, owner in shown
        ],
        next_cursor=next_cursor,
    )


async def claim_account(session: AsyncSession, data: AccountClaim) -> UserRead:
    """The owner a hub registered sets her password (and her address, if she had none)."""
    user_id = links.verify(links.CLAIM_PREFIX, data.token)
    user = await session.get(User, user_id, with_for_update=True)
    if user is None or not user.is_active:
        raise links.HubLinkInvalid()
    if not user.claim_pending:
        raise AccountAlreadyClaimed()
    mailed = is_mailable(user)
    if not mailed:
        if data.email is None:
            raise ClaimEmailRequired()
        email = data.email.lower()
        if await session.scalar(select(User.id).where(User.email == email)):
            raise EmailTaken()
        user.email = email
    await ensure_strong_password(data.password, email=user.email, full_name=user.full_name)
    user.password_hash = await hash_password_off_loop(data.password)
    user.claim_pending = False
    if mailed:
        # The code arrived by mail, so the address is proven.
        user.email_verified_at = datetime.now(UTC)
    await session.flush()
    if not mailed:
        await send_verification(session, user)
    await session.refresh(user)
    return UserRead.model_validate(user)
