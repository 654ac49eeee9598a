"""Builders for matching and invitation tests on top of tests/factories.py (creatives,
accounts, gigs): a creative's contracts with milestones, for the load and reliability signals."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.models import (
    Contract,
    ContractStatus,
    GigStatus,
    Milestone,
    MilestoneStatus,
)
from tests.factories import (
    Creative,
    make_gig,
    make_user,
    sign_contract,
)


async def make_contract(
    session: AsyncSession,
    creative: Creative,
    *,
    status: ContractStatus = ContractStatus.active,
    milestones: Sequence[tuple[date, datetime | None]] = (),
    **gig_fields: Any,
) -> Contract:
    """A contract of the creative on a fresh gig, with milestones (due date, submitted at)."""
    owner = await make_user(session, "owner")
    gig = await make_gig(session, owner, status=GigStatus.in_progress, skills=(), **gig_fields)
    contract = await sign_contract(
        session,
        gig,
        creative.profile,
        price_idr=1_000_000,
        cover_letter="Saya siap mengerjakan kemasan ini dengan rapi dan tepat waktu.",
        status=status,
    )
    for position, (due, submitted) in enumerate(milestones):
        session.add(
            Milestone(
                contract_id=contract.id,
                position=position,
                title=f"Tahap {position + 1}",
                amount_idr=500_000,
                due_date=due,
                status=MilestoneStatus.submitted if submitted else MilestoneStatus.funded,
                submitted_at=submitted,
            )
        )
    await session.flush()
    return contract
