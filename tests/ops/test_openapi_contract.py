"""The OpenAPI document is something client generators can rely on.

Unique schema titles (openapi-python-client drops a model whose title another already took),
every error response typed as `Problem` under application/problem+json with `code` an enum,
and `servers` set.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from app.core.problems import PROBLEM_MEDIA_TYPE, PROBLEM_SCHEMA_REF
from app.main import create_app

METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return create_app().openapi()


def _error_responses(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    found.append((f"{method.upper()} {path} {status}", response))
    return found


def test_every_schema_title_is_unique(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    titles = Counter(schema.get("title", name) for name, schema in schemas.items())
    assert [title for title, count in titles.items() if count > 1] == []


def test_every_error_response_is_a_problem_with_a_code_enum(document: dict[str, Any]) -> None:
    responses = _error_responses(document)
    assert len(responses) > 100
    untyped = []
    for where, response in responses:
        content = response.get("content", {})
        schema = content.get(PROBLEM_MEDIA_TYPE, {}).get("schema", {})
        parts = schema.get("allOf", [])
        refs = [part.get("$ref") for part in parts]
        codes = [p["properties"]["code"].get("enum") for p in parts if "properties" in p]
        if set(content) != {PROBLEM_MEDIA_TYPE} or PROBLEM_SCHEMA_REF not in refs or not codes:
            untyped.append(where)
    assert untyped == []


def test_the_codes_of_an_operation_come_from_its_error_classes(document: dict[str, Any]) -> None:
    responses = document["paths"]["/v1/gigs/{gig_id}"]["get"]["responses"]
    enum = responses["404"]["content"][PROBLEM_MEDIA_TYPE]["schema"]["allOf"][1]
    assert "gig_not_found" in enum["properties"]["code"]["enum"]
    validation = responses["422"]["content"][PROBLEM_MEDIA_TYPE]["schema"]["allOf"][1]
    assert validation["properties"]["code"]["enum"][0] == "validation_error"


def test_the_validation_problem_lists_field_errors(document: dict[str, Any]) -> None:
    field_error = document["components"]["schemas"]["FieldError"]
    assert set(field_error["required"]) == {"loc", "code", "message"}
    assert "HTTPValidationError" not in document["components"]["schemas"]


def test_servers_are_set(document: dict[str, Any]) -> None:
    assert document["servers"] and all("url" in server for server in document["servers"])


def test_every_list_is_an_envelope(document: dict[str, Any]) -> None:
    bare = []
    for path, item in document["paths"].items():
        ok = item.get("get", {}).get("responses", {}).get("200", {})
        schema = ok.get("content", {}).get("application/json", {}).get("schema", {})
        if schema.get("type") == "array":
            bare.append(path)
    assert bare == []
