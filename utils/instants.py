"""Points in time in request and response bodies: always with an offset, kept in UTC."""

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, PlainSerializer


# ISO 8601 with an explicit `+00:00` offset, the form most clients parse without help.
def _utc_text(value: datetime) -> str:
    # Stored values are UTC already (database.types.UTCDateTime): no conversion for them.
    return (value if value.tzinfo is UTC else value.astimezone(UTC)).isoformat()


UtcDateTime = Annotated[datetime, PlainSerializer(_utc_text, return_type=str)]


def _in_utc(value: datetime) -> datetime:
    # Stored in UTC: 9999-12-31T23:59-14:00 is a valid input yet has no UTC date.
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError("is out of the range of dates in UTC") from None


def _in_the_future(value: datetime) -> datetime:
    if value <= datetime.now(UTC):
        raise ValueError("must be in the future")
    return value


# An instant with an explicit offset (a naive time is ambiguous), returned in UTC.
UtcInstant = Annotated[AwareDatetime, AfterValidator(_in_utc)]
# A deadline: an instant later than now.
FutureDateTime = Annotated[UtcInstant, AfterValidator(_in_the_future)]
