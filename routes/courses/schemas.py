"""Bodies of the course endpoints."""

import uuid
from typing import Annotated

from pydantic import Field

from database.models import CourseLevel, CourseStatus
from utils.money import Money, MoneyOut
from utils.schemas import (
    Currency,
    Description,
    HttpUrlStr,
    InputModel,
    PatchModel,
    ResourceOut,
    ShortText,
    Tags,
    Title,
)

# Hours as a JSON number, fractions allowed (1.5); strict, so `"10"` and `true` are refused.
DurationHours = Annotated[float, Field(strict=True, gt=0, le=1000, allow_inf_nan=False)]


class CourseCreate(InputModel):
    title: Title
    description: Description
    provider: ShortText | None = None
    url: HttpUrlStr | None = None
    level: CourseLevel
    duration_hours: DurationHours
    price: Money
    currency: Currency
    tags: Tags = Field(default_factory=list)
    status: CourseStatus = CourseStatus.DRAFT


class CourseUpdate(PatchModel):
    NOT_NULL = (
        "title",
        "description",
        "level",
        "duration_hours",
        "price",
        "currency",
        "tags",
        "status",
    )

    title: Title | None = None
    description: Description | None = None
    provider: ShortText | None = None
    url: HttpUrlStr | None = None
    level: CourseLevel | None = None
    duration_hours: DurationHours | None = None
    price: Money | None = None
    currency: Currency | None = None
    tags: Tags | None = None
    status: CourseStatus | None = None


class CourseOut(ResourceOut):
    owner_id: uuid.UUID
    title: str
    description: str
    provider: str | None
    url: str | None
    level: CourseLevel
    duration_hours: float
    price: MoneyOut
    currency: str
    tags: list[str]
    status: CourseStatus
