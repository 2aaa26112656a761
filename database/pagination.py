"""Run a list query as one page, a bounded total and the cursor of the next page.

The cost of a page must not grow with the table, so:
- the page is read in the order of an index (each list declares one per filter and sort,
  including the id tie-breaker and `deleted_at IS NULL`), so no page sorts every match;
- `total` counts at most `TOTAL_CAP + 1` rows: exact below the cap, the cap itself (flagged
  `total_is_estimate`) above it;
- a `cursor` page starts at the previous page's last (sort key, id), read straight from the
  index (keyset pagination), instead of walking and discarding the rows before it;
- the count rides in the page's own statement as a scalar subquery: one round trip, one
  snapshot, and the database evaluates it once, not per row.
"""

from collections.abc import Mapping
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from database.page_statements import (
    CURSOR_ID,
    CURSOR_KEY,
    LIMIT,
    OFFSET,
    After,
    SortColumn,
    page_statements,
)
from utils.cursors import Cursor, encode_cursor
from utils.errors import InvalidFields
from utils.pagination import TOTAL_CAP, PageRequest, PageResult

RowT = TypeVar("RowT")

SortColumns = Mapping[str, SortColumn]


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
    The SQL is built once per list shape (`database.page_statements`); a request brings only
    the values bound into it.
    """
    column = sort_columns[request.sort_field]
    nullable = _is_nullable(column)
    values: dict[str, Any] = {OFFSET: request.offset, LIMIT: request.page_size + 1}
    after = After.START
    if request.cursor is not None:
        after = _check_cursor(request.cursor, column, nullable)
        values[CURSOR_ID] = request.cursor.row_id
        if after is After.KEY:
            values[CURSOR_KEY] = request.cursor.key
    statements = page_statements(
        statement,
        column=column,
        tie_breaker=tie_breaker,
        descending=request.descending,
        nullable=nullable,
        after=after,
    )
    rows = (await session.execute(statements.page, values)).all()
    if rows:
        count = rows[0][2]
    elif request.offset == 0 and request.cursor is None:
        count = 0
    else:  # past the end: the page is empty, but the list may not be
        count = await session.scalar(statements.count)
    items = [row[0] for row in rows[: request.page_size]]
    next_cursor = None
    if len(rows) > request.page_size:
        last = rows[request.page_size - 1]
        next_cursor = encode_cursor(
            Cursor(
                sort=request.sort,
                key=last[1],
                row_id=getattr(last[0], tie_breaker.key),
                page=request.number + 1,
            )
        )
    return PageResult(
        items=items,
        total=min(count or 0, TOTAL_CAP),
        total_is_estimate=(count or 0) > TOTAL_CAP,
        next_cursor=next_cursor,
    )


def _check_cursor(cursor: Cursor, column: SortColumn, nullable: bool) -> After:
    """Where the cursor's page starts; 422 for a key this list's sort column cannot hold."""
    expected = column.type.python_type
    if (cursor.key is None and not nullable) or (
        cursor.key is not None and type(cursor.key) is not expected
    ):
        raise InvalidFields(
            [{"loc": ["query", "cursor"], "msg": "Not a cursor of this list", "type": "cursor"}],
            detail="The cursor does not belong to this list.",
        )
    return After.NULL_KEY if cursor.key is None else After.KEY


def _is_nullable(column: SortColumn) -> bool:
    expression = column.expression if isinstance(column, InstrumentedAttribute) else column
    return bool(getattr(expression, "nullable", False))


def substring_filter(text: str, *columns: InstrumentedAttribute[Any]) -> ColumnElement[bool]:
    """Case-insensitive substring match of `text` in any column, wildcards taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    conditions = [column.ilike(pattern, escape="\\") for column in columns]
    return or_(*conditions)
