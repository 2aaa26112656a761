"""Bodies of the experience endpoints."""

import uuid
from datetime import date

from utils.instants import CalendarDate
from utils.schemas import InputModel, LongText, PatchModel, ResourceOut, ShortText, Title


class ExperienceCreate(InputModel):
    title: Title
    company: Title
    location: ShortText | None = None
    start_date: CalendarDate
    end_date: CalendarDate | None = None
    description: LongText | None = None


class ExperienceUpdate(PatchModel):
    NOT_NULL = ("title", "company", "start_date")

    title: Title | None = None
    company: Title | None = None
    location: ShortText | None = None
    start_date: CalendarDate | None = None
    end_date: CalendarDate | None = None
    description: LongText | None = None


class ExperienceOut(ResourceOut):
    owner_id: uuid.UUID
    title: str
    company: str
    location: str | None
    start_date: date
    end_date: date | None
    description: str | None
