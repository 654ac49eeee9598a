"""Boundary types: every string, number and date that enters the API is checked here once.

asyncpg rejects NUL bytes and lone surrogates, PostgreSQL rejects integers beyond BIGINT and
dates beyond its range; these types turn all of those into a 422 before they reach a query.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    Strict,
    StringConstraints,
    ValidationError,
    model_validator,
)

from app.schemas.rules import RuleError, combined_error, valid_values

_FORBIDDEN_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Whitespace plus characters that render as nothing: zero-width spaces and joiners, direction
# marks and embeddings/overrides/isolates, word joiner and invisible operators, the BOM. A field
# made only of these looks empty to every reader, so it counts as blank.
_INVISIBLE_ONLY = re.compile(
    "^[\\s\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]*$"
)
BIGINT_MAX = 2**63 - 1
# The single ceiling for any rupiah amount in the API: Rp1 trillion.
MAX_AMOUNT_IDR = 1_000_000_000_000


def _clean_text(value: str) -> str:
    if _FORBIDDEN_CHARS.search(value):
        raise ValueError("must not contain NUL or other control characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("must be valid Unicode text") from exc
    return value


def _blank_if_invisible(value: object) -> object:
    """Runs before the length checks: invisible-only text becomes "", so a required field
    rejects it exactly as it rejects a blank one, and an optional field stores it as blank."""
    if isinstance(value, str) and value and _INVISIBLE_ONLY.match(value):
        return ""
    return value


_VisibleOrBlank = BeforeValidator(_blank_if_invisible)


def _non_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


def bounded_text(max_length: int, *, min_length: int = 1) -> object:
    """Stripped single-language text with a length limit and no control characters."""
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length),
        AfterValidator(_clean_text),
        _VisibleOrBlank,
    ]


Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(_clean_text),
    _VisibleOrBlank,
    AfterValidator(_non_blank),
]
# Why an operator did something: kept in the audit log, so never blank.
Reason = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=1000),
    AfterValidator(_clean_text),
    _VisibleOrBlank,
    AfterValidator(_non_blank),
]
Title = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=3, max_length=200),
    AfterValidator(_clean_text),
    _VisibleOrBlank,
]
ShortText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=100),
    AfterValidator(_clean_text),
    _VisibleOrBlank,
]
LongText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=5000),
    AfterValidator(_clean_text),
    _VisibleOrBlank,
]
RequiredLongText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=20, max_length=5000),
    AfterValidator(_clean_text),
    _VisibleOrBlank,
]
SearchText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(_clean_text),
    _VisibleOrBlank,
]
Slug = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[a-z0-9-]+$")]
RegionCode = Annotated[
    str,
    StringConstraints(min_length=2, max_length=5, pattern=r"^[0-9]{2}(\.[0-9]{2})?$"),
    Field(description="Kemendagri region code: `35` (province) or `35.78` (regency/city)"),
]
# Strict: a JSON number only. "2500000" or 2500000.0 is a 422, never coerced (an amount
# quoted by a buggy client must not move money).
MoneyIDR = Annotated[
    int,
    Strict(),
    Field(ge=1, le=MAX_AMOUNT_IDR, description="Whole rupiah (IDR has no minor unit here)"),
]
Url = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=2048, pattern=r"^https?://[^\s]+$"),
    AfterValidator(_clean_text),
    _VisibleOrBlank,
]


class RequestModel(BaseModel):
    """Base of every request body: unknown fields are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid", str_max_length=10_000)

    @classmethod
    def rule_errors(cls, values: Mapping[str, Any]) -> list[RuleError]:
        """Rules over several fields (app/schemas/rules.py); `values` holds the fields that
        are valid in themselves. None by default."""
        return []

    @model_validator(mode="wrap")
    @classmethod
    def _every_mistake_at_once(cls, data: Any, handler: ModelWrapValidatorHandler[Any]) -> Any:
        if cls.rule_errors.__func__ is RequestModel.rule_errors.__func__:  # type: ignore[attr-defined]
            return handler(data)
        try:
            model = handler(data)
        except ValidationError as exc:
            if not isinstance(data, Mapping):
                raise
            field_errors = exc.errors()
            failed = {str(e["loc"][0]) for e in field_errors if e["loc"]}
            broken = cls.rule_errors(valid_values(cls, data, failed))
            if not broken:
                raise
            raise combined_error(cls, field_errors, broken) from None
        broken = cls.rule_errors({name: getattr(model, name) for name in cls.model_fields})
        if broken:
            raise combined_error(cls, [], broken)
        return model


class ResponseModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)


Timestamp = Annotated[datetime, Field(description="RFC 3339, UTC")]
