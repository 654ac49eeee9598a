"""NPWP, the Indonesian tax id on a business: 15 digits (the old format) or 16 (since 2024,
for a person their NIK). It identifies a person for a sole trader, so only the business's
owner and admins see it whole; everyone else sees it masked."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field

_SEPARATORS = re.compile(r"[\s.\-]")


def _digits(value: object) -> object:
    # Printed NPWPs are grouped (`01.234.567.8-901.000`); the digits are what counts.
    return _SEPARATORS.sub("", value) if isinstance(value, str) else value


def _checked(value: str) -> str:
    if not value.isdigit() or len(value) not in (15, 16):
        raise ValueError("NPWP must be 15 digits, or 16 (a NIK) for a person")
    if len(set(value)) == 1:
        raise ValueError("NPWP cannot be one digit repeated")
    if len(value) == 16 and not 11 <= int(value[:2]) <= 94:
        raise ValueError("A 16-digit NPWP (NIK) starts with a province code, 11 to 94")
    return value


Npwp = Annotated[
    str,
    BeforeValidator(_digits),
    AfterValidator(_checked),
    Field(
        description="NPWP of the business: 15 digits, or 16 (a sole trader's NIK); dots, "
        "dashes and spaces are ignored. Shown whole only to the owner and admins",
        examples=["012345678901000"],
    ),
]


def masked_npwp(npwp: str | None) -> str | None:
    """All but the last three digits hidden, the length kept."""
    if npwp is None:
        return None
    return "*" * (len(npwp) - 3) + npwp[-3:]
