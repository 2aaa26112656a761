"""Bodies of the application endpoints."""

import uuid
from typing import Annotated

from pydantic import StringConstraints

from database.models import ApplicationStatus
from routes.jobs.schemas import JobSummary
from utils.schemas import HttpUrlStr, InputModel, PatchModel, ResourceOut

CoverLetter = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10_000)
]


class ApplicationCreate(InputModel):
    job_id: uuid.UUID
    cover_letter: CoverLetter
    resume_url: HttpUrlStr | None = None


class ApplicationUpdate(PatchModel):
    """The job owner sends a `status`; the applicant a `status` (withdrawn) or new letter."""

    NOT_NULL = ("cover_letter", "status")

    cover_letter: CoverLetter | None = None
    resume_url: HttpUrlStr | None = None
    status: ApplicationStatus | None = None


class ApplicationOut(ResourceOut):
    job_id: uuid.UUID
    applicant_id: uuid.UUID
    cover_letter: str
    resume_url: str | None
    status: ApplicationStatus
    job: JobSummary
