"""Column types shared by every model."""

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, DateTime, Dialect, Enum
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always timezone-aware UTC on the Python side.

    SQLite has no time zones and hands back naive values; PostgreSQL stores `timestamptz`.
    Normalising here means no service ever compares a naive and an aware datetime.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    @property
    def python_type(self) -> type[datetime]:
        # What a cursor's sort key for this column must be (database/pagination.py).
        return datetime

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else as_utc(value)

    def result_processor(self, dialect: Dialect, coltype: object) -> Callable[[Any], Any] | None:
        if dialect.name != "sqlite":
            return super().result_processor(dialect, coltype)
        return _utc_from_sqlite_text


def as_utc(value: datetime) -> datetime:
    """`value` as an aware UTC datetime; a naive one is taken to be UTC already."""
    if value.tzinfo is UTC:  # what both drivers hand back: no conversion to pay for
        return value
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _utc_from_sqlite_text(value: str | None) -> datetime | None:
    # SQLite holds the naive UTC text SQLAlchemy wrote ("2024-05-01 12:00:00.000000"). Parsing
    # it with the offset appended is one C call, where parsing and then `replace(tzinfo=UTC)`
    # costs five times as much: a list of 20 jobs reads 80 timestamps. Text written with an
    # offset by some other client takes the general path.
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value + "+00:00")
    except ValueError:
        return as_utc(datetime.fromisoformat(value))


class Cents(TypeDecorator[Decimal]):
    """A money amount with two decimal places, stored as a whole number of cents.

    Exact on both databases: SQLite has no decimal type and would round-trip `NUMERIC` through
    a float, and whole numbers sort and compare the same everywhere.
    """

    impl = BigInteger
    cache_ok = True

    @property
    def python_type(self) -> type[Decimal]:
        return Decimal

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> int | None:
        if value is None:
            return None
        cents = value * 100
        if cents != cents.to_integral_value():
            raise ValueError("more than two decimal places given to a money column")
        return int(cents)

    def process_result_value(self, value: int | None, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(value).scaleb(-2)


def utcnow() -> datetime:
    return datetime.now(UTC)


def string_enum(enum_class: type[StrEnum]) -> Enum:
    """Store a StrEnum by value in a VARCHAR: portable, and new members need no type change."""
    return Enum(
        enum_class,
        native_enum=False,
        length=20,
        values_callable=lambda members: [member.value for member in members],
    )
