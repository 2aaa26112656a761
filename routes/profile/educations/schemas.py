"""Bodies of the education endpoints."""

import uuid
from datetime import date

from utils.instants import CalendarDate
from utils.schemas import InputModel, LongText, PatchModel, ResourceOut, ShortText, Title


class EducationCreate(InputModel):
    school: Title
    degree: ShortText | None = None
    field_of_study: ShortText | None = None
    start_date: CalendarDate
    end_date: CalendarDate | None = None
    description: LongText | None = None


class EducationUpdate(PatchModel):
    NOT_NULL = ("school", "start_date")

    school: Title | None = None
    degree: ShortText | None = None
    field_of_study: ShortText | None = None
    start_date: CalendarDate | None = None
    end_date: CalendarDate | None = None
    description: LongText | None = None


class EducationOut(ResourceOut):
    owner_id: uuid.UUID
    school: str
    degree: str | None
    field_of_study: str | None
    start_date: date
    end_date: date | None
    description: str | None
