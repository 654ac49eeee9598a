"""GET /v1/gigs/{id} on the real engine: the anonymous read borrows a pooled connection."""

from __future__ import annotations

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from tests.businesses.factories import business_body
from tests.gigs.factories import gig_body
from tests.helpers import assert_problem, signup


async def test_anonymous_and_owner_reads_on_the_real_pool(live_app: httpx.AsyncClient) -> None:
    owner = await signup(live_app, "owner")
    business = await live_app.post("/v1/businesses", json=business_body(), headers=owner.headers)
    assert business.status_code == 201, business.text
    business_id = business.json()["id"]
    posted = await live_app.post("/v1/gigs", json=gig_body(business_id), headers=owner.headers)
    draft = await live_app.post(
        "/v1/gigs", json=gig_body(business_id, status="draft"), headers=owner.headers
    )
    assert (posted.status_code, draft.status_code) == (201, 201), posted.text + draft.text

    anonymous = await live_app.get(f"/v1/gigs/{posted.json()['id']}")
    assert anonymous.status_code == 200, anonymous.text
    assert anonymous.json() == posted.json()
    assert anonymous.json()["skills"] == [
        {
            "slug": "label-design",
            "name_id": "Desain Label Produk",
            "name_en": "Product Label Design",
        },
        {
            "slug": "pouch-design",
            "name_id": "Desain Standing Pouch",
            "name_en": "Standing Pouch Design",
        },
    ]
    assert anonymous.json()["region"] == {"code": "35.78", "name": "Kota Surabaya"}
    assert_problem(await live_app.get(f"/v1/gigs/{draft.json()['id']}"), 404, "gig_not_found")
    own_draft = await live_app.get(f"/v1/gigs/{draft.json()['id']}", headers=owner.headers)
    assert own_draft.status_code == 200 and own_draft.json() == draft.json()


async def _drop_every_connection(engine: AsyncEngine) -> int:
    """Terminate the database's client backends from outside the app's pool."""
    outside = create_async_engine(engine.url, poolclass=NullPool)
    async with outside.connect() as admin:
        dropped = await admin.scalar(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                "AND backend_type = 'client backend'"
            )
        )
    await outside.dispose()
    return int(dropped or 0)


async def test_a_connection_the_server_dropped_is_replaced(
    live_app: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    owner = await signup(live_app, "owner")
    business = await live_app.post("/v1/businesses", json=business_body(), headers=owner.headers)
    posted = await live_app.post(
        "/v1/gigs", json=gig_body(business.json()["id"]), headers=owner.headers
    )
    path = f"/v1/gigs/{posted.json()['id']}"
    # Anonymous reads borrow a pooled connection; the owner's go through the session.
    for headers in ({}, owner.headers):
        assert (await live_app.get(path, headers=headers)).status_code == 200
        assert await _drop_every_connection(engine) >= 1
        # Each dropped connection may fail one request, with a 503 to retry; after that the
        # pool has replaced them all.
        responses = [await live_app.get(path, headers=headers) for _ in range(20)]
        statuses = [r.status_code for r in responses]
        assert set(statuses) <= {200, 503} and statuses[-5:] == [200] * 5, statuses
        for failed in (r for r in responses if r.status_code == 503):
            assert_problem(failed, 503, "database_unavailable")
            assert failed.headers["retry-after"] == "1"
