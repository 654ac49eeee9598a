"""Text made only of invisible or direction-control characters counts as blank."""

from __future__ import annotations

import httpx
import pytest
from pydantic import TypeAdapter, ValidationError

from app.schemas.common import LongText, Name, RequiredLongText, Title
from tests.helpers import PASSWORD, assert_problem

INVISIBLE = [
    "\u200b",  # zero-width space
    "\u200c\u200d",  # zero-width non-joiner and joiner
    "\u200e\u200f",  # direction marks
    "\u202a\u202b\u202c\u202d\u202e",  # embeddings and overrides
    "\u2060\u2061\u2062\u2063\u2064",  # word joiner, invisible operators
    "\u2066\u2067\u2068\u2069",  # isolates
    "\ufeff",  # byte-order mark
    " \u200b \ufeff ",  # mixed with spaces
]


@pytest.mark.parametrize("value", INVISIBLE)
def test_required_text_types_refuse_invisible_only_values(value: str) -> None:
    for text_type in (Name, Title):
        with pytest.raises(ValidationError):
            TypeAdapter(text_type).validate_python(value * 5)
    with pytest.raises(ValidationError):
        TypeAdapter(RequiredLongText).validate_python(value * 30)


@pytest.mark.parametrize("value", INVISIBLE)
def test_optional_text_stores_invisible_only_values_as_blank(value: str) -> None:
    assert TypeAdapter(LongText).validate_python(value) == ""


def test_invisible_characters_inside_real_text_are_kept() -> None:
    # A zero-width joiner inside an emoji sequence, an RTL mark in mixed-script text.
    for value in ("Kopi \u2615\u200d enak", "Batik \u200fتulis"):
        assert TypeAdapter(Name).validate_python(value) == value


async def test_sign_up_with_an_invisible_name_is_422(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/auth/register",
        json={
            "email": "kosong@contoh.id",
            "password": PASSWORD,
            "full_name": "\u202e\u200b\u2066",
            "role": "owner",
        },
    )
    assert_problem(response, 422)
