"""Keyset (cursor) pagination: the one way every list endpoint pages."""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, Select, and_, bindparam, or_

from app.core.config import get_settings
from app.core.errors import InvalidCursor
from app.core.json import dumps, loads

T = TypeVar("T")
R = TypeVar("R")


class Page(BaseModel, Generic[T]):
    data: list[T]
    next_cursor: str | None = Field(
        description="Pass as `cursor` to fetch the next page; null on the last page."
    )


class PageParams(BaseModel):
    limit: int
    cursor: list[Any] | None


async def _page_params(
    limit: Annotated[int, Query(ge=1, le=100, description="Page size (1-100)")] = 20,
    cursor: Annotated[
        str | None,
        Query(max_length=512, pattern=r"^[A-Za-z0-9_\-=]*$", description="Opaque cursor"),
    ] = None,
) -> PageParams:
    limit = min(limit, get_settings().page_limit_max)
    return PageParams(limit=limit, cursor=decode_cursor(cursor) if cursor else None)


PageParamsDep = Annotated[PageParams, Depends(_page_params)]


def encode_cursor(values: Sequence[Any]) -> str:
    return base64.urlsafe_b64encode(dumps(list(values))).decode().rstrip("=")


def decode_cursor(cursor: str) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = loads(raw)
    except (binascii.Error, ValueError) as exc:
        raise InvalidCursor() from exc
    if not isinstance(values, list) or not values or len(values) > 4:
        raise InvalidCursor()
    return values


def keyset_after(
    columns: Sequence[ColumnElement[Any]], values: Sequence[Any], *, descending: bool
) -> ColumnElement[bool]:
    """Rows strictly after `values` in (col1, col2, ...) order, mixed-type safe."""
    return _beyond(columns, cursor_values(columns, values), descending=descending)


def cursor_values(columns: Sequence[ColumnElement[Any]], values: Sequence[Any]) -> list[Any]:
    """A cursor's JSON values as the columns' Python types; InvalidCursor when they are not."""
    if len(columns) != len(values):
        raise InvalidCursor()
    return [_coerce(column, value) for column, value in zip(columns, values, strict=True)]


def bound_keyset_after(
    columns: Sequence[ColumnElement[Any]], prefix: str, *, descending: bool
) -> ColumnElement[bool]:
    """`keyset_after` for a prebuilt statement: values bound as `prefix0`, `prefix1`, ..."""
    params = [bindparam(f"{prefix}{i}", type_=column.type) for i, column in enumerate(columns)]
    return _beyond(columns, params, descending=descending)


def _beyond(
    columns: Sequence[ColumnElement[Any]], values: Sequence[Any], *, descending: bool
) -> ColumnElement[bool]:
    clauses = []
    for i, column in enumerate(columns):
        equal_prefix = [columns[j] == values[j] for j in range(i)]
        beyond = column < values[i] if descending else column > values[i]
        clauses.append(and_(*equal_prefix, beyond))
    return or_(*clauses)


_BIGINT_MAX = 2**63 - 1


def _coerce(column: ColumnElement[Any], value: Any) -> Any:
    """Turn a JSON cursor value back into the column's Python type, or reject the cursor."""
    try:
        python_type = column.type.python_type
    except NotImplementedError:
        python_type = str
    try:
        if value is None:
            raise ValueError("cursor values are never null")
        if python_type is datetime:
            parsed = datetime.fromisoformat(value)
            if parsed.tzinfo is None:
                raise ValueError("naive datetime")
            return parsed
        if python_type is date:
            return date.fromisoformat(value)
        if python_type is uuid.UUID:
            return uuid.UUID(value)
        if python_type is int:
            if isinstance(value, bool) or not isinstance(value, int) or abs(value) > _BIGINT_MAX:
                raise ValueError("not a bigint")
            return value
        if python_type is float:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError("not a number")
            return float(value)
        if not isinstance(value, str) or "\x00" in value or len(value) > 300:
            raise ValueError("not a string")
        return value
    except (TypeError, ValueError, AttributeError) as exc:
        raise InvalidCursor() from exc


def paginate_rows(rows: Sequence[T], limit: int, key: Any) -> tuple[list[T], str | None]:
    """Given up to limit+1 rows, cut to `limit` and encode the cursor of the last one."""
    page = list(rows[:limit])
    next_cursor = encode_cursor(key(page[-1])) if len(rows) > limit and page else None
    return page, next_cursor


def paginate(
    rows: Sequence[R], limit: int, key: Callable[[R], Any], read: Callable[[R], T]
) -> Page[T]:
    """`paginate_rows`, then each row of the page turned into its read model."""
    page, next_cursor = paginate_rows(rows, limit, key)
    return Page(data=[read(row) for row in page], next_cursor=next_cursor)


def apply_keyset(
    stmt: Select[Any],
    columns: Sequence[ColumnElement[Any]],
    params: PageParams,
    *,
    descending: bool = True,
) -> Select[Any]:
    if params.cursor is not None:
        stmt = stmt.where(keyset_after(columns, params.cursor, descending=descending))
    order = [c.desc() if descending else c.asc() for c in columns]
    return stmt.order_by(*order).limit(params.limit + 1)
