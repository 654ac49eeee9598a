"""Every error code has Indonesian text; `Accept-Language: id` gets it and `code` never changes."""

from __future__ import annotations

import importlib
import pkgutil
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

import app.core
import app.services
from app.core.errors import DomainError
from app.core.messages import preferred_language
from app.core.messages.indonesian import FIELD_MESSAGES, TITLES
from app.core.problems import PROBLEM_MEDIA_TYPE
from app.main import create_app
from tests.factories import make_user
from tests.helpers import assert_problem

# Codes the handlers and middleware emit without a DomainError class.
HANDLER_CODES = {
    "validation_error",
    "unknown_parameter",
    "service_busy",
    "database_unavailable",
    "internal_error",
    "http_error",
    "method_not_allowed",
    "not_acceptable",
    "unsupported_media_type",
}


def _every_error_class() -> set[type[DomainError]]:
    for package in (app.core, app.services):
        for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            importlib.import_module(module.name)
    found: set[type[DomainError]] = set()
    pending = [DomainError]
    while pending:
        cls = pending.pop()
        found.add(cls)
        pending.extend(cls.__subclasses__())
    return found


def _documented_codes() -> set[str]:
    codes: set[str] = set()
    document: dict[str, Any] = create_app().openapi()
    for item in document["paths"].values():
        for operation in item.values():
            for response in operation.get("responses", {}).values():
                schema = response.get("content", {}).get(PROBLEM_MEDIA_TYPE, {}).get("schema", {})
                for part in schema.get("allOf", []):
                    codes.update(part.get("properties", {}).get("code", {}).get("enum", []))
    return codes


def test_every_code_has_indonesian_text() -> None:
    codes = {cls.code for cls in _every_error_class()} | HANDLER_CODES | _documented_codes()
    assert len(codes) > 90
    assert sorted(codes - TITLES.keys()) == []
    assert all(text.strip() for text in TITLES.values())


def test_common_validation_messages_are_translated() -> None:
    for kind in ("missing", "string_too_short", "greater_than_equal", "uuid_parsing", "enum"):
        assert kind in FIELD_MESSAGES


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, "en"),
        ("id", "id"),
        ("id-ID,id;q=0.9,en;q=0.8", "id"),
        ("en-US,en;q=0.9,id;q=0.8", "en"),
        ("fr-FR, id;q=0.5", "id"),
        ("de", "en"),
        ("id;q=nonsense", "en"),
    ],
)
def test_the_preferred_language(header: str | None, language: str) -> None:
    assert preferred_language(header) == language


async def test_a_domain_error_in_indonesian_keeps_its_code(client: httpx.AsyncClient) -> None:
    path = f"/v1/gigs/{uuid.uuid4()}"
    english = assert_problem(await client.get(path), 404, "gig_not_found")
    response = await client.get(path, headers={"Accept-Language": "id-ID,id;q=0.9"})
    indonesian = assert_problem(response, 404, "gig_not_found")
    assert english["title"] == "Gig not found"
    assert indonesian["title"] == indonesian["detail"] == "Gig tidak ditemukan"
    assert response.headers["content-language"] == "id"


async def test_validation_messages_in_indonesian(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/auth/register",
        json={"email": "siti@contoh.id", "password": "x", "full_name": "Siti"},
        headers={"Accept-Language": "id"},
    )
    problem = assert_problem(response, 422, "validation_error")
    assert problem["title"] == "Permintaan tidak valid (lihat `errors`)"
    messages = {e["loc"]: (e["code"], e["message"]) for e in problem["errors"]}
    assert any(m.startswith(("Minimal", "Wajib")) for _, m in messages.values()), messages


async def test_an_unknown_parameter_in_indonesian(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/creatives?region_code=35", headers={"Accept-Language": "id"})
    problem = assert_problem(response, 422, "unknown_parameter")
    assert problem["errors"][0]["message"] == "Parameter ini tidak dikenal"


async def test_without_accept_language_a_signed_in_caller_reads_errors_in_their_locale(
    client: httpx.AsyncClient, session: AsyncSession
) -> None:
    sari = await make_user(session, "owner")  # locale defaults to Indonesian
    path = f"/v1/gigs/{uuid.uuid4()}"
    own = assert_problem(await client.get(path, headers=sari.headers), 404, "gig_not_found")
    assert own["title"] == "Gig tidak ditemukan"
    # An explicit header still wins, and anonymous callers get English.
    asked = await client.get(path, headers={**sari.headers, "Accept-Language": "en"})
    assert assert_problem(asked, 404, "gig_not_found")["title"] == "Gig not found"
    assert assert_problem(await client.get(path), 404, "gig_not_found")["title"] == "Gig not found"
    changed = await client.patch("/v1/me", json={"locale": "en"}, headers=sari.headers)
    assert changed.status_code == 200, changed.text
    english = assert_problem(await client.get(path, headers=sari.headers), 404, "gig_not_found")
    assert english["title"] == "Gig not found"
