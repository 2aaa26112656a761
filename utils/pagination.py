"""Pagination and sorting: one typed dependency and one `Page[T]` response for every list."""

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Generic, Self, TypeVar

from fastapi import Query
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, BeforeValidator, ConfigDict

MAX_PAGE_SIZE = 100
# Far beyond any real listing, and small enough that OFFSET never overflows a 64-bit integer.
MAX_PAGE = 1_000_000

ItemT = TypeVar("ItemT")


@dataclass(frozen=True, slots=True)
class PageRequest:
    page: int
    page_size: int
    sort_field: str
    descending: bool

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@dataclass(frozen=True, slots=True)
class PageResult(Generic[ItemT]):
    items: Sequence[ItemT]
    total: int


class Page(BaseModel, Generic[ItemT]):
    model_config = ConfigDict(from_attributes=True)

    items: list[ItemT]
    total: int
    page: int
    page_size: int

    @classmethod
    def of(cls, result: PageResult[Any], request: PageRequest) -> Self:
        return cls.model_validate(
            {
                "items": list(result.items),
                "total": result.total,
                "page": request.page,
                "page_size": request.page_size,
            },
            from_attributes=True,
        )


def _digits_only(value: object) -> object:
    """Page numbers are written as plain digits: "1.0", "+5", " 5" and "1_0" are not integers
    to a client, although Python's int() would take them."""
    if isinstance(value, str) and not re.fullmatch(r"[0-9]+", value):
        raise ValueError("must be a whole number written with digits only")
    return value


def page_request(*, sortable: Collection[str], default: str) -> Callable[..., PageRequest]:
    """Build the dependency for one list: `page`, `page_size` and an allow-listed `sort`."""
    allowed = sorted(sortable)
    choices = [*allowed, *(f"-{field}" for field in allowed)]
    if default.removeprefix("-") not in sortable:
        raise ValueError(f"default sort {default!r} is not sortable")

    def dependency(
        page: Annotated[int, BeforeValidator(_digits_only), Query(ge=1, le=MAX_PAGE)] = 1,
        page_size: Annotated[
            int, BeforeValidator(_digits_only), Query(ge=1, le=MAX_PAGE_SIZE)
        ] = 20,
        sort: Annotated[
            str,
            Query(
                max_length=64,
                description="Field to sort by; prefix with `-` for descending.",
                json_schema_extra={"enum": choices},
            ),
        ] = default,
    ) -> PageRequest:
        field = sort.removeprefix("-")
        if field not in sortable:
            raise RequestValidationError(
                [
                    {
                        "loc": ("query", "sort"),
                        "msg": f"Unsupported sort; use one of: {', '.join(choices)}",
                        "type": "enum",
                    }
                ]
            )
        return PageRequest(
            page=page, page_size=page_size, sort_field=field, descending=sort.startswith("-")
        )

    return dependency
