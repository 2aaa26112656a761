"""Pagination and sorting: one typed dependency and one `Page[T]` response for every list."""

import re
from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Generic, Self, TypeVar

from fastapi import Query
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from utils.cursors import Cursor, decode_cursor

MAX_PAGE_SIZE = 100
# Far beyond any real listing, and small enough that OFFSET never overflows a 64-bit integer.
MAX_PAGE = 1_000_000
# Lists count their rows exactly up to here; beyond it `total` is this cap, flagged as such.
# Every list request counts up to TOTAL_CAP + 1 index entries, so the cap sets the price
# (README, "Lists at scale", has the measurements).
TOTAL_CAP = 1_000
# A cursor holds one sort key: a title of 200 characters fits many times over.
MAX_CURSOR_LENGTH = 4096

ItemT = TypeVar("ItemT")


@dataclass(frozen=True, slots=True)
class PageRequest:
    """One page of a list: by number (`page`), or after a `cursor` from the previous page."""

    page_size: int
    sort_field: str
    descending: bool
    page: int = 1
    cursor: Cursor | None = None

    @property
    def sort(self) -> str:
        return f"-{self.sort_field}" if self.descending else self.sort_field

    @property
    def number(self) -> int:
        """The number of the page asked for, however it was asked for."""
        return self.cursor.page if self.cursor else self.page

    @property
    def offset(self) -> int:
        """Rows to skip: none after a cursor, which already says where the page starts."""
        return 0 if self.cursor else (self.page - 1) * self.page_size


@dataclass(frozen=True, slots=True)
class PageResult(Generic[ItemT]):
    items: Sequence[ItemT]
    total: int
    total_is_estimate: bool = False
    next_cursor: str | None = None


class Page(BaseModel, Generic[ItemT]):
    model_config = ConfigDict(from_attributes=True)

    items: list[ItemT]
    total: int = Field(
        description="Rows in the whole list; a lower bound when `total_is_estimate` is true."
    )
    total_is_estimate: bool = Field(
        description="True when the list holds more rows than are counted exactly: `total` "
        f"is then the counting cap ({TOTAL_CAP:,}), and the list holds at least that many."
    )
    page: int
    page_size: int
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page, at the cost of a first page however "
        "deep; null on the last page."
    )

    @classmethod
    def of(cls, result: PageResult[Any], request: PageRequest) -> Self:
        return cls.model_validate(
            {
                "items": list(result.items),
                "total": result.total,
                "total_is_estimate": result.total_is_estimate,
                "page": request.number,
                "page_size": request.page_size,
                "next_cursor": result.next_cursor,
            },
            from_attributes=True,
        )


def _digits_only(value: object) -> object:
    """Page numbers are written as plain digits: "1.0", "+5", " 5" and "1_0" are not integers
    to a client, although Python's int() would take them."""
    if isinstance(value, str) and not re.fullmatch(r"[0-9]+", value):
        raise ValueError("must be a whole number written with digits only")
    return value


def _invalid(parameter: str, message: str, kind: str) -> RequestValidationError:
    return RequestValidationError([{"loc": ("query", parameter), "msg": message, "type": kind}])


def _read_cursor(text: str, *, page: int | None, sort: str) -> Cursor:
    """A cursor continues the list it came from: the same sort, and no page number beside it."""
    if page is not None:
        raise _invalid("cursor", "Pass either page or cursor, not both", "cursor")
    try:
        cursor = decode_cursor(text)
    except ValueError:
        raise _invalid("cursor", "Not a cursor this list returned", "cursor") from None
    if cursor.sort != sort:
        raise _invalid("cursor", f"This cursor belongs to sort={cursor.sort}", "cursor")
    return cursor


def page_request(
    *, sortable: Collection[str], default: str
) -> Callable[..., Awaitable[PageRequest]]:
    """Build the dependency for one list: `page`, `page_size` and an allow-listed `sort`."""
    allowed = sorted(sortable)
    choices = [*allowed, *(f"-{field}" for field in allowed)]
    if default.removeprefix("-") not in sortable:
        raise ValueError(f"default sort {default!r} is not sortable")

    async def dependency(
        page: Annotated[
            int | None,
            Query(ge=1, le=MAX_PAGE, description="Page number (default 1); not with `cursor`."),
            BeforeValidator(_digits_only),
        ] = None,
        # Query before the validator, so the bounds reach OpenAPI as `minimum`/`maximum`.
        page_size: Annotated[
            int, Query(ge=1, le=MAX_PAGE_SIZE), BeforeValidator(_digits_only)
        ] = 20,
        sort: Annotated[
            str,
            Query(
                max_length=64,
                description="Field to sort by; prefix with `-` for descending.",
                json_schema_extra={"enum": choices},
            ),
        ] = default,
        cursor: Annotated[
            str | None,
            Query(
                max_length=MAX_CURSOR_LENGTH,
                description="`next_cursor` of the previous page: continue from there.",
            ),
        ] = None,
    ) -> PageRequest:
        field = sort.removeprefix("-")
        if field not in sortable:
            raise _invalid("sort", f"Unsupported sort; use one of: {', '.join(choices)}", "enum")
        return PageRequest(
            page=page or 1,
            page_size=page_size,
            sort_field=field,
            descending=sort.startswith("-"),
            cursor=None if cursor is None else _read_cursor(cursor, page=page, sort=sort),
        )

    return dependency
