"""Unknown query parameters are a 422 `unknown_parameter` naming them, on every endpoint.

The per-operation test is generated from the OpenAPI document, so a new GET endpoint is
covered the day it lands.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
import pytest

from app.core.query_params import ACCEPTS_ANY_QUERY
from app.main import create_app
from tests.helpers import assert_problem

DOCUMENT = create_app().openapi()
GET_PATHS = sorted(
    path
    for path, item in DOCUMENT["paths"].items()
    if "get" in item and not item["get"].get(ACCEPTS_ANY_QUERY)
)


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", str(uuid.uuid4()), path)


@pytest.mark.parametrize("path", GET_PATHS)
async def test_every_get_operation_names_an_unknown_parameter(
    client: httpx.AsyncClient, path: str
) -> None:
    response = await client.get(_concrete(path), params={"zz_typo": "1"})
    body = assert_problem(response, 422, "unknown_parameter")
    assert [e["loc"] for e in body["errors"]] == ["query.zz_typo"], body
    assert "zz_typo" in body["detail"]
    assert "422" in DOCUMENT["paths"][path]["get"]["responses"]


async def test_a_typo_in_a_creatives_filter_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/creatives", params={"region_code": "35"})
    body = assert_problem(response, 422, "unknown_parameter")
    assert body["errors"] == [
        {
            "loc": "query.region_code",
            "code": "unknown_parameter",
            "message": "Received unknown parameter: region_code",
        }
    ]
    assert (await client.get("/v1/creatives", params={"region": "35"})).status_code == 200


async def test_fields_of_a_query_model_are_declared(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/gigs", params={"category": "packaging-design", "limit": 2})
    assert response.status_code == 200, response.text


async def test_the_consent_page_ignores_unknown_parameters(client: httpx.AsyncClient) -> None:
    # RFC 6749 section 3.1: the authorization server MUST ignore unrecognized parameters.
    response = await client.get("/oauth/authorize", params={"client_id": "x", "prompt": "login"})
    assert response.status_code != 422 or "unknown_parameter" not in response.text


def test_post_routes_are_covered_too() -> None:
    responses: dict[str, Any] = DOCUMENT["paths"]["/v1/gigs"]["post"]["responses"]
    codes = responses["422"]["content"]["application/problem+json"]["schema"]["allOf"][1]
    assert "unknown_parameter" in codes["properties"]["code"]["enum"]
