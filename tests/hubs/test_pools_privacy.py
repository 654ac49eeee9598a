"""A creative's pool memberships and training records are in their data export and go with
their erasure."""

from __future__ import annotations

from datetime import date

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import TalentPoolMember, TrainingRecord
from tests.factories import make_creative
from tests.helpers import PASSWORD, signup
from tests.hubs.pool_factories import make_hub, make_pool


async def test_export_shows_and_erasure_removes_hub_data(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    account = await signup(client, "creative", name="Dimas Prasetyo")
    creative = await make_creative(session, account=account)
    hub = await make_hub(session, "CAK eMus")
    pool = await make_pool(session, hub, "Desainer kemasan", members=[creative.profile_id])
    session.add(
        TrainingRecord(
            hub_id=hub.id,
            creative_id=creative.profile_id,
            title="Pelatihan desain kemasan",
            days=3,
            completed_on=date(2026, 10, 17),
        )
    )
    await session.flush()

    export = await client.get("/v1/me/export", headers=account.headers)
    assert export.status_code == 200, export.text
    profile = export.json()["creative_profile"]
    assert [(p["pool_id"], p["hub_name"]) for p in profile["talent_pools"]] == [
        (str(pool.id), "CAK eMus")
    ]
    assert [t["title"] for t in profile["training"]] == ["Pelatihan desain kemasan"]

    erased = await client.request(
        "DELETE", "/v1/me", json={"password": PASSWORD}, headers=account.headers
    )
    assert erased.status_code == 200, erased.text
    for model in (TalentPoolMember, TrainingRecord):
        left = await session.scalar(
            select(func.count()).select_from(model).where(model.creative_id == creative.profile_id)
        )
        assert left == 0
