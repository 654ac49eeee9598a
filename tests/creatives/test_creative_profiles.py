"""PUT/GET /v1/creatives/me and the public profile: the rules and who may do what."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Event, User
from tests.creatives.factories import portfolio_item, profile_body, put_profile
from tests.factories import partner_token
from tests.helpers import assert_problem, signup


async def test_creative_builds_then_replaces_a_profile(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    dina = await signup(client, "creative", name="Dina Anggraini", phone="0813-1111-2222")
    assert_problem(
        await client.get("/v1/creatives/me", headers=dina.headers), 404, "profile_missing"
    )

    body = profile_body(
        skills=["packaging-design", "label-design", "packaging-design"],
        categories=["packaging-design", "logo-branding"],
        portfolio=[
            portfolio_item(),
            portfolio_item(title="Label sambal Bu Rudy", url="http://x.id/a"),
        ],
    )
    created = await client.put("/v1/creatives/me", json=body, headers=dina.headers)
    assert created.status_code == 201, created.text
    profile = created.json()
    assert profile["display_name"] == "Dina Anggraini"
    assert profile["headline"] == body["headline"] and profile["bio"] == body["bio"]
    assert [s["slug"] for s in profile["skills"]] == ["packaging-design", "label-design"]
    assert {
        "slug": "packaging-design",
        "name_id": "Desain Kemasan",
        "name_en": "Packaging Design",
    } in profile["skills"]
    assert [c["slug"] for c in profile["categories"]] == ["packaging-design", "logo-branding"]
    assert profile["region"] == {"code": "35.78", "name": "Kota Surabaya"}
    assert profile["rate_min_idr"] == 500_000 and profile["availability"] == "available"
    assert profile["rating"] == {"average": None, "count": 0}
    assert profile["completed_contracts"] == 0
    assert [p["title"] for p in profile["portfolio"]] == [
        "Kemasan kopi Temanggung",
        "Label sambal Bu Rudy",
    ]
    assert profile["portfolio"][0]["category"] == "packaging-design"

    own = await client.get("/v1/creatives/me", headers=dina.headers)
    assert own.status_code == 200 and own.json() == profile
    public = await client.get(f"/v1/creatives/{profile['id']}")
    assert public.status_code == 200 and public.json() == profile
    assert dina.email not in public.text and "6281311112222" not in public.text
    assert "email" not in public.text and "phone" not in public.text

    replaced = await client.put(
        "/v1/creatives/me",
        json=profile_body(
            headline="Fotografer produk makanan",
            skills=["logo-design"],
            categories=["logo-branding"],
            region_code="33.26",
            rate_min_idr=None,
            availability="busy",
            portfolio=[],
        ),
        headers=dina.headers,
    )
    assert replaced.status_code == 200, replaced.text
    after = replaced.json()
    assert after["id"] == profile["id"]
    assert after["headline"] == "Fotografer produk makanan"
    assert [s["slug"] for s in after["skills"]] == ["logo-design"]
    assert [c["slug"] for c in after["categories"]] == ["logo-branding"]
    assert after["region"] == {"code": "33.26", "name": "Kabupaten Pekalongan"}
    assert after["rate_min_idr"] is None and after["availability"] == "busy"
    assert after["portfolio"] == []
    assert after["member_since"] == profile["member_since"]
    assert after["updated_at"] >= profile["updated_at"]

    events = (
        await session.scalars(
            select(Event).where(Event.subject_id == uuid.UUID(profile["id"])).order_by(Event.cursor)
        )
    ).all()
    assert [e.type for e in events] == ["creative_profile.updated"] * 2
    assert [e.payload["created"] for e in events] == [True, False]
    assert all(e.audience_user_ids == [dina.id] and e.actor_user_id == dina.id for e in events)


async def test_display_name_follows_the_account(client: httpx.AsyncClient) -> None:
    bayu = await signup(client, "creative", name="Bayu Saputra")
    assert (await put_profile(client, bayu))["display_name"] == "Bayu Saputra"


async def test_profile_endpoints_are_for_creatives_only(client: httpx.AsyncClient) -> None:
    owner = await signup(client, "owner")
    response = await client.put("/v1/creatives/me", json=profile_body(), headers=owner.headers)
    assert_problem(response, 403, "role_required")
    assert_problem(
        await client.get("/v1/creatives/me", headers=owner.headers), 403, "role_required"
    )
    assert_problem(await client.put("/v1/creatives/me", json=profile_body()), 401, "invalid_token")
    assert_problem(await client.get("/v1/creatives/me"), 401, "invalid_token")
    bad = {"Authorization": "Bearer pk_bogus"}
    assert_problem(await client.get("/v1/creatives/me", headers=bad), 401, "invalid_token")


async def test_partner_tokens_need_the_profile_scopes(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    creative = await signup(client, "creative")
    await put_profile(client, creative)
    read_only = {
        "Authorization": f"Bearer {await partner_token(session, creative.id, 'profile:read')}"
    }
    assert (await client.get("/v1/creatives/me", headers=read_only)).status_code == 200
    response = await client.put("/v1/creatives/me", json=profile_body(), headers=read_only)
    assert_problem(response, 403, "insufficient_scope")

    write_only = {
        "Authorization": f"Bearer {await partner_token(session, creative.id, 'profile:write')}"
    }
    response = await client.put("/v1/creatives/me", json=profile_body(), headers=write_only)
    assert response.status_code == 200, response.text
    assert_problem(
        await client.get("/v1/creatives/me", headers=write_only), 403, "insufficient_scope"
    )


async def test_one_creative_cannot_touch_anothers_profile(client: httpx.AsyncClient) -> None:
    dina, bayu = await signup(client, "creative"), await signup(client, "creative")
    dinas = await put_profile(client, dina, headline="Profil milik Dina")
    bayus = await put_profile(client, bayu, headline="Profil milik Bayu")
    assert dinas["id"] != bayus["id"]
    # "me" is always the caller: there is no way to address another creative's profile.
    response = await client.put(
        f"/v1/creatives/{dinas['id']}", json=profile_body(), headers=bayu.headers
    )
    assert response.status_code == 405
    assert (await client.get(f"/v1/creatives/{dinas['id']}")).json()[
        "headline"
    ] == "Profil milik Dina"


@pytest.mark.parametrize(
    ("overrides", "code", "named"),
    [
        ({"skills": ["logo-design", "desain-alien"]}, "unknown_skill", "desain-alien"),
        ({"categories": ["sulap"]}, "unknown_category", "sulap"),
        ({"portfolio": [portfolio_item(category="sulap")]}, "unknown_category", "sulap"),
        ({"region_code": "99.98"}, "unknown_region", "99.98"),
    ],
)
async def test_reference_data_must_exist(
    client: httpx.AsyncClient, overrides: dict[str, Any], code: str, named: str
) -> None:
    creative = await signup(client, "creative")
    response = await client.put(
        "/v1/creatives/me",
        json=profile_body(**overrides),
        headers={**creative.headers, "Accept-Language": "en"},
    )
    assert named in assert_problem(response, 422, code)["detail"]
    # Nothing was half-written.
    response = await client.get("/v1/creatives/me", headers=creative.headers)
    assert_problem(response, 404, "profile_missing")


_TOO_MANY_SKILLS = [f"s{n}" for n in range(31)]


@pytest.mark.parametrize(
    "overrides",
    [
        {"skills": _TOO_MANY_SKILLS},
        {"skills": []},
        {"categories": [f"c{n}" for n in range(11)]},
        {"categories": []},
        {"portfolio": [portfolio_item() for _ in range(21)]},
        {"portfolio": [portfolio_item(url="ftp://files.example/a.zip")]},
        {"portfolio": [portfolio_item(url="javascript:alert(1)")]},
        {"portfolio": [portfolio_item(url="https://a b.id")]},
        {"portfolio": [portfolio_item(url="https://x.id/" + "a" * 2048)]},
        {"portfolio": [portfolio_item(title="ab")]},
        {"portfolio": [portfolio_item(extra="x")]},
        {"headline": "Desainer\x00kemasan"},
        {"headline": "h" * 201},
        {"bio": "b" * 5001},
        {"bio": None},
        {"skills": ["Desain Logo"]},
        {"rate_min_idr": 0},
        {"rate_min_idr": -50_000},
        {"rate_min_idr": 10**13},
        {"rate_min_idr": 10**30},
        {"rate_min_idr": 1.5},
        {"availability": "libur"},
        {"region_code": "3578"},
        {"rating_avg": 5.0},
        {"completed_contracts": 1000},
        {"display_name": "Nama Palsu"},
    ],
)
async def test_put_rejects_malformed_profiles(
    client: httpx.AsyncClient, overrides: dict[str, Any]
) -> None:
    creative = await signup(client, "creative")
    response = await client.put(
        "/v1/creatives/me", json=profile_body(**overrides), headers=creative.headers
    )
    assert_problem(response, 422, "validation_error")


async def test_limits_are_inclusive(client: httpx.AsyncClient) -> None:
    from app.reference.categories import CATEGORIES
    from app.reference.skills import SKILLS

    creative = await signup(client, "creative")
    profile = await put_profile(
        client,
        creative,
        skills=[s.slug for s in SKILLS[:30]],
        categories=[c.slug for c in CATEGORIES[:10]],
        portfolio=[portfolio_item(title=f"Karya nomor {n}") for n in range(20)],
    )
    assert len(profile["skills"]) == 30 and len(profile["categories"]) == 10
    assert [p["title"] for p in profile["portfolio"]] == [f"Karya nomor {n}" for n in range(20)]


async def test_public_profile_not_found_cases(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    assert_problem(await client.get(f"/v1/creatives/{uuid.uuid4()}"), 404, "creative_not_found")
    assert_problem(await client.get("/v1/creatives/bukan-uuid"), 422, "validation_error")
    creative = await signup(client, "creative")
    profile = await put_profile(client, creative)
    await session.execute(update(User).where(User.id == creative.id).values(is_active=False))
    await session.flush()
    assert_problem(await client.get(f"/v1/creatives/{profile['id']}"), 404, "creative_not_found")
    listed = (await client.get("/v1/creatives", params={"limit": 100})).json()["data"]
    assert profile["id"] not in [c["id"] for c in listed]
