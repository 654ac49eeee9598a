"""A gig body with several mistakes answers ONE 422 listing all of them in `errors[]`:
field errors, rules over several fields, unknown references, path and query alike."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from tests.gigs.factories import gig_body, in_days
from tests.helpers import Actor, assert_problem


def _codes(problem: dict[str, Any]) -> dict[str, str]:
    return {e["loc"]: e["code"] for e in problem["errors"]}


async def test_six_mistakes_in_one_round_trip(
    client: httpx.AsyncClient, owner: Actor, business_id: uuid.UUID
) -> None:
    body = gig_body(
        business_id,
        title="",  # too short
        deadline=in_days(-3),  # in the past
        skills="pouch-design",  # not a list
        budget_min_idr=2_000_000,  # above the maximum below
        budget_max_idr=1_000_000,
        work_mode="onsite",
        region_code=None,  # onsite needs a region
        colour="merah",  # not a field
    )
    response = await client.post("/v1/gigs", headers=owner.headers, json=body)
    problem = assert_problem(response, 422, "validation_error")
    assert _codes(problem) == {
        "body.title": "string_too_short",
        "body.deadline": "value_error",
        "body.skills": "list_type",
        "body.colour": "extra_forbidden",
        "body.budget_max_idr": "budget_range_invalid",
        "body.region_code": "region_required",
    }


async def test_a_rule_over_a_broken_field_stays_silent(
    client: httpx.AsyncClient, owner: Actor, business_id: uuid.UUID
) -> None:
    body = gig_body(business_id, budget_min_idr="banyak", work_mode="onsite", region_code=None)
    response = await client.post("/v1/gigs", headers=owner.headers, json=body)
    problem = assert_problem(response, 422, "validation_error")
    # The budget range cannot be judged without a minimum; the region rule still can.
    assert _codes(problem) == {
        "body.budget_min_idr": "int_type",
        "body.region_code": "region_required",
    }


async def test_one_broken_rule_keeps_its_own_code_and_lists_itself(
    client: httpx.AsyncClient, owner: Actor, business_id: uuid.UUID
) -> None:
    body = gig_body(business_id, budget_min_idr=9_999)
    problem = assert_problem(
        await client.post("/v1/gigs", headers=owner.headers, json=body),
        422,
        "budget_out_of_bounds",
    )
    assert _codes(problem) == {"body.budget_min_idr": "budget_out_of_bounds"}
    assert problem["min_gig_budget_idr"] > 9_999


async def test_every_unknown_reference_together(
    client: httpx.AsyncClient, owner: Actor, business_id: uuid.UUID
) -> None:
    body = gig_body(
        business_id, category="tukang-cukur", skills=["menjahit-kebaya"], region_code="99.99"
    )
    response = await client.post("/v1/gigs", headers=owner.headers, json=body)
    problem = assert_problem(response, 422, "validation_error")
    assert _codes(problem) == {
        "body.category": "unknown_category",
        "body.skills": "unknown_skill",
        "body.region_code": "unknown_region",
    }


async def test_an_edit_reports_its_merged_rules_and_references_together(
    client: httpx.AsyncClient, owner: Actor, business_id: uuid.UUID
) -> None:
    created = await client.post("/v1/gigs", headers=owner.headers, json=gig_body(business_id))
    gig_id = created.json()["id"]
    response = await client.patch(
        f"/v1/gigs/{gig_id}",
        headers=owner.headers,
        json={"budget_min_idr": 1_600_000, "skills": ["menjahit-kebaya"], "region_code": None},
    )
    problem = assert_problem(response, 422, "validation_error")
    assert _codes(problem) == {
        "body.budget_max_idr": "budget_range_invalid",
        "body.region_code": "region_required",
        "body.skills": "unknown_skill",
    }
    unchanged = await client.get(f"/v1/gigs/{gig_id}", headers=owner.headers)
    assert unchanged.json()["budget_min_idr"] == 750_000


async def test_path_query_and_body_errors_come_together(
    client: httpx.AsyncClient, owner: Actor
) -> None:
    response = await client.patch(
        "/v1/gigs/not-a-uuid", headers=owner.headers, json={"budget_min_idr": -1, "title": ""}
    )
    problem = assert_problem(response, 422, "validation_error")
    assert set(_codes(problem)) == {"path.gig_id", "body.budget_min_idr", "body.title"}
    search = await client.get("/v1/gigs?limit=0&budget_min_idr=-5&work_mode=underwater")
    problem = assert_problem(search, 422, "validation_error")
    assert {"query.limit", "query.work_mode"} <= set(_codes(problem))


async def test_several_rules_in_indonesian(
    client: httpx.AsyncClient, owner: Actor, business_id: uuid.UUID
) -> None:
    body = gig_body(business_id, title="", budget_min_idr=2_000_000, budget_max_idr=1_000_000)
    response = await client.post(
        "/v1/gigs", headers=owner.headers | {"Accept-Language": "id"}, json=body
    )
    problem = assert_problem(response, 422, "validation_error")
    messages = {e["loc"]: e["message"] for e in problem["errors"]}
    assert messages["body.budget_max_idr"] == "budget_min_idr tidak boleh melebihi budget_max_idr"
    assert messages["body.title"].startswith("Minimal")
