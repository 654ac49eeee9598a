"""PATCH /v1/businesses/{id}: partial updates by the owner only."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.businesses.factories import create_business, random_nib
from tests.helpers import Actor, assert_problem, signup


@pytest.fixture
async def owner(client: httpx.AsyncClient) -> Actor:
    return await signup(client, "owner")


@pytest.fixture
async def business(client: httpx.AsyncClient, owner: Actor) -> dict[str, Any]:
    return await create_business(client, owner)


async def _patch(
    client: httpx.AsyncClient, business: dict[str, Any], actor: Actor | None, body: object
) -> httpx.Response:
    return await client.patch(
        f"/v1/businesses/{business['id']}",
        json=body,
        headers=actor.headers if actor else None,
    )


async def test_only_sent_fields_change(
    client: httpx.AsyncClient, owner: Actor, business: dict[str, Any]
) -> None:
    response = await _patch(client, business, owner, {"name": "Keripik Tempe Sari Rasa"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["name"] == "Keripik Tempe Sari Rasa"
    unchanged = {"sector", "scale", "region_code", "region", "description", "nib", "owner"}
    assert {k: body[k] for k in unchanged} == {k: business[k] for k in unchanged}
    assert body["created_at"] == business["created_at"]


async def test_empty_patch_changes_nothing(
    client: httpx.AsyncClient, owner: Actor, business: dict[str, Any]
) -> None:
    response = await _patch(client, business, owner, {})
    assert response.status_code == 200
    assert response.json()["name"] == business["name"]


async def test_nullable_fields_can_be_cleared(
    client: httpx.AsyncClient, owner: Actor, business: dict[str, Any]
) -> None:
    response = await _patch(client, business, owner, {"nib": None, "description": None})
    assert response.status_code == 200
    assert response.json()["nib"] is None and response.json()["description"] == ""
    # A cleared NIB is free for another business.
    other = await signup(client, "owner")
    await create_business(client, other, nib=business["nib"])


@pytest.mark.parametrize("field", ["name", "sector", "scale", "region_code"])
async def test_required_fields_cannot_be_cleared(
    client: httpx.AsyncClient, owner: Actor, business: dict[str, Any], field: str
) -> None:
    response = await _patch(client, business, owner, {field: None})
    assert_problem(response, 422, "validation_error")


@pytest.mark.parametrize(
    "body",
    [
        {"name": "a\x00b"},
        {"name": "n" * 201},
        {"nib": "123"},
        {"scale": "raksasa"},
        {"region_code": "Jawa"},
        {"description": "d" * 5001},
        {"owner_id": str(uuid.uuid4())},
        {"id": str(uuid.uuid4())},
        [],
        "nama",
    ],
)
async def test_patch_rejects_malformed_input(
    client: httpx.AsyncClient, owner: Actor, business: dict[str, Any], body: object
) -> None:
    assert_problem(await _patch(client, business, owner, body), 422, "validation_error")


async def test_patch_checks_region_and_nib(
    client: httpx.AsyncClient, owner: Actor, business: dict[str, Any]
) -> None:
    response = await _patch(client, business, owner, {"region_code": "99.01"})
    assert_problem(response, 422, "unknown_region")

    taken = await create_business(client, await signup(client, "owner"), nib=random_nib())
    response = await _patch(client, business, owner, {"nib": taken["nib"]})
    assert_problem(response, 409, "nib_taken")

    # Re-sending its own NIB is not a conflict.
    response = await _patch(client, business, owner, {"nib": business["nib"]})
    assert response.status_code == 200


async def test_only_the_owner_may_edit(
    client: httpx.AsyncClient, owner: Actor, business: dict[str, Any]
) -> None:
    other_owner = await signup(client, "owner")
    creative = await signup(client, "creative")
    for stranger in (other_owner, creative):
        response = await _patch(client, business, stranger, {"name": "Diambil Alih"})
        assert_problem(response, 403, "not_business_owner")
    assert_problem(await _patch(client, business, None, {"name": "X"}), 401, "invalid_token")
    unchanged = await client.get(f"/v1/businesses/{business['id']}")
    assert unchanged.json()["name"] == business["name"]


async def test_patch_unknown_business(client: httpx.AsyncClient, owner: Actor) -> None:
    response = await client.patch(
        f"/v1/businesses/{uuid.uuid4()}", json={"name": "X"}, headers=owner.headers
    )
    assert_problem(response, 404, "business_not_found")
