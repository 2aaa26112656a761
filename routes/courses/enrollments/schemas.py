"""What the enrollment endpoints answer."""

import uuid

from pydantic import AliasPath, Field

from utils.instants import UtcDateTime
from utils.schemas import OutputModel, ResourceOut


class EnrollmentOut(ResourceOut):
    """The caller's own enrollment, as stored."""

    course_id: uuid.UUID
    user_id: uuid.UUID = Field(validation_alias="student_id")
    enrolled_at: UtcDateTime


class EnrolledStudentOut(OutputModel):
    """One row of a course's enrollments, read from an `Enrollment` loaded with its student."""

    user_id: uuid.UUID = Field(validation_alias="student_id")
    # The plugin cannot type a path alias in __init__; this model is only ever read from rows.
    full_name: str = Field(validation_alias=AliasPath("student", "full_name"))  # type: ignore[pydantic-alias]
    enrolled_at: UtcDateTime
