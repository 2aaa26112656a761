"""Run a list query as one page plus a total count, with a deterministic order."""

from collections.abc import Mapping
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from utils.pagination import PageRequest, PageResult

RowT = TypeVar("RowT")

SortColumns = Mapping[str, InstrumentedAttribute[Any] | ColumnElement[Any]]


async def fetch_page(
    session: AsyncSession,
    statement: Select[RowT],
    *,
    request: PageRequest,
    sort_columns: SortColumns,
    tie_breaker: InstrumentedAttribute[Any],
) -> PageResult[RowT]:
    """Order by the requested column, then by id in the same direction, so pages never overlap.

    Rows without a value in a nullable sort column come last in both directions: SQLite and
    PostgreSQL disagree on where NULL sorts, and "unknown salary" is never the best match.
    """
    column = sort_columns[request.sort_field]
    ordered = column.desc() if request.descending else column.asc()
    if _is_nullable(column):
        ordered = ordered.nulls_last()
    order = (ordered, tie_breaker.desc() if request.descending else tie_breaker.asc())
    total = await session.scalar(
        select(func.count()).select_from(statement.order_by(None).subquery())
    )
    rows = await session.scalars(
        statement.order_by(*order).offset(request.offset).limit(request.page_size)
    )
    return PageResult(items=rows.all(), total=total or 0)


def _is_nullable(column: InstrumentedAttribute[Any] | ColumnElement[Any]) -> bool:
    expression = column.expression if isinstance(column, InstrumentedAttribute) else column
    return bool(getattr(expression, "nullable", False))


def substring_filter(text: str, *columns: InstrumentedAttribute[Any]) -> ColumnElement[bool]:
    """Case-insensitive substring match of `text` in any column, wildcards taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    conditions = [column.ilike(pattern, escape="\\") for column in columns]
    return or_(*conditions)
