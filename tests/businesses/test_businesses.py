"""UMKM business profiles: create, read, edit, and who may do what."""

from __future__ import annotations

import uuid

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from app.services.businesses import MAX_BUSINESSES_PER_OWNER
from tests.businesses.factories import business_body, create_business, random_nib
from tests.factories import partner_token
from tests.helpers import assert_problem, signup


async def test_owner_registers_edits_and_lists_a_business(client: httpx.AsyncClient) -> None:
    owner = await signup(client, "owner", name="Darmi Lestari", phone="0812-3456-7890")
    nib = random_nib()
    response = await client.post(
        "/v1/businesses", json=business_body(nib=nib), headers=owner.headers
    )
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["name"] == "Keripik Tempe Bu Darmi"
    assert created["scale"] == "mikro"
    assert created["nib"] == nib
    assert created["region"] == {"code": "35.73", "name": "Kota Malang"}
    assert created["owner"] == {"id": str(owner.id), "name": "Darmi Lestari"}

    # Anyone can read it, and nothing identifies the owner beyond the display name.
    public = await client.get(f"/v1/businesses/{created['id']}")
    assert public.status_code == 200
    assert public.json() == created
    assert owner.email not in public.text and "6281234567890" not in public.text
    assert "email" not in public.text and "phone" not in public.text

    edited = await client.patch(
        f"/v1/businesses/{created['id']}",
        json={"scale": "kecil", "region_code": "35.07", "description": None},
        headers=owner.headers,
    )
    assert edited.status_code == 200, edited.text
    body = edited.json()
    assert body["scale"] == "kecil"
    assert body["region"] == {"code": "35.07", "name": "Kabupaten Malang"}
    assert body["description"] == ""
    assert body["name"] == created["name"] and body["nib"] == nib
    assert body["updated_at"] >= created["updated_at"]

    mine = await client.get("/v1/businesses", params={"mine": "true"}, headers=owner.headers)
    assert [b["id"] for b in mine.json()["data"]] == [created["id"]]


async def test_nib_is_optional(client: httpx.AsyncClient) -> None:
    owner = await signup(client, "owner")
    body = business_body()
    del body["nib"], body["description"]
    response = await client.post("/v1/businesses", json=body, headers=owner.headers)
    assert response.status_code == 201, response.text
    assert response.json()["nib"] is None and response.json()["description"] == ""


async def test_only_owner_accounts_register_businesses(client: httpx.AsyncClient) -> None:
    creative = await signup(client, "creative")
    response = await client.post("/v1/businesses", json=business_body(), headers=creative.headers)
    assert_problem(response, 403, "role_required")
    assert_problem(await client.post("/v1/businesses", json=business_body()), 401, "invalid_token")
    bad_token = {"Authorization": "Bearer not-a-real-token"}
    response = await client.post("/v1/businesses", json=business_body(), headers=bad_token)
    assert_problem(response, 401, "invalid_token")


async def test_duplicate_nib_is_a_conflict_across_owners(client: httpx.AsyncClient) -> None:
    first, second = await signup(client, "owner"), await signup(client, "owner")
    nib = random_nib()
    await create_business(client, first, nib=nib)
    again = await client.post("/v1/businesses", json=business_body(nib=nib), headers=first.headers)
    assert_problem(again, 409, "nib_taken")
    other = await client.post("/v1/businesses", json=business_body(nib=nib), headers=second.headers)
    assert_problem(other, 409, "nib_taken")


@pytest.mark.parametrize(
    "nib",
    [
        "123456789012",
        "12345678901234",
        "12345678901a3",
        "1234 56789012",
        "١٢٣٤٥٦٧٨٩٠١٢٣",
        "",
        1234567890123,
    ],
)
async def test_nib_must_be_exactly_13_ascii_digits(client: httpx.AsyncClient, nib: object) -> None:
    owner = await signup(client, "owner")
    response = await client.post(
        "/v1/businesses", json=business_body(nib=nib), headers=owner.headers
    )
    assert_problem(response, 422, "validation_error")


async def test_region_must_exist(client: httpx.AsyncClient) -> None:
    owner = await signup(client, "owner")
    response = await client.post(
        "/v1/businesses", json=business_body(region_code="99.99"), headers=owner.headers
    )
    assert_problem(response, 422, "unknown_region")


@pytest.mark.parametrize(
    "overrides",
    [
        {"name": "Warung\x00Sate"},
        {"name": "x" * 201},
        {"name": "   "},
        {"sector": ""},
        {"sector": "s" * 101},
        {"description": "d" * 5001},
        {"description": "bad\x07bell"},
        {"scale": "besar"},
        {"scale": 10**30},
        {"region_code": "35.7"},
        {"region_code": 35},
        {"region_code": "35.78.01"},
        {"owner_id": str(uuid.uuid4())},
        {"name": None},
    ],
)
async def test_create_rejects_malformed_input(
    client: httpx.AsyncClient, overrides: dict[str, object]
) -> None:
    owner = await signup(client, "owner")
    response = await client.post(
        "/v1/businesses", json=business_body(**overrides), headers=owner.headers
    )
    assert_problem(response, 422, "validation_error")


async def test_an_owner_may_own_at_most_the_cap(client: httpx.AsyncClient) -> None:
    owner = await signup(client, "owner")
    for n in range(MAX_BUSINESSES_PER_OWNER):
        await create_business(client, owner, name=f"Usaha {n}", nib=None)
    response = await client.post("/v1/businesses", json=business_body(), headers=owner.headers)
    assert_problem(response, 409, "business_limit_reached")
    # The cap is per owner.
    await create_business(client, await signup(client, "owner"))


async def test_get_unknown_or_malformed_business(client: httpx.AsyncClient) -> None:
    assert_problem(await client.get(f"/v1/businesses/{uuid.uuid4()}"), 404, "business_not_found")
    assert_problem(await client.get("/v1/businesses/not-a-uuid"), 422, "validation_error")


async def test_partner_tokens_cannot_manage_businesses(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    owner = await signup(client, "owner")
    business = await create_business(client, owner)
    token = await partner_token(session, owner.id, "profile:read", "profile:write")
    headers = {"Authorization": f"Bearer {token}"}
    response = await client.post("/v1/businesses", json=business_body(), headers=headers)
    assert_problem(response, 403, "insufficient_scope")
    response = await client.patch(
        f"/v1/businesses/{business['id']}", json={"name": "Lewat Aplikasi"}, headers=headers
    )
    assert_problem(response, 403, "insufficient_scope")
