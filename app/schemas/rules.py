"""Rules over several fields of a request body, reported together with the field errors.

Pydantic skips a model's `mode="after"` checks as soon as one field fails, so a body with a
typo and a broken rule would take two round trips. A request model that overrides
`rule_errors` has it run on the fields that are valid in themselves, and its findings join
the field errors in the one 422 (`errors[]`, each with `loc` and `code`). With no field error,
a single broken rule answers with its own `code` (app/core/problems.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails, InitErrorDetails, PydanticCustomError


@dataclasses.dataclass(frozen=True)
class RuleError:
    """One broken rule: the field to point at, the stable code of its domain error, a message."""

    field: str
    code: str
    message: str
    extra: Mapping[str, Any] = dataclasses.field(default_factory=dict)


@cache
def _field_adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    info = model.model_fields[name]
    annotation: Any = info.annotation
    if info.metadata:
        annotation = Annotated[(annotation, *info.metadata)]
    return TypeAdapter(annotation)


def valid_values(
    model: type[BaseModel], data: Mapping[str, Any], failed: set[str]
) -> dict[str, Any]:
    """The fields of `data` that validate on their own, plus the defaults of absent ones;
    a failed field is left out, so a rule over it stays silent rather than guess."""
    values: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in failed:
            continue
        if name in data:
            try:
                values[name] = _field_adapter(model, name).validate_python(data[name])
            except ValidationError:
                continue
        elif not info.is_required():
            values[name] = info.get_default(call_default_factory=True)
    return values


def combined_error(
    model: type[BaseModel], field_errors: list[ErrorDetails], broken: list[RuleError]
) -> ValidationError:
    """One ValidationError holding pydantic's field errors and the broken rules."""
    lines: list[InitErrorDetails] = [
        {
            "type": PydanticCustomError(e["type"], e["msg"], e.get("ctx")),
            "loc": e["loc"],
            "input": e["input"],
        }
        for e in field_errors
    ]
    lines.extend(
        {
            "type": PydanticCustomError(r.code, r.message, dict(r.extra) or None),
            "loc": (r.field,),
            "input": None,
        }
        for r in broken
    )
    return ValidationError.from_exception_data(model.__name__, lines)
