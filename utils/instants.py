"""Points in time in request and response bodies: always with an offset, kept in UTC; and
calendar days, always `YYYY-MM-DD`."""

import re
from datetime import UTC, date, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BeforeValidator, PlainSerializer

from database.types import as_utc

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date_text(value: object) -> object:
    # Pydantic alone also reads `0` or `"1700000000"` as a day (unix time): not a date to SPEC
    # nor to the schema's `format: date`.
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return value
    raise ValueError("must be a date as YYYY-MM-DD")


# A day (`start_date`): `YYYY-MM-DD` and nothing else.
CalendarDate = Annotated[date, BeforeValidator(_iso_date_text)]


# ISO 8601 with an explicit `+00:00` offset, the form most clients parse without help.
def _utc_text(value: datetime) -> str:
    # `as_utc` passes stored values (UTC already) through without a conversion.
    return as_utc(value).isoformat()


UtcDateTime = Annotated[datetime, PlainSerializer(_utc_text, return_type=str)]


def _in_utc(value: datetime) -> datetime:
    # Stored in UTC: 9999-12-31T23:59-14:00 is a valid input yet has no UTC date.
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("is out of the range of dates in UTC") from None


def in_the_future(value: datetime) -> datetime:
    if value <= datetime.now(UTC):
        raise ValueError("must be in the future")
    return value


# An instant with an explicit offset (a naive time is ambiguous), returned in UTC.
UtcInstant = Annotated[AwareDatetime, AfterValidator(_in_utc)]
# A deadline: an instant later than now.
FutureDateTime = Annotated[UtcInstant, AfterValidator(in_the_future)]
