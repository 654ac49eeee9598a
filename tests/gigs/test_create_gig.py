"""POST /v1/gigs: who may post, and every rule a new gig must pass."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.config import get_settings
from app.models import Event, Gig
from tests.gigs.conftest import MakeBusiness, MakeUser
from tests.gigs.factories import gig_body, in_days
from tests.helpers import Actor, assert_problem


async def test_open_gig_is_published_with_an_event(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor, business_id: uuid.UUID
) -> None:
    response = await client.post("/v1/gigs", headers=owner.headers, json=gig_body(business_id))
    assert response.status_code == 201, response.text
    gig = response.json()
    assert gig["status"] == "open"
    assert gig["published_at"] is not None
    assert gig["budget_min_idr"] == 750_000 and gig["budget_max_idr"] == 1_500_000
    assert gig["work_mode"] == "hybrid"
    assert gig["region"] == {"code": "35.78", "name": "Kota Surabaya"}
    event = await session.scalar(select(Event).where(Event.subject_id == uuid.UUID(gig["id"])))
    assert event is not None and event.type == "gig.published"
    assert event.audience_user_ids == [owner.id]
    assert event.payload["budget_max_idr"] == 1_500_000


async def test_status_defaults_to_open(
    client: httpx.AsyncClient, owner: Actor, business_id: uuid.UUID
) -> None:
    body = gig_body(business_id)
    del body["status"]
    response = await client.post("/v1/gigs", headers=owner.headers, json=body)
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "open"


async def test_draft_records_no_event_and_has_no_published_at(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor, business_id: uuid.UUID
) -> None:
    response = await client.post(
        "/v1/gigs", headers=owner.headers, json=gig_body(business_id, status="draft")
    )
    assert response.status_code == 201, response.text
    assert response.json()["published_at"] is None
    gig_id = uuid.UUID(response.json()["id"])
    assert await session.scalar(select(Event).where(Event.subject_id == gig_id)) is None


async def test_owner_id_is_taken_from_the_business(
    client: httpx.AsyncClient, session: AsyncSession, owner: Actor, business_id: uuid.UUID
) -> None:
    response = await client.post("/v1/gigs", headers=owner.headers, json=gig_body(business_id))
    gig = await session.get(Gig, uuid.UUID(response.json()["id"]))
    assert gig is not None and gig.owner_id == owner.id and gig.business_id == business_id


async def test_remote_gig_needs_no_region_and_may_have_no_skills(
    client: httpx.AsyncClient, owner: Actor, business_id: uuid.UUID
) -> None:
    body = gig_body(business_id, work_mode="remote", skills=[])
    del body["region_code"]
    response = await client.post("/v1/gigs", headers=owner.headers, json=body)
    assert response.status_code == 201, response.text
    assert response.json()["region"] is None
    assert response.json()["skills"] == []


async def test_province_region_is_accepted(
    client: httpx.AsyncClient, owner: Actor, business_id: uuid.UUID
) -> None:
    response = await client.post(
        "/v1/gigs", headers=owner.headers, json=gig_body(business_id, region_code="35")
    )
    assert response.status_code == 201, response.text
    assert response.json()["region"] == {"code": "35", "name": "Jawa Timur"}


async def test_budget_bounds_come_from_settings(
    client: httpx.AsyncClient, owner: Actor, business_id: uuid.UUID
) -> None:
    settings = get_settings()
    edges = gig_body(
        business_id,
        budget_min_idr=settings.min_gig_budget_idr,
        budget_max_idr=settings.max_gig_budget_idr,
    )
    response = await client.post("/v1/gigs", headers=owner.headers, json=edges)
    assert response.status_code == 201, response.text


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"budget_min_idr": 2_000_000, "budget_max_idr": 1_000_000}, "budget_range_invalid"),
        ({"budget_min_idr": 9_999}, "budget_out_of_bounds"),
        ({"budget_max_idr": 1_000_000_001}, "budget_out_of_bounds"),
        ({"work_mode": "onsite", "region_code": None}, "region_required"),
        ({"work_mode": "hybrid", "region_code": None}, "region_required"),
        ({"region_code": "99.99"}, "unknown_region"),
        ({"category": "tukang-cukur"}, "unknown_category"),
        ({"skills": ["pouch-design", "menjahit-kebaya"]}, "unknown_skill"),
    ],
)
async def test_business_rules_give_422_with_a_code(
    client: httpx.AsyncClient,
    owner: Actor,
    business_id: uuid.UUID,
    overrides: dict[str, Any],
    code: str,
) -> None:
    response = await client.post(
        "/v1/gigs", headers=owner.headers, json=gig_body(business_id, **overrides)
    )
    assert_problem(response, 422, code)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"budget_min_idr": 0}, "budget_min_idr"),
        ({"budget_min_idr": -5_000}, "budget_min_idr"),
        ({"budget_max_idr": 2**70}, "budget_max_idr"),
        ({"budget_max_idr": "banyak"}, "budget_max_idr"),
        ({"deadline": in_days(0)}, "deadline"),
        ({"deadline": in_days(-3)}, "deadline"),
        ({"deadline": in_days(2 * 366 + 1)}, "deadline"),
        ({"deadline": "99999-01-01"}, "deadline"),
        ({"deadline": "2027-02-30"}, "deadline"),
        ({"deadline": "0001-01-01"}, "deadline"),
        ({"title": "Desain\x00kemasan"}, "title"),
        ({"title": "ab"}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"description": "terlalu pendek"}, "description"),
        ({"description": "Kemasan " * 700}, "description"),
        ({"category": "Desain Kemasan"}, "category"),
        ({"skills": [f"skill-{i}" for i in range(16)]}, "skills"),
        ({"skills": ["pouch\x00design"]}, "skills.0"),
        ({"region_code": "35.7x"}, "region_code"),
        ({"work_mode": "mudik"}, "work_mode"),
        ({"status": "in_progress"}, "status"),
        ({"business_id": "bukan-uuid"}, "business_id"),
        ({"owner_id": str(uuid.uuid4())}, "owner_id"),
    ],
)
async def test_malformed_input_is_a_validation_error(
    client: httpx.AsyncClient,
    owner: Actor,
    business_id: uuid.UUID,
    overrides: dict[str, Any],
    field: str,
) -> None:
    response = await client.post(
        "/v1/gigs", headers=owner.headers, json=gig_body(business_id, **overrides)
    )
    problem = assert_problem(response, 422, "validation_error")
    assert any(e["loc"].startswith(f"body.{field}") for e in problem["errors"]), problem


async def test_last_allowed_deadline_is_two_years_ahead(
    client: httpx.AsyncClient, owner: Actor, business_id: uuid.UUID
) -> None:
    response = await client.post(
        "/v1/gigs", headers=owner.headers, json=gig_body(business_id, deadline=in_days(730))
    )
    assert response.status_code == 201, response.text


async def test_anonymous_cannot_post(client: httpx.AsyncClient, business_id: uuid.UUID) -> None:
    assert_problem(await client.post("/v1/gigs", json=gig_body(business_id)), 401)


async def test_creative_cannot_post(
    client: httpx.AsyncClient, make_user: MakeUser, business_id: uuid.UUID
) -> None:
    creative = await make_user("creative")
    response = await client.post("/v1/gigs", headers=creative.headers, json=gig_body(business_id))
    assert_problem(response, 403, "role_required")


async def test_owner_cannot_post_for_someone_elses_business(
    client: httpx.AsyncClient, make_user: MakeUser, business_id: uuid.UUID
) -> None:
    stranger = await make_user("owner")
    response = await client.post("/v1/gigs", headers=stranger.headers, json=gig_body(business_id))
    assert_problem(response, 403, "not_business_owner")


async def test_unknown_business_is_404(client: httpx.AsyncClient, owner: Actor) -> None:
    response = await client.post("/v1/gigs", headers=owner.headers, json=gig_body(uuid.uuid4()))
    assert_problem(response, 404, "business_not_found")


async def test_business_in_another_region_posts_a_gig_there(
    client: httpx.AsyncClient, owner: Actor, make_business: MakeBusiness
) -> None:
    cimahi = await make_business(owner, name="Seblak Teh Euis", region="32.77")
    response = await client.post(
        "/v1/gigs", headers=owner.headers, json=gig_body(cimahi, region_code="32.77")
    )
    assert response.status_code == 201, response.text
    assert response.json()["business"]["region"]["name"] == "Kota Cimahi"
