"""Property: whatever the parties, the worker and the admins do, in any order, with any
amounts and fee rates, the ledger balances and matches every milestone, and nothing fails
with a 5xx."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import httpx
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from app.models import Milestone
from app.services.escrow.auto_release import release_overdue_milestones
from app.services.ledger import ledger_health
from tests.escrow.factories import act, idem, submit
from tests.escrow.ledger_checks import assert_ledger_consistent
from tests.factories import Deal, make_deal
from tests.helpers import Actor

Operation = tuple[str, int, bool, int]

# Each milestone follows one of these stories (with random parties and splits); the two
# milestones' stories are interleaved and sprinkled with random, often forbidden, moves.
STORIES: list[list[str]] = [
    ["fund", "submit", "approve"],
    ["fund", "submit", "request-changes", "submit", "approve"],
    ["fund-declined", "fund", "submit", "auto-release"],
    ["fund", "cancel"],
    ["fund", "submit", "cancel"],
    ["fund", "submit", "dispute", "resolve"],
    ["fund", "dispute", "resolve"],
    ["fund", "submit", "dispute", "withdraw", "approve"],
    ["cancel"],
]
NOISE = st.sampled_from(
    ["fund", "submit", "approve", "cancel", "dispute", "withdraw", "resolve", "auto-release"]
)


@st.composite
def operations(draw: st.DrawFn) -> list[Operation]:
    def step(name: str, index: int) -> Operation:
        return (name, index, draw(st.booleans()), draw(st.integers(min_value=0, max_value=100)))

    queues = [[step(name, i) for name in draw(st.sampled_from(STORIES))] for i in (0, 1)]
    result: list[Operation] = []
    while queues[0] or queues[1]:
        pick = draw(st.sampled_from([i for i in (0, 1) if queues[i]]))
        result.append(queues[pick].pop(0))
        if draw(st.integers(min_value=0, max_value=4)) == 0:
            result.append(step(draw(NOISE), draw(st.integers(min_value=0, max_value=1))))
        if draw(st.integers(min_value=0, max_value=5)) == 0:
            result.append(step("payout", 0))
    return result


FEE_PERCENT = st.sampled_from([Decimal("0"), Decimal("7.5"), Decimal("10"), Decimal("12.34")])


class Story:
    """One deal and the disputes opened on it."""

    def __init__(self, client: httpx.AsyncClient, session: AsyncSession, deal: Deal, admin: Actor):
        self.client, self.session, self.deal, self.admin = client, session, deal, admin
        self.disputes: dict[int, tuple[str, Actor]] = {}

    async def run(self, operation: Operation) -> httpx.Response | None:
        name, index, by_owner, percent = operation
        args = (index, by_owner) if name != "resolve" else (index, percent)
        deal, client = self.deal, self.client
        if name == "payout":
            return await self._payout(percent)
        milestone_id = deal.milestone_ids[index]
        if name in ("fund", "fund-declined"):
            response = await act(client, deal.owner, milestone_id, "fund")
            if response.status_code != 201:
                return response
            outcome = "succeed" if name == "fund" else "fail"
            return await client.post(
                f"/v1/sandbox/payments/{response.json()['payment_id']}/{outcome}",
                headers=deal.owner.headers,
            )
        if name == "submit":
            return await submit(client, deal, milestone_id)
        if name in ("request-changes", "approve"):
            return await act(client, deal.owner, milestone_id, name)
        if name in ("cancel", "dispute"):
            actor = deal.owner if args[1] else deal.creative
            response = await act(client, actor, milestone_id, name)
            if name == "dispute" and response.status_code == 201:
                self.disputes[args[0]] = (response.json()["id"], actor)
            return response
        if name == "withdraw":
            if args[0] not in self.disputes:
                return None
            dispute_id, opener = self.disputes[args[0]]
            actor = opener if args[1] else (deal.creative if opener is deal.owner else deal.owner)
            return await client.post(f"/v1/disputes/{dispute_id}/withdraw", headers=idem(actor))
        if name == "resolve":
            return await self._resolve(args[0], args[1])
        await self.session.execute(
            update(Milestone)
            .where(Milestone.id == milestone_id)
            .values(auto_release_at=datetime.now(UTC) - timedelta(seconds=1))
        )
        await release_overdue_milestones(self.session)
        return None

    async def _resolve(self, index: int, release_percent: int) -> httpx.Response | None:
        if index not in self.disputes:
            return None
        milestone = await self.session.get_one(
            Milestone, self.deal.milestone_ids[index], populate_existing=True
        )
        release = milestone.amount_idr * release_percent // 100
        return await self.client.post(
            f"/v1/disputes/{self.disputes[index][0]}/resolve",
            json={
                "release_idr": release,
                "refund_idr": milestone.amount_idr - release,
                "note": "Keputusan admin.",
            },
            headers=idem(self.admin),
        )

    async def _payout(self, percent: int) -> httpx.Response | None:
        earnings = await self.client.get(
            "/v1/creatives/me/earnings", headers=self.deal.creative.headers
        )
        amount = earnings.json()["available_idr"] * percent // 100
        if amount < 1:
            return None
        return await self.client.post(
            "/v1/admin/payouts",
            json={
                "creative_user_id": str(self.deal.creative.id),
                "amount_idr": amount,
                "reference": f"BIFAST-{uuid.uuid4().hex[:12]}",
            },
            headers=idem(self.admin),
        )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    amounts=st.lists(st.integers(min_value=1, max_value=5_000_000), min_size=2, max_size=2),
    fee_percent=FEE_PERCENT,
    operations=operations(),
)
async def test_random_operations_keep_the_ledger_balanced(
    client: httpx.AsyncClient,
    session: AsyncSession,
    admin: Actor,
    amounts: list[int],
    fee_percent: Decimal,
    operations: list[Operation],
) -> None:
    os.environ["PLATFORM_FEE_PERCENT"] = str(fee_percent)
    get_settings.cache_clear()
    try:
        story = Story(client, session, await make_deal(session, tuple(amounts)), admin)
        for operation in operations:
            response = await story.run(operation)
            if response is not None:
                assert response.status_code < 500, (operation, response.text)
                event(f"{operation[0]} -> {response.status_code}")
            await assert_ledger_consistent(session)
        health = await ledger_health(session)
        assert health.consistent, health
    finally:
        os.environ.pop("PLATFORM_FEE_PERCENT", None)
        get_settings.cache_clear()
