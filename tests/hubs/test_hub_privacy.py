"""A person's hub data is in her export, and erasure removes or pseudonymises it."""

from __future__ import annotations

from datetime import date

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import (
    Delegation,
    DelegationStatus,
    HubBusiness,
    HubCreative,
    HubCreativeStatus,
    HubStaff,
    HubStaffStatus,
    TalentPool,
    TalentPoolMember,
    TrainingRecord,
)
from tests.factories import make_business, make_creative, make_user
from tests.helpers import PASSWORD, signup
from tests.hubs.factories import make_delegation, make_hub, make_staff


async def test_a_creative_facilitator_exports_then_erases_her_hub_data(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    rina = await signup(client, "creative", name="Rina Pendamping")
    profile = (await make_creative(session, account=rina)).profile_id
    hub = await make_hub(session, "CAK eMus Surabaya")
    await make_staff(session, hub, rina)
    owner = await make_user(session, "owner", "Sri Wahyuni")
    business = await make_business(session, owner, name="Batik Tulis Bu Sri")
    session.add(HubBusiness(hub_id=hub.id, business_id=business.id, facilitator_user_id=rina.id))
    delegation = await make_delegation(session, hub, rina, owner)
    session.add(
        HubCreative(
            hub_id=hub.id, creative_id=profile, status=HubCreativeStatus.active, verified_at=None
        )
    )
    pool = TalentPool(hub_id=hub.id, slug="kemasan", name="Desainer kemasan CAK eMus")
    session.add(pool)
    await session.flush()
    session.add(
        TalentPoolMember(
            pool_id=pool.id, creative_id=profile, reviewed_on=date(2026, 10, 1), note="Rapi"
        )
    )
    session.add(
        TrainingRecord(
            hub_id=hub.id,
            creative_id=profile,
            title="Pelatihan desain kemasan",
            days=3,
            completed_on=date(2026, 10, 3),
        )
    )
    await session.flush()
    delegation_id, business_id = delegation.id, business.id

    exported = await client.get("/v1/me/export", headers=rina.headers)
    assert exported.status_code == 200, exported.text
    hubs = exported.json()["hubs"]
    assert [(m["hub_name"], m["role"]) for m in hubs["memberships"]] == [
        ("CAK eMus Surabaya", "facilitator")
    ]
    assert [a["status"] for a in hubs["affiliations"]] == ["active"]
    assert [(b["business_id"], b["your_role"]) for b in hubs["assisted_businesses"]] == [
        (str(business.id), "facilitator")
    ]
    assert [(d["id"], d["your_role"]) for d in hubs["delegations"]] == [
        (str(delegation.id), "facilitator")
    ]
    assert [p["pool_name"] for p in hubs["talent_pools"]] == ["Desainer kemasan CAK eMus"]
    assert [t["title"] for t in hubs["training_records"]] == ["Pelatihan desain kemasan"]
    owners = await client.get("/v1/me/export", headers=owner.headers)
    assert [d["your_role"] for d in owners.json()["hubs"]["delegations"]] == ["owner"]

    erased = await client.request(
        "DELETE", "/v1/me", json={"password": PASSWORD}, headers=rina.headers
    )
    assert erased.status_code == 200, erased.text
    session.expire_all()
    staff = await session.scalar(select(HubStaff).where(HubStaff.user_id == rina.id))
    assert staff is not None and staff.status is HubStaffStatus.removed
    held = await session.get_one(Delegation, delegation_id)
    assert held.status is DelegationStatus.revoked and held.revoked_at is not None
    link = await session.scalar(select(HubBusiness).where(HubBusiness.business_id == business_id))
    assert link is not None and link.facilitator_user_id is None  # the UMKM stays counted
    for model in (HubCreative, TalentPoolMember, TrainingRecord):
        left = await session.scalar(select(model).where(model.creative_id == profile))
        assert left is None, model
