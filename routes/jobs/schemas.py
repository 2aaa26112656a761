"""Bodies of the job endpoints."""

import uuid
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field

from database.models import EmploymentType, JobStatus
from utils.input_schema import required_with
from utils.instants import UtcDateTime
from utils.schemas import (
    Currency,
    Description,
    Flag,
    InputModel,
    OutputModel,
    PatchModel,
    ResourceOut,
    ShortText,
    Tags,
    Title,
)


def _whole_number(value: object) -> object:
    # JSON Schema's `integer` counts `50000.0` as one, so the schema's clients may send it.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# Whole yearly amounts; strict, so `"50000"`, `50000.5` and `true` are refused, not coerced.
Salary = Annotated[
    int, Field(strict=True, ge=0, le=1_000_000_000_000), BeforeValidator(_whole_number)
]


class JobCreate(InputModel):
    # What the schema can say of `services.jobs.check_salary`; `salary_max >= salary_min`
    # compares two values, which JSON Schema cannot (fuzz/hooks.py applies it instead).
    model_config = ConfigDict(
        json_schema_extra={
            "allOf": [
                required_with("currency", given="salary_min"),
                required_with("currency", given="salary_max"),
            ]
        }
    )

    title: Title
    description: Description
    company_name: Title
    location: ShortText | None = None
    employment_type: EmploymentType
    remote: Flag = False
    salary_min: Salary | None = None
    salary_max: Salary | None = None
    currency: Currency | None = None
    tags: Tags = Field(default_factory=list)
    # A job is born a draft or already open; it is closed later, through PATCH.
    status: Annotated[Literal["draft", "open"], AfterValidator(JobStatus)] = Field(
        default="draft", validate_default=True
    )


class JobUpdate(PatchModel):
    NOT_NULL = (
        "title",
        "description",
        "company_name",
        "employment_type",
        "remote",
        "tags",
        "status",
    )

    title: Title | None = None
    description: Description | None = None
    company_name: Title | None = None
    location: ShortText | None = None
    employment_type: EmploymentType | None = None
    remote: Flag | None = None
    salary_min: Salary | None = None
    salary_max: Salary | None = None
    currency: Currency | None = None
    tags: Tags | None = None
    status: JobStatus | None = None


class JobOut(ResourceOut):
    owner_id: uuid.UUID
    title: str
    description: str
    company_name: str
    location: str | None
    employment_type: EmploymentType
    remote: bool
    salary_min: int | None
    salary_max: int | None
    currency: str | None
    tags: list[str]
    status: JobStatus
    published_at: UtcDateTime | None


class JobSummary(OutputModel):
    """What an application shows of its job."""

    id: uuid.UUID
    title: str
    company_name: str
    status: JobStatus
