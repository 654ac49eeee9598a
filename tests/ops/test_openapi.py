"""The OpenAPI document is a product: complete, documented and committed without drift."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.main import create_app

COMMITTED = Path(__file__).resolve().parents[2] / "openapi" / "openapi.json"
METHODS = {"get", "post", "put", "patch", "delete"}


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    spec = create_app().openapi()
    return [
        (path, method, op)
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method in METHODS
    ]


def test_every_operation_has_summary_tag_stable_id_and_documented_errors() -> None:
    problems = []
    for path, method, op in _operations():
        where = f"{method.upper()} {path}"
        if not op.get("summary"):
            problems.append(f"{where}: no summary")
        if not op.get("tags"):
            problems.append(f"{where}: no tags")
        elif not op["operationId"].startswith(op["tags"][0] + "-"):
            problems.append(f"{where}: operationId {op['operationId']} is not '{{tag}}-{{name}}'")
        errors = [code for code in op["responses"] if code.startswith(("4", "5"))]
        # Liveness takes no input and has no failure mode short of the process being gone.
        if not errors and path != "/healthz":
            problems.append(f"{where}: no documented error responses")
        for code in errors:
            content = op["responses"][code].get("content", {})
            if "application/problem+json" not in content:
                problems.append(f"{where}: {code} is not documented as problem+json")
    assert not problems, "\n".join(problems)


def test_every_request_body_has_an_example() -> None:
    spec = create_app().openapi()
    schemas = spec["components"]["schemas"]
    missing = []
    for path, method, op in _operations():
        body = op.get("requestBody")
        if not body:
            continue
        for media in body["content"].values():
            ref = media["schema"].get("$ref", "")
            schema = schemas.get(ref.rsplit("/", 1)[-1], media["schema"])
            if "example" not in schema and "examples" not in schema and "example" not in media:
                missing.append(f"{method.upper()} {path}")
    assert not missing, missing


def test_committed_document_matches_the_app() -> None:
    generated = create_app().openapi()
    committed = json.loads(COMMITTED.read_text())
    assert committed == generated, "openapi/openapi.json is stale: run `make openapi`"
